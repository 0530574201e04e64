package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/sqlcipher"
	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"tftsr/internal/apperr"
)

// legacyVersion is the number of migrations the original app tracked in its _migrations table;
// they correspond one-to-one to our 000001–000011.
const legacyVersion = 11

// migrator bundles a golang-migrate instance with its source. Do not call m.Close(): the
// sqlcipher driver would close the writer pool it was given.
type migrator struct {
	m   *migrate.Migrate
	src source.Driver
}

func newMigrator(write *sql.DB, migs fs.FS) (*migrator, error) {
	src, err := iofs.New(migs, ".")
	if err != nil {
		return nil, fmt.Errorf("store: migrations source: %w", err)
	}
	drv, err := sqlcipher.WithInstance(write, &sqlcipher.Config{})
	if err != nil {
		_ = src.Close()
		return nil, fmt.Errorf("store: migrations driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "sqlcipher", drv)
	if err != nil {
		_ = src.Close()
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	return &migrator{m: m, src: src}, nil
}

func (mg *migrator) close() { _ = mg.src.Close() }

// prev returns the version before v in the source, or database.NilVersion.
func (mg *migrator) prev(v uint) int {
	p, err := mg.src.Prev(v)
	if err != nil {
		return database.NilVersion
	}
	return int(p)
}

// repairDirty resets a dirty version N to the version before it. Every migration runs in one
// transaction, so a dirty N means N's transaction rolled back and the schema is at the previous
// version.
func (mg *migrator) repairDirty() (bool, error) {
	v, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) || !dirty {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: migration version: %w", err)
	}
	if err := mg.m.Force(mg.prev(v)); err != nil {
		return false, fmt.Errorf("store: reset dirty migration %d: %w", v, err)
	}
	return true, nil
}

// legacyState reports whether write holds a database of the original app (its _migrations
// table, no schema_migrations) and how many migrations it recorded.
func legacyState(ctx context.Context, write *sql.DB) (isLegacy bool, applied int, err error) {
	var legacy, ours int
	if err := write.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_migrations'),
		(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&legacy, &ours); err != nil {
		return false, 0, fmt.Errorf("store: inspect schema: %w", err)
	}
	if legacy == 0 || ours != 0 {
		return false, 0, nil
	}
	if err := write.QueryRowContext(ctx, `SELECT count(*) FROM _migrations`).Scan(&applied); err != nil {
		return false, 0, fmt.Errorf("store: inspect _migrations: %w", err)
	}
	return true, applied, nil
}

// migrateUp brings the database to the latest version. A failing migration leaves the database
// at the previous version, not dirty, and returns an error wrapping apperr.ErrStorage.
func migrateUp(ctx context.Context, write *sql.DB, migs fs.FS) error {
	isLegacy, applied, err := legacyState(ctx, write)
	if err != nil {
		return fmt.Errorf("%w: %w", err, apperr.ErrStorage)
	}
	if isLegacy && applied < legacyVersion {
		return fmt.Errorf("store: database from the original TFTSR has only %d of %d migrations applied; "+
			"open it once with the original app first: %w", applied, legacyVersion, apperr.ErrStorage)
	}
	mg, err := newMigrator(write, migs)
	if err != nil {
		return fmt.Errorf("%w: %w", err, apperr.ErrStorage)
	}
	defer mg.close()
	if isLegacy {
		if err := mg.m.Force(legacyVersion); err != nil {
			return fmt.Errorf("store: adopt legacy schema at version %d: %w: %w", legacyVersion, err, apperr.ErrStorage)
		}
	}
	if _, err := mg.repairDirty(); err != nil {
		return fmt.Errorf("%w: %w", err, apperr.ErrStorage)
	}
	upErr := mg.m.Up()
	if upErr == nil || errors.Is(upErr, migrate.ErrNoChange) {
		return nil
	}
	v, dirty, _ := mg.m.Version()
	if dirty {
		if _, err := mg.repairDirty(); err != nil {
			return fmt.Errorf("store: migration %d failed: %v; %w: %w", v, upErr, err, apperr.ErrStorage)
		}
		return fmt.Errorf("store: migration %d failed, database left at version %d: %w: %w",
			v, max(mg.prev(v), 0), upErr, apperr.ErrStorage)
	}
	return fmt.Errorf("store: migrate: %w: %w", upErr, apperr.ErrStorage)
}
