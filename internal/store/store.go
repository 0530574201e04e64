// Package store opens the encrypted SQLCipher database (key, PRAGMAs, one writer connection plus
// a small reader pool) and runs the embedded golang-migrate migrations.
//
// A wrong or missing key never modifies, recreates or truncates the file: the key is checked
// with a read-only statement before anything is written.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	sqlite3 "github.com/mutecomm/go-sqlcipher/v4"

	"tftsr/internal/apperr"
	"tftsr/internal/keys"
	"tftsr/migrations"
)

// plainHeader starts every unencrypted SQLite 3 file.
const plainHeader = "SQLite format 3\x00"

// readerConns is the size of the reader pool.
const readerConns = 4

// Options configure Open.
type Options struct {
	Path       string
	Key        keys.Key
	Migrations fs.FS // nil → migrations.FS
}

// DB is the opened, migrated, encrypted database.
type DB struct {
	path  string
	read  *sql.DB
	write *sql.DB
}

// Path is the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Read returns the reader pool (WAL readers, query_only: writes through it fail). Use Tx to write.
func (db *DB) Read() *sql.DB { return db.read }

// Tx runs fn in a transaction on the single writer connection (BEGIN IMMEDIATE). It commits when
// fn returns nil and rolls back when fn returns an error (returned unchanged) or panics
// (re-panicked after the rollback).
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return asCancel(ctx, classify(db.path, "begin transaction", err))
	}
	done := false
	defer func() {
		if !done {
			_ = tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		done = true
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return asCancel(ctx, errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr)))
		}
		return asCancel(ctx, err)
	}
	done = true
	if err := tx.Commit(); err != nil {
		return asCancel(ctx, classify(db.path, "commit", err))
	}
	return nil
}

// asCancel reports a failure while ctx is done as the cancellation it is: the statement that
// noticed it fails with driver text such as "sql: statement is closed", and callers (jobs) tell
// "cancelled" from "failed" with errors.Is(err, context.Canceled).
func asCancel(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}

// Close checkpoints the WAL into the main file (truncating the -wal file) and closes both pools.
func (db *DB) Close() error {
	var errs []error
	if err := db.read.Close(); err != nil {
		errs = append(errs, fmt.Errorf("store: close readers: %w", err))
	}
	if err := refreshStats(db.write); err != nil {
		errs = append(errs, err)
	}
	if _, err := db.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		errs = append(errs, fmt.Errorf("store: checkpoint: %w", err))
	}
	if err := db.write.Close(); err != nil {
		errs = append(errs, fmt.Errorf("store: close writer: %w", err))
	}
	return errors.Join(errs...)
}

// SchemaVersion reports the golang-migrate version of the database (0 when none is applied).
func (db *DB) SchemaVersion(ctx context.Context) (version uint, dirty bool, err error) {
	return schemaVersion(ctx, db.read)
}

func schemaVersion(ctx context.Context, q *sql.DB) (uint, bool, error) {
	var exists int
	if err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
		return 0, false, fmt.Errorf("store: schema version: %w", err)
	}
	if exists == 0 {
		return 0, false, nil
	}
	var (
		v     int64
		dirty bool
	)
	err := q.QueryRowContext(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&v, &dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: schema version: %w", err)
	}
	if v < 0 {
		return 0, dirty, nil
	}
	return uint(v), dirty, nil
}

// IsEncrypted reports whether the file at path does not start with the plaintext SQLite header.
func IsEncrypted(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("store: %s: %v: %w", path, err, apperr.ErrStorage)
	}
	defer f.Close()
	head := make([]byte, len(plainHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, fmt.Errorf("store: %s is too short to be a database: %w", path, apperr.ErrStorage)
	}
	return !bytes.Equal(head, []byte(plainHeader)), nil
}

// dsn builds the go-sqlcipher DSN. The key is applied first by the driver, then the PRAGMAs.
func dsn(path string, key keys.Key, extra string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive paths: file:/C:/…
	}
	u := url.URL{Path: p}
	return "file:" + u.EscapedPath() +
		"?_pragma_key=" + url.QueryEscape(key.PragmaKey()) +
		"&_foreign_keys=1&_busy_timeout=5000&_journal_mode=WAL&_synchronous=NORMAL" + extra
}

