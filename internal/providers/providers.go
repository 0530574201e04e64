// Package providers stores the user's AI provider configurations: one row per provider in
// ai_providers, the API key sealed under the credentials subkey and never returned (the UI sees
// "set" and the last 4 characters), a default provider and a per-incident choice. It builds a
// ready ai.Provider for a send, with an auditor that records every outbound request against the
// incident. Every change is audited without the key.
package providers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/keys"
	"tftsr/internal/store"
)

// CredentialsInfo is the HKDF info of the subkey that seals provider and integration secrets.
const CredentialsInfo = "tftsr credentials v1"

// Audit actions.
const (
	ActionCreate     = "ai.provider.create"
	ActionUpdate     = "ai.provider.update"
	ActionDelete     = "ai.provider.delete"
	ActionSetDefault = "ai.provider.default"
	ActionChoose     = "ai.provider.choose" // per-incident choice
	ActionSend       = "ai.send"
	entity           = "ai_provider"
)

// Limits.
const (
	MaxNameLen     = 100
	MaxModelLen    = 200
	MaxKeyLen      = 4096
	MaxTokensLimit = 1_000_000
)

// Provider is a stored configuration as the UI sees it: never the key.
type Provider struct {
	ID            string           `json:"id"`
	Name          string           `json:"name"`
	Kind          ai.Kind          `json:"kind"`
	BaseURL       string           `json:"baseUrl"`
	Model         string           `json:"model"`
	KeySet        bool             `json:"keySet"`
	KeyHint       string           `json:"keyHint"` // last 4 characters, "" when not set
	Temperature   *float64         `json:"temperature"`
	MaxTokens     int              `json:"maxTokens"`
	ContextWindow int              `json:"contextWindow"` // tokens; 0 = DefaultContextWindow
	APIVersion    string           `json:"apiVersion"`
	Custom        *ai.CustomFormat `json:"custom"`
	IsDefault     bool             `json:"isDefault"`
	CreatedAt     string           `json:"createdAt"`
	UpdatedAt     string           `json:"updatedAt"`
}

// Input creates or updates a provider. APIKey nil keeps the stored key on update; "" clears it.
type Input struct {
	Name          string           `json:"name"`
	Kind          ai.Kind          `json:"kind"`
	BaseURL       string           `json:"baseUrl"`
	Model         string           `json:"model"`
	APIKey        *string          `json:"apiKey"`
	Temperature   *float64         `json:"temperature"`
	MaxTokens     int              `json:"maxTokens"`
	ContextWindow int              `json:"contextWindow"`
	APIVersion    string           `json:"apiVersion"`
	Custom        *ai.CustomFormat `json:"custom"`
}

// DefaultContextWindow is assumed when the user gives none (tokens).
const DefaultContextWindow = 8192

// Factory builds an ai.Provider from a configuration (the provider packages' New functions).
type Factory func(cfg ai.Config, deps ai.Deps) (ai.Provider, error)

// Service manages provider configurations.
type Service struct {
	db      *store.DB
	audit   *audit.Log
	now     func() time.Time
	sealKey []byte
	build   Factory
	deps    ai.Deps // HTTPClient, Sleep, Now for built providers; Auditor is set per send
}

// NewService builds the service. master is the database key material the credentials subkey is
// derived from; build makes providers; deps are passed to every built provider (tests give a
// client for fake servers).
func NewService(db *store.DB, log *audit.Log, master []byte, build Factory, deps ai.Deps, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	k, err := keys.Derive(master, CredentialsInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("providers: %w", err)
	}
	return &Service{db: db, audit: log, now: now, sealKey: k, build: build, deps: deps}, nil
}

