// Package boot is the composition root shared by the desktop GUI, the CLI and the end-to-end
// test bridge: it resolves paths and the master key, opens the encrypted store and builds the
// domain services. Nothing here is global; each caller owns the System it opened.
package boot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"tftsr/internal/actions"
	"tftsr/internal/docs"
	"tftsr/internal/docs/draft"
	"tftsr/internal/docs/publish"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"time"

	"tftsr/internal/ai"
	"tftsr/internal/app"
	"tftsr/internal/audit"
	"tftsr/internal/chat"
	"tftsr/internal/config"
	"tftsr/internal/egress"
	"tftsr/internal/incident"
	"tftsr/internal/keys"
	"tftsr/internal/logs"
	"tftsr/internal/pii"
	"tftsr/internal/providers"
	"tftsr/internal/redaction"
	"tftsr/internal/settings"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

// Options are what a caller may override; zero values mean "the real thing".
type Options struct {
	Env     config.Env       // zero → config.OSEnv()
	Keyring keys.Keyring     // nil → the OS keyring
	Now     func() time.Time // nil → time.Now
}

// System is an opened TFTSR: the store and the services over it.
type System struct {
	Config    config.Config
	Key       keys.Resolved
	DB        *store.DB
	Audit     *audit.Log
	Incidents *incident.Service
	Settings  *settings.Service
	Logs      *logs.Service
	Redaction *redaction.Service
	Gate      *egress.Gate
	Providers *providers.Service
	Chat      *chat.Store
	Triage    *triage.Service
	Timeline  *timeline.Service
	Actions   *actions.Service
	Docs      *docs.Service
	// Integrations holds the Confluence (later ServiceNow, Azure DevOps) settings and clients.
	Integrations *integrations.Service
	// Publisher exports documents to files and publishes them to Confluence.
	Publisher *publish.Publisher

	runner *chat.Runner // built with the bindings (it needs the window's event emitter)
}

// Open resolves the configuration and key, opens (creating if new) and migrates the database.
func Open(ctx context.Context, o Options) (*System, error) {
	env := o.Env
	if env.Getenv == nil {
		env = config.OSEnv()
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	cfg, err := config.Load(env)
	if err != nil {
		return nil, err
	}
	exists, err := fileExists(cfg.DBPath)
	if err != nil {
		return nil, err
	}
	kr := o.Keyring
	if kr == nil {
		kr = keys.OSKeyring{}
	}
	resolved, err := keys.Resolver{Getenv: env.Getenv, Keyring: kr, ConfigDir: cfg.ConfigDir, DBPath: cfg.DBPath}.Resolve(exists)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, store.Options{Path: cfg.DBPath, Key: resolved.Key})
	if err != nil {
		return nil, err
	}
	log := audit.New(now)
	sys := &System{
		Config:    cfg,
		Key:       resolved,
		DB:        db,
		Audit:     log,
		Incidents: incident.NewService(db, log, now),
		Settings:  settings.NewService(db, log, now),
		Logs:      logs.NewService(db, log, now),
		Triage:    triage.NewService(db, log, now),
		Timeline:  timeline.NewService(db, log, now),
		Actions:   actions.NewService(db, log, now),
	}
	sys.Redaction, err = redaction.NewService(db, log, sys.Logs, sys.Settings, resolved.Key.Material(), now)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	sys.Docs = docs.NewService(db, log, docs.Sources{Incidents: sys.Incidents, Timeline: sys.Timeline, Triage: sys.Triage, Actions: sys.Actions, Redaction: sys.Redaction}, now)
	if sys.Gate, err = egress.NewGate(sys.Redaction, resolved.Key.Material()); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if sys.Providers, err = providers.NewService(db, log, resolved.Key.Material(), BuildProvider, ai.Deps{}, now); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	// Every request to Confluence is audited before it is sent (connection tests included;
	// publishing audits its own against the document).
	cdeps := confluence.Deps{Audit: func(ctx context.Context, r confluence.SendRecord) error {
		return db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := log.Append(ctx, tx, audit.Event{Action: publish.ActionSend, EntityType: "integration", EntityID: "confluence",
				Details: map[string]any{"op": r.Op, "method": r.Method, "host": r.Host, "path": r.Path, "attempt": r.Attempt, "bytes": r.Bytes, "sha256": r.SHA256}})
			return err
		})
	}}
	if sys.Integrations, err = integrations.NewService(db, log, resolved.Key.Material(), cdeps, now); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	sys.Publisher = &publish.Publisher{DB: db, Audit: log, Docs: sys.Docs, Integ: sys.Integrations, Now: now,
		Detector: func(ctx context.Context) (*pii.Detector, error) {
			d, _, err := sys.Redaction.Detector(ctx)
			return d, err
		}}
	sys.Chat = chat.NewStore(db, now)
	// Answers that were streaming when the app last stopped keep their text and say so.
	if _, err := sys.Chat.RecoverInterrupted(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return sys, nil
}

