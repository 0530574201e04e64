// Package boot is the composition root shared by the desktop GUI, the CLI and the end-to-end
// test bridge: it resolves paths and the master key, opens the encrypted store and builds the
// domain services. Nothing here is global; each caller owns the System it opened.
package boot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"tftsr/internal/app"
	"tftsr/internal/audit"
	"tftsr/internal/config"
	"tftsr/internal/incident"
	"tftsr/internal/keys"
	"tftsr/internal/logs"
	"tftsr/internal/redaction"
	"tftsr/internal/settings"
	"tftsr/internal/store"
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
	}
	sys.Redaction, err = redaction.NewService(db, log, sys.Logs, sys.Settings, resolved.Key.Material(), now)
	if err != nil {
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

// Close closes the store.
func (s *System) Close() error { return s.DB.Close() }

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
// test bridge dispatches to the very same values.
// picker opens the open-files dialog (the Wails runtime in the window, a script in tests).
func (s *System) Bindings(ctx context.Context, version string, log *slog.Logger, picker app.FilePicker) []any {
	ls := app.NewLogService(ctx, s.Logs, s.Redaction, picker)
	return []any{
		app.NewIncidentService(ctx, s.Incidents),
		ls,
		app.NewReviewService(ctx, s.Redaction, ls),
		app.NewEgressService(ctx, s.Redaction, nil),
		app.NewSettingsService(ctx, s.Settings),
		app.NewSystemService(ctx, version, s, nil, log),
	}
}