func validKind(k ai.Kind) bool {
	for _, x := range ai.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// normalize validates in and returns it cleaned.
func normalize(in Input) (Input, error) {
	bad := func(format string, a ...any) (Input, error) {
		return Input{}, fmt.Errorf("providers: "+format+": %w", append(a, apperr.ErrInvalid)...)
	}
	in.Name = strings.TrimSpace(in.Name)
	in.BaseURL = strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	in.Model = strings.TrimSpace(in.Model)
	in.APIVersion = strings.TrimSpace(in.APIVersion)
	switch {
	case in.Name == "":
		return bad("a name is required")
	case utf8.RuneCountInString(in.Name) > MaxNameLen:
		return bad("the name is longer than %d characters", MaxNameLen)
	case !validKind(in.Kind):
		return bad("unknown provider kind %q", in.Kind)
	case utf8.RuneCountInString(in.Model) > MaxModelLen:
		return bad("the model is longer than %d characters", MaxModelLen)
	case in.Temperature != nil && (*in.Temperature < 0 || *in.Temperature > 2):
		return bad("temperature must be between 0 and 2, got %g", *in.Temperature)
	case in.MaxTokens < 0 || in.MaxTokens > MaxTokensLimit:
		return bad("max tokens must be between 0 (provider default) and %d", MaxTokensLimit)
	case in.ContextWindow < 0 || in.ContextWindow > 10*MaxTokensLimit:
		return bad("the context window must be between 0 (default %d) and %d tokens", DefaultContextWindow, 10*MaxTokensLimit)
	case in.APIKey != nil && len(*in.APIKey) > MaxKeyLen:
		return bad("the API key is longer than %d bytes", MaxKeyLen)
	case in.APIKey != nil && strings.ContainsAny(*in.APIKey, "\r\n"):
		return bad("the API key must be one line")
	}
	if in.APIKey != nil {
		k := strings.TrimSpace(*in.APIKey)
		in.APIKey = &k
	}
	if in.BaseURL != "" {
		u, err := url.Parse(in.BaseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return bad("the base URL must be an http:// or https:// URL, got %q", in.BaseURL)
		case u.User != nil:
			return bad("the base URL must not contain a user name or password: put the key in the API key field")
		case u.RawQuery != "" || u.Fragment != "":
			return bad("the base URL must not have a query or fragment")
		}
	}
	switch in.Kind {
	case ai.KindAzureOpenAI:
		if in.BaseURL == "" {
			return bad("Azure OpenAI needs the resource endpoint as base URL (https://NAME.openai.azure.com)")
		}
		if in.APIVersion == "" {
			return bad("Azure OpenAI needs an API version (for example 2024-10-21)")
		}
		if in.Model == "" {
			return bad("Azure OpenAI needs the deployment name as model")
		}
	case ai.KindCustom:
		if in.BaseURL == "" {
			return bad("a custom provider needs a base URL")
		}
		if in.Custom == nil {
			return bad("a custom provider needs its request and response format")
		}
	}
	if in.Kind != ai.KindCustom {
		in.Custom = nil
	}
	if in.Kind != ai.KindAzureOpenAI {
		in.APIVersion = ""
	}
	return in, nil
}

func hint(key string) string {
	if key == "" {
		return ""
	}
	r := []rune(key)
	if len(r) <= 8 {
		return "" // too short to show any part of it safely
	}
	return string(r[len(r)-4:])
}

const columns = `id, name, kind, base_url, model, api_key_sealed IS NOT NULL, api_key_hint, temperature,
	max_tokens, context_window, api_version, custom_format, is_default, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanProvider(s scanner) (Provider, error) {
	var (
		p      Provider
		temp   sql.NullFloat64
		custom string
		def    int
	)
	if err := s.Scan(&p.ID, &p.Name, &p.Kind, &p.BaseURL, &p.Model, &p.KeySet, &p.KeyHint, &temp,
		&p.MaxTokens, &p.ContextWindow, &p.APIVersion, &custom, &def, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return Provider{}, err
	}
	if temp.Valid {
		t := temp.Float64
		p.Temperature = &t
	}
	if custom != "" {
		var c ai.CustomFormat
		if err := json.Unmarshal([]byte(custom), &c); err != nil {
			return Provider{}, fmt.Errorf("providers: %s: stored custom format: %w", p.ID, err)
		}
		p.Custom = &c
	}
	p.IsDefault = def == 1
	return p, nil
}

// List returns every provider, the default first, then by name.
func (s *Service) List(ctx context.Context) ([]Provider, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+columns+` FROM ai_providers ORDER BY is_default DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("providers: list: %w", err)
	}
	defer rows.Close()
	out := []Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, fmt.Errorf("providers: list: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("providers: list: %w", err)
	}
	return out, nil
}