func fileExists(path string) (bool, error) {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("boot: database %s: %w", path, err)
	}
}

// Close stops streaming answers (their text so far is stored) and closes the store.
func (s *System) Close() error {
	if s.runner != nil {
		s.runner.StopAll()
	}
	return s.DB.Close()
}

// Security reports the key source, paths, schema version and the audit chain's state. It never
// includes key material.
func (s *System) Security(ctx context.Context) (app.SecurityInfo, error) {
	v, dirty, err := s.DB.SchemaVersion(ctx)
	if err != nil {
		return app.SecurityInfo{}, err
	}
	enc, err := store.IsEncrypted(s.Config.DBPath)
	if err != nil {
		return app.SecurityInfo{}, err
	}
	rep, err := audit.Verify(ctx, s.DB.Read())
	if err != nil {
		return app.SecurityInfo{}, err
	}
	return app.SecurityInfo{
		KeySource:     string(s.Key.Key.Source()),
		KeyfilePath:   s.Key.KeyfilePath,
		DataDir:       s.Config.DataDir,
		DBPath:        s.Config.DBPath,
		SchemaVersion: v,
		SchemaDirty:   dirty,
		Encrypted:     enc,
		Audit:         rep,
	}, nil
}

// Bindings returns the services the frontend may call, in the form Wails binds them. The web
// test bridge dispatches to the very same values. host opens the open-files dialog and carries
// events to the UI (the Wails runtime in the window, the bridge in tests; nil when only
// generating bindings).
func (s *System) Bindings(ctx context.Context, version string, log *slog.Logger, host app.Host) []any {
	var picker app.FilePicker
	var saver app.FileSaver
	var emitter app.Emitter = noEmitter{}
	if host != nil {
		picker, saver, emitter = host, host, host
	}
	ls := app.NewLogService(ctx, s.Logs, s.Redaction, picker)
	eg := app.NewEgressService(ctx, s.Redaction, s.Gate, nil)
	tri := s.Triage
	if s.DB != nil {
		s.runner = chat.NewRunner(chat.Deps{
			Store: s.Chat, Gate: s.Gate, Providers: s.Providers, Protocol: app.TriageProtocol{Svc: tri}, Emitter: emitter,
			Detector: func(ctx context.Context) (*pii.Detector, error) {
				d, _, err := s.Redaction.Detector(ctx)
				return d, err
			},
			Domain: func(ctx context.Context, issueID string) (string, error) {
				d, err := s.Incidents.Get(ctx, issueID)
				return d.Issue.Domain, err
			},
		})
	}
	return []any{
		app.NewIncidentService(ctx, s.Incidents),
		ls,
		app.NewReviewService(ctx, s.Redaction, ls),
		eg,
		app.NewSettingsService(ctx, s.Settings),
		app.NewTriageService(ctx, s.Triage),
		app.NewTimelineService(ctx, s.Timeline),
		app.NewSystemService(ctx, version, s, nil, log),
		app.NewProviderService(ctx, s.Providers),
		app.NewChatService(ctx, s.runner, s.Chat, eg, s.Providers, app.SplitReply),
		app.NewActionService(ctx, s.Actions),
		app.NewDocumentService(ctx, s.Docs, s.Publisher, s.drafter(), eg, saver, emitter, nil),
		app.NewConfluenceService(ctx, s.Integrations),
		app.NewWindowService(unsavedSink(host)),
	}
}

// unsavedSink is the window's record of unsaved editors when host keeps one (the desktop window).
func unsavedSink(host app.Host) app.UnsavedSink {
	if u, ok := host.(app.UnsavedSink); ok {
		return u
	}
	return nil
}

// drafter asks the incident's AI provider for section drafts (nil while only generating bindings).
func (s *System) drafter() *draft.Drafter {
	if s.DB == nil {
		return nil
	}
	return &draft.Drafter{Providers: s.Providers, Detector: func(ctx context.Context) (*pii.Detector, error) {
		d, _, err := s.Redaction.Detector(ctx)
		return d, err
	}}
}

type noEmitter struct{}

func (noEmitter) Emit(string, any) {}