// Open opens (creating if needed) the encrypted database at o.Path and migrates it to the latest
// version. Errors wrap apperr.ErrKey (missing/wrong key), apperr.ErrStorage (file or directory
// unusable) or apperr.ErrInvalid (bad options).
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.Path == "" {
		return nil, fmt.Errorf("store: open: empty path: %w", apperr.ErrInvalid)
	}
	if o.Key.IsZero() {
		return nil, fmt.Errorf("store: open %s: no database key: %w", o.Path, apperr.ErrKey)
	}
	path, err := filepath.Abs(o.Path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %v: %w", o.Path, err, apperr.ErrStorage)
	}
	existed, err := preflight(path)
	if err != nil {
		return nil, err
	}
	migs := o.Migrations
	if migs == nil {
		migs = migrations.FS
	}

	write := sql.OpenDB(connector{dsn: dsn(path, o.Key, "&_txlock=immediate"), cacheKiB: writerCacheKiB})
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	// First statement: proves the key before anything is written.
	var n int
	if err := write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		_ = write.Close()
		return nil, openError(path, existed, err)
	}

	if err := migrateUp(ctx, write, migs); err != nil {
		_ = write.Close()
		return nil, err
	}

	readKey, err := fastKey(ctx, write, o.Key)
	if err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("store: open readers %s: %w", path, err)
	}
	read := sql.OpenDB(connector{dsn: dsn(path, readKey, "&_query_only=1"), cacheKiB: readerCacheKiB})
	read.SetMaxOpenConns(readerConns)
	read.SetMaxIdleConns(readerConns)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	if err := read.PingContext(ctx); err != nil {
		_ = read.Close()
		_ = write.Close()
		return nil, openError(path, true, err)
	}
	return &DB{path: path, read: read, write: write}, nil
}

// Page cache per connection. SQLCipher decrypts a page each time it enters the cache (~20 µs
// here: the bundled crypto has no AES-NI), so SQLite's default 2 MiB cache made a 100k-incident
// list page take ~20 ms; with 32 MiB per reader it takes ~1 ms (docs/benchmarks.md).
const (
	readerCacheKiB = 32 << 10
	writerCacheKiB = 16 << 10
)

// connector opens go-sqlcipher connections and sets the page cache on each one (the driver has
// no DSN parameter for it). It avoids registering a driver name: no package-level state.
type connector struct {
	dsn      string
	cacheKiB int
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.Driver().Open(c.dsn) }

func (c connector) Driver() driver.Driver {
	return &sqlite3.SQLiteDriver{ConnectHook: func(conn *sqlite3.SQLiteConn) error {
		// SQLCipher 4.4's cipher_memory_security (on by default in the bundled 4.4.2) mlocks
		// every allocation and wipes and munlocks every free: a system call or two per SQLite
		// malloc. Upstream turned it off by default in 4.5.0; see docs/security.md. The setting
		// is process-wide; setting it per connection only repeats it.
		if _, err := conn.Exec("PRAGMA cipher_memory_security = OFF", nil); err != nil {
			return err
		}
		_, err := conn.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", c.cacheKiB), nil)
		return err
	}}
}

// fastKey returns the key the reader pool opens with: for a passphrase, the page key derived
// once with this database's salt, so that each reader connection skips SQLCipher's 256,000-round
// KDF; raw keys are returned unchanged.
func fastKey(ctx context.Context, write *sql.DB, key keys.Key) (keys.Key, error) {
	if key.IsRaw() {
		return key, nil
	}
	var saltHex string
	if err := write.QueryRowContext(ctx, `PRAGMA cipher_salt`).Scan(&saltHex); err != nil {
		return keys.Key{}, fmt.Errorf("read cipher salt: %v: %w", err, apperr.ErrStorage)
	}
	salt, err := hex.DecodeString(saltHex)
	if err != nil {
		return keys.Key{}, fmt.Errorf("cipher salt %q: %v: %w", saltHex, err, apperr.ErrStorage)
	}
	return key.WithSalt(salt)
}

