// Package app holds the Wails-bound services: one per area, each method typed input → one
// domain call → typed output. No business logic lives here. The same values are dispatched by
// the end-to-end test bridge (internal/webbridge), so what the browser tests drive is exactly
// what the desktop window drives.
package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/settings"
)

// IncidentService exposes incidents to the frontend.
type IncidentService struct {
	ctx context.Context
	inc *incident.Service
}

// NewIncidentService binds inc.
func NewIncidentService(ctx context.Context, inc *incident.Service) *IncidentService {
	return &IncidentService{ctx: ctx, inc: inc}
}

// Create creates an incident from the GUI.
func (s *IncidentService) Create(in incident.CreateInput) (incident.Issue, error) {
	in.Source = "gui"
	return s.inc.Create(s.ctx, in)
}

// Get returns an incident with its children.
func (s *IncidentService) Get(id string) (incident.Detail, error) { return s.inc.Get(s.ctx, id) }

// Update applies a partial update.
func (s *IncidentService) Update(id string, in incident.UpdateInput) (incident.Issue, error) {
	return s.inc.Update(s.ctx, id, in)
}

// SetStatus moves an incident to status (reopen is SetStatus(id, "open")).
func (s *IncidentService) SetStatus(id, status string) (incident.Issue, error) {
	return s.inc.SetStatus(s.ctx, id, status)
}

// Delete deletes an incident and everything that belongs to it.
func (s *IncidentService) Delete(id string) error { return s.inc.Delete(s.ctx, id) }

// List filters, sorts and paginates incidents.
func (s *IncidentService) List(f incident.ListFilter) (incident.ListResult, error) {
	return s.inc.List(s.ctx, f)
}

// Search runs a full-text search.
func (s *IncidentService) Search(query string, limit int) (incident.SearchResult, error) {
	return s.inc.Search(s.ctx, query, limit)
}

// Dashboard returns the dashboard figures.
func (s *IncidentService) Dashboard() (incident.Dashboard, error) { return s.inc.Dashboard(s.ctx) }

// SettingsService exposes the user's preferences.
type SettingsService struct {
	ctx context.Context
	set *settings.Service
}

// NewSettingsService binds set.
func NewSettingsService(ctx context.Context, set *settings.Service) *SettingsService {
	return &SettingsService{ctx: ctx, set: set}
}

// Get returns the settings.
func (s *SettingsService) Get() (settings.Settings, error) { return s.set.Get(s.ctx) }

// Update stores the settings.
func (s *SettingsService) Update(in settings.Settings) (settings.Settings, error) {
	return s.set.Update(s.ctx, in)
}

// Meta is static information the UI needs to build its controls.
type Meta struct {
	Version    string    `json:"version"`
	Severities []string  `json:"severities"`
	Statuses   []string  `json:"statuses"`
	Domains    []string  `json:"domains"`
	PIITypes   []PIIType `json:"piiTypes"` // every finding type, highest priority first
}

// SecurityInfo is what Settings → Security shows. It never contains key material.
type SecurityInfo struct {
	KeySource     string       `json:"keySource"`   // env | keyring | keyfile
	KeyfilePath   string       `json:"keyfilePath"` // set only when KeySource is keyfile
	DataDir       string       `json:"dataDir"`
	DBPath        string       `json:"dbPath"`
	SchemaVersion uint         `json:"schemaVersion"`
	SchemaDirty   bool         `json:"schemaDirty"`
	Encrypted     bool         `json:"encrypted"`
	Audit         audit.Report `json:"audit"`
}

// SystemInfo is the part of the running system the SystemService reports on; boot provides it.
type SystemInfo interface {
	Security(ctx context.Context) (SecurityInfo, error)
}

// SystemService exposes build and security information, and whether the store opened.
type SystemService struct {
	ctx       context.Context
	version   string
	info      SystemInfo
	startErr  error
	log       *slog.Logger
	connected sync.Once
}

// NewSystemService binds info. When the store could not be opened (wrong key, unusable data
// dir), info is nil and startErr says why: the window still opens and shows that message
// instead of an app that fails on every click.
// log (nil: discard) records the frontend's first call, which the desktop smoke test looks for.
func NewSystemService(ctx context.Context, version string, info SystemInfo, startErr error, log *slog.Logger) *SystemService {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &SystemService{ctx: ctx, version: version, info: info, startErr: startErr, log: log}
}

// Startup tells the UI whether the store is open; when it is not, Error says why and what to do.
type Startup struct {
	Ready bool          `json:"ready"`
	Error *apperr.Error `json:"error"`
}

// Status reports the outcome of opening the store.
func (s *SystemService) Status() (Startup, error) {
	s.connected.Do(func() { s.log.Info("frontend connected", "ready", s.startErr == nil) })
	if s.startErr != nil {
		e := apperr.From(s.startErr)
		return Startup{Error: &e}, nil
	}
	return Startup{Ready: true}, nil
}

// Meta returns the version and the allowed values of enumerations.
func (s *SystemService) Meta() (Meta, error) {
	return Meta{Version: s.version, Severities: incident.Severities, Statuses: incident.Statuses, Domains: incident.Domains, PIITypes: PIITypes()}, nil
}

// Security returns the key source, paths, schema version and audit chain status.
func (s *SystemService) Security() (SecurityInfo, error) {
	if s.info == nil {
		return SecurityInfo{}, s.startErr
	}
	return s.info.Security(s.ctx)
}

// FormatError is the Wails ErrorFormatter: every rejection reaching the frontend is {code, message}.
func FormatError(err error) any {
	if err == nil {
		err = errors.New("unknown error")
	}
	return apperr.From(err)
}
