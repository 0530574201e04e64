// Package apperr holds the few error kinds the UI and the CLI distinguish. Domain packages wrap
// them with context (fmt.Errorf("incident: update %q: %w", id, apperr.ErrNotFound)); the Wails
// boundary and the CLI map them once to a stable code.
package apperr

import (
	"errors"
	"strings"
)

var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid input")
	ErrConflict = errors.New("conflict")
	ErrAuth     = errors.New("not authorised")
	ErrUpstream = errors.New("upstream error")
	// ErrKey: the database key is missing or wrong. The file was not touched.
	ErrKey = errors.New("database key error")
	// ErrStorage: the data directory or database file cannot be used (not writable, locked, not a database).
	ErrStorage = errors.New("storage error")
	// ErrExists: the target already exists and was left alone (an export file); the UI asks
	// before calling again with overwrite.
	ErrExists = errors.New("already exists")
	// ErrGone: a remote object this record points to was deleted there (a Confluence page);
	// the UI asks before recreating it.
	ErrGone = errors.New("gone")
)

// Code returns the stable code the UI and CLI use for err: not_found, invalid, conflict, auth,
// upstream, key, storage, exists, gone, or internal.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotFound):
		return "not_found"
	case errors.Is(err, ErrInvalid):
		return "invalid"
	case errors.Is(err, ErrConflict):
		return "conflict"
	case errors.Is(err, ErrAuth):
		return "auth"
	case errors.Is(err, ErrUpstream):
		return "upstream"
	case errors.Is(err, ErrKey):
		return "key"
	case errors.Is(err, ErrStorage):
		return "storage"
	case errors.Is(err, ErrExists):
		return "exists"
	case errors.Is(err, ErrGone):
		return "gone"
	default:
		return "internal"
	}
}

// Error is the shape every error takes when it crosses into the frontend or the CLI's --json output.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

var kinds = []error{ErrNotFound, ErrInvalid, ErrConflict, ErrAuth, ErrUpstream, ErrKey, ErrStorage, ErrExists, ErrGone}

// Message is err's text for a person: the wrapped sentinel's own words (": invalid input") are
// dropped from the end, since the code already says that and the context before it says more.
func Message(err error) string {
	msg := err.Error()
	for _, k := range kinds {
		if errors.Is(err, k) {
			if trimmed := strings.TrimSuffix(msg, ": "+k.Error()); trimmed != "" {
				return trimmed
			}
		}
	}
	return msg
}

// From converts err into the boundary shape.
func From(err error) Error {
	return Error{Code: Code(err), Message: Message(err)}
}