// Get returns one provider.
func (s *Service) Get(ctx context.Context, id string) (Provider, error) {
	p, err := scanProvider(s.db.Read().QueryRowContext(ctx, `SELECT `+columns+` FROM ai_providers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Provider{}, fmt.Errorf("providers: provider %q: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return Provider{}, fmt.Errorf("providers: get %q: %w", id, err)
	}
	return p, nil
}

func nullTemp(t *float64) any {
	if t == nil {
		return nil
	}
	return *t
}

func encodeCustom(c *ai.CustomFormat) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c) // a struct of strings always marshals
	return string(b)
}

func uniqueName(err error, name string) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: ai_providers.name") {
		return fmt.Errorf("providers: a provider named %q already exists: %w", name, apperr.ErrConflict)
	}
	return err
}

// check builds the provider once (no request is sent) so a configuration its package refuses
// (a custom format with a bad field path, an Azure endpoint without a version…) is refused
// when it is saved, not at the first send.
func (s *Service) check(in Input) error {
	cfg := ai.Config{Kind: in.Kind, BaseURL: in.BaseURL, Model: in.Model, Temperature: in.Temperature,
		MaxTokens: in.MaxTokens, APIVersion: in.APIVersion, Custom: in.Custom}
	deps := s.deps
	deps.Auditor = refuseAll{}
	if _, err := s.build(cfg, deps); err != nil {
		if errors.Is(err, apperr.ErrInvalid) {
			return fmt.Errorf("providers: %w", err)
		}
		return fmt.Errorf("providers: %v: %w", err, apperr.ErrInvalid)
	}
	return nil
}

// refuseAll is the auditor of a provider built only to validate its configuration.
type refuseAll struct{}

func (refuseAll) RecordSend(context.Context, ai.Send) error {
	return errors.New("providers: a provider built to check its settings sends nothing")
}

// Create stores a new provider. The first provider becomes the default.
func (s *Service) Create(ctx context.Context, in Input) (Provider, error) {
	in, err := normalize(in)
	if err != nil {
		return Provider{}, err
	}
	if err := s.check(in); err != nil {
		return Provider{}, err
	}
	id := uuid.NewString()
	now := store.FormatTime(s.now())
	var sealed any
	keyHint := ""
	if in.APIKey != nil && *in.APIKey != "" {
		v, err := keys.Seal(s.sealKey, []byte(*in.APIKey))
		if err != nil {
			return Provider{}, fmt.Errorf("providers: seal key: %w", err)
		}
		sealed, keyHint = v, hint(*in.APIKey)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ai_providers`).Scan(&n); err != nil {
			return err
		}
		def := 0
		if n == 0 {
			def = 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ai_providers (id, name, kind, base_url, model, api_key_sealed,
			api_key_hint, temperature, max_tokens, context_window, api_version, custom_format, is_default, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, in.Name, in.Kind, in.BaseURL, in.Model, sealed, keyHint, nullTemp(in.Temperature), in.MaxTokens,
			in.ContextWindow, in.APIVersion, encodeCustom(in.Custom), def, now, now); err != nil {
			return uniqueName(err, in.Name)
		}
		_, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionCreate, EntityType: entity, EntityID: id,
			Details: map[string]any{"name": in.Name, "kind": in.Kind, "model": in.Model, "keySet": sealed != nil, "default": def == 1}})
		return err
	})
	if err != nil {
		return Provider{}, fmt.Errorf("providers: create: %w", err)
	}
	return s.Get(ctx, id)
}