// statsMinRows: below this many incidents the planner's defaults are fine without statistics.
const statsMinRows = 1000

// refreshStats runs ANALYZE when the incidents table has no planner statistics yet or has
// grown or shrunk by more than 2× since they were taken. Without them some filtered list
// queries pick a poor index (p95 ~470 ms at 100k incidents); a full ANALYZE there takes
// ~0.3 s. (PRAGMA optimize never analyzes a table that has no statistics at all, and
// analysis_limit's sampled statistics made the dashboard 20× slower — docs/benchmarks.md.)
func refreshStats(write *sql.DB) error {
	var rows int64
	if err := write.QueryRow(`SELECT count(*) FROM issues`).Scan(&rows); err != nil {
		return fmt.Errorf("store: count issues: %w", err)
	}
	if rows < statsMinRows {
		return nil
	}
	var stat string
	err := write.QueryRow(`SELECT stat FROM sqlite_stat1 WHERE tbl = 'issues' LIMIT 1`).Scan(&stat)
	if err == nil {
		var recorded int64
		if _, scanErr := fmt.Sscan(stat, &recorded); scanErr == nil && recorded > 0 && rows <= 2*recorded && rows >= recorded/2 {
			return nil
		}
	}
	if _, err := write.Exec(`ANALYZE`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}

// preflight checks the directory and an existing file without touching the file's content.
func preflight(path string) (existed bool, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("store: cannot create data directory %s: %v: %w", dir, err, apperr.ErrStorage)
	}
	probe, err := os.CreateTemp(dir, ".tftsr-write-check-*")
	if err != nil {
		return false, fmt.Errorf("store: data directory %s is not writable (%v); fix its permissions or choose another data directory: %w",
			dir, err, apperr.ErrStorage)
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())

	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: %s: %v: %w", path, err, apperr.ErrStorage)
	}
	if !fi.Mode().IsRegular() {
		return false, fmt.Errorf("store: %s is not a regular file: %w", path, apperr.ErrStorage)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false, fmt.Errorf("store: database file %s is not readable and writable (%v); fix its permissions: %w",
			path, err, apperr.ErrStorage)
	}
	head := make([]byte, len(plainHeader))
	nr, _ := io.ReadFull(f, head)
	_ = f.Close()
	if fi.Size() == 0 {
		return false, nil // an empty file is an empty database: nothing to protect
	}
	if nr == len(plainHeader) && bytes.Equal(head, []byte(plainHeader)) {
		return true, fmt.Errorf("store: %s is an unencrypted SQLite database, refusing to open it: it is not a TFTSR database: %w",
			path, apperr.ErrStorage)
	}
	return true, nil
}

// openError turns a failure of the first statement into a user-facing error.
func openError(path string, existed bool, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB && existed {
		return fmt.Errorf("store: cannot decrypt %s: wrong key, or not a TFTSR database; "+
			"set %s to the passphrase it was created with, or restore the keyring entry %s/%s; the file was not modified: %w",
			path, keys.EnvVar, keys.KeyringService, keys.KeyringUser, apperr.ErrKey)
	}
	return classify(path, "open", err)
}

// classify wraps a driver error with the apperr kind the UI shows.
func classify(path, op string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("store: %s %s: the database is locked by another process (is TFTSR already running?): %v: %w",
				op, path, err, apperr.ErrStorage)
		case sqlite3.ErrNotADB:
			return fmt.Errorf("store: %s %s: not a TFTSR database or wrong key: %v: %w", op, path, err, apperr.ErrStorage)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly:
			return fmt.Errorf("store: %s %s: cannot open or write the database file (check permissions of %s): %v: %w",
				op, path, filepath.Dir(path), err, apperr.ErrStorage)
		}
	}
	if strings.Contains(err.Error(), "database is locked") {
		return fmt.Errorf("store: %s %s: the database is locked by another process (is TFTSR already running?): %v: %w",
			op, path, err, apperr.ErrStorage)
	}
	return fmt.Errorf("store: %s %s: %v: %w", op, path, err, apperr.ErrStorage)
}