// Update replaces a provider's settings (the key only if in.APIKey is not nil).
func (s *Service) Update(ctx context.Context, id string, in Input) (Provider, error) {
	in, err := normalize(in)
	if err != nil {
		return Provider{}, err
	}
	if err := s.check(in); err != nil {
		return Provider{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if in.APIKey == nil {
			// A stored key goes only to the address it was saved for: a changed or mistyped base
			// URL must not receive it (the next test or send would).
			var oldBase string
			var sealed sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT base_url, api_key_sealed FROM ai_providers WHERE id = ?`, id).Scan(&oldBase, &sealed)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("provider %q: %w", id, apperr.ErrNotFound)
			} else if err != nil {
				return err
			}
			if sealed.Valid && sealed.String != "" && origin(oldBase) != origin(in.BaseURL) {
				return fmt.Errorf("the base URL changed (%s → %s): enter the API key again for the new address: %w",
					orDefault(origin(oldBase)), orDefault(origin(in.BaseURL)), apperr.ErrInvalid)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE ai_providers SET name=?, kind=?, base_url=?, model=?, temperature=?,
			max_tokens=?, context_window=?, api_version=?, custom_format=?, updated_at=? WHERE id=?`,
			in.Name, in.Kind, in.BaseURL, in.Model, nullTemp(in.Temperature), in.MaxTokens, in.ContextWindow,
			in.APIVersion, encodeCustom(in.Custom), store.FormatTime(s.now()), id)
		if err != nil {
			return uniqueName(err, in.Name)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("provider %q: %w", id, apperr.ErrNotFound)
		}
		keyChange := "kept"
		if in.APIKey != nil {
			var sealed any
			keyHint := ""
			keyChange = "cleared"
			if *in.APIKey != "" {
				v, err := keys.Seal(s.sealKey, []byte(*in.APIKey))
				if err != nil {
					return fmt.Errorf("seal key: %w", err)
				}
				sealed, keyHint, keyChange = v, hint(*in.APIKey), "replaced"
			}
			if _, err := tx.ExecContext(ctx, `UPDATE ai_providers SET api_key_sealed=?, api_key_hint=? WHERE id=?`, sealed, keyHint, id); err != nil {
				return err
			}
		}
		_, err = s.audit.Append(ctx, tx, audit.Event{Action: ActionUpdate, EntityType: entity, EntityID: id,
			Details: map[string]any{"name": in.Name, "kind": in.Kind, "model": in.Model, "key": keyChange}})
		return err
	})
	if err != nil {
		return Provider{}, fmt.Errorf("providers: update: %w", err)
	}
	return s.Get(ctx, id)
}

// Delete removes a provider (and the incidents' choice of it). If it was the default, the
// oldest remaining provider becomes the default.
func (s *Service) Delete(ctx context.Context, id string) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var def int
		err := tx.QueryRowContext(ctx, `SELECT is_default FROM ai_providers WHERE id = ?`, id).Scan(&def)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("provider %q: %w", id, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ai_providers WHERE id = ?`, id); err != nil {
			return err
		}
		if def == 1 {
			if _, err := tx.ExecContext(ctx, `UPDATE ai_providers SET is_default = 1 WHERE id =
				(SELECT id FROM ai_providers ORDER BY created_at, name LIMIT 1)`); err != nil {
				return err
			}
		}
		_, err = s.audit.Append(ctx, tx, audit.Event{Action: ActionDelete, EntityType: entity, EntityID: id})
		return err
	})
	if err != nil {
		return fmt.Errorf("providers: delete: %w", err)
	}
	return nil
}

// SetDefault makes id the default provider.
func (s *Service) SetDefault(ctx context.Context, id string) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM ai_providers WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("provider %q: %w", id, apperr.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ai_providers SET is_default = 0 WHERE is_default = 1`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ai_providers SET is_default = 1 WHERE id = ?`, id); err != nil {
			return err
		}
		_, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionSetDefault, EntityType: entity, EntityID: id})
		return err
	})
	if err != nil {
		return fmt.Errorf("providers: set default: %w", err)
	}
	return nil
}

// Choice is the provider an incident uses.
type Choice struct {
	ProviderID string `json:"providerId"` // "" = no provider configured: work by hand
	Explicit   bool   `json:"explicit"`   // chosen for this incident (else the default)
}

// ChooseForIncident sets the incident's provider ("" = back to the default).
func (s *Service) ChooseForIncident(ctx context.Context, issueID, providerID string) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := store.IssueExists(ctx, tx, issueID); err != nil {
			return err
		}
		var one int
		if providerID == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM issue_ai_provider WHERE issue_id = ?`, issueID); err != nil {
				return err
			}
		} else {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM ai_providers WHERE id = ?`, providerID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("provider %q: %w", providerID, apperr.ErrNotFound)
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO issue_ai_provider (issue_id, provider_id, updated_at) VALUES (?,?,?)
				ON CONFLICT(issue_id) DO UPDATE SET provider_id = excluded.provider_id, updated_at = excluded.updated_at`,
				issueID, providerID, store.FormatTime(s.now())); err != nil {
				return err
			}
		}
		_, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionChoose, EntityType: "issue", EntityID: issueID,
			Details: map[string]any{"provider": providerID}})
		return err
	})
	if err != nil {
		return fmt.Errorf("providers: choose for incident: %w", err)
	}
	return nil
}

// ForIncident returns the incident's provider: its own choice, else the default, else none.
func (s *Service) ForIncident(ctx context.Context, issueID string) (Choice, error) {
	var c Choice
	err := s.db.Read().QueryRowContext(ctx, `SELECT provider_id FROM issue_ai_provider WHERE issue_id = ?`, issueID).Scan(&c.ProviderID)
	switch {
	case err == nil:
		c.Explicit = true
		return c, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Choice{}, fmt.Errorf("providers: incident %q: %w", issueID, err)
	}
	err = s.db.Read().QueryRowContext(ctx, `SELECT id FROM ai_providers WHERE is_default = 1`).Scan(&c.ProviderID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Choice{}, fmt.Errorf("providers: default: %w", err)
	}
	return c, nil
}

// config returns the provider's ai.Config with its key unsealed. Backend only.
func (s *Service) config(ctx context.Context, id string) (ai.Config, Provider, error) {
	p, err := s.Get(ctx, id)
	if err != nil {
		return ai.Config{}, Provider{}, err
	}
	var sealed sql.NullString
	if err := s.db.Read().QueryRowContext(ctx, `SELECT api_key_sealed FROM ai_providers WHERE id = ?`, id).Scan(&sealed); err != nil {
		return ai.Config{}, Provider{}, fmt.Errorf("providers: key of %q: %w", id, err)
	}
	cfg := ai.Config{Kind: p.Kind, BaseURL: p.BaseURL, Model: p.Model, Temperature: p.Temperature,
		MaxTokens: p.MaxTokens, APIVersion: p.APIVersion, Custom: p.Custom}
	if sealed.Valid {
		key, err := keys.OpenSealed(s.sealKey, sealed.String)
		if err != nil {
			return ai.Config{}, Provider{}, fmt.Errorf("providers: unseal the key of %q: %w", p.Name, err)
		}
		cfg.APIKey = string(key)
	}
	return cfg, p, nil
}

// Open builds provider id for sends on behalf of incident issueID ("" for connection tests and
// model lists): every outbound request is audited as ai.send against the incident.
func (s *Service) Open(ctx context.Context, id, issueID string) (ai.Provider, Provider, error) {
	cfg, p, err := s.config(ctx, id)
	if err != nil {
		return nil, Provider{}, err
	}
	deps := s.deps
	deps.Auditor = sendAuditor{s: s, issueID: issueID, providerID: id}
	prov, err := s.build(cfg, deps)
	if err != nil {
		return nil, Provider{}, fmt.Errorf("providers: %s: %w", p.Name, err)
	}
	return scrubbed{Provider: prov, key: cfg.APIKey}, p, nil
}

// sendAuditor writes one ai.send audit entry per outbound request.
type sendAuditor struct {
	s          *Service
	issueID    string
	providerID string
}

func (a sendAuditor) RecordSend(ctx context.Context, snd ai.Send) error {
	entityType, entityID := "issue", a.issueID
	if entityID == "" {
		entityType, entityID = entity, a.providerID
	}
	// The record is written even if the send is being cancelled: it happens before the request.
	wctx := context.WithoutCancel(ctx)
	return a.s.db.Tx(wctx, func(tx *sql.Tx) error {
		_, err := a.s.audit.Append(wctx, tx, audit.Event{Action: ActionSend, EntityType: entityType, EntityID: entityID,
			Details: map[string]any{
				"provider": a.providerID, "kind": snd.Provider, "model": snd.Model, "host": snd.Host, "path": snd.Path,
				"bytes": snd.Bytes, "sha256": snd.SHA256, "attempt": snd.Attempt, "kept": snd.Kept, "redacted": snd.Redacted,
			}})
		return err
	})
}

// origin is scheme://host[:port] of a base URL ("" for the vendor's default address).
func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

func orDefault(o string) string {
	if o == "" {
		return "the provider's default address"
	}
	return o
}
