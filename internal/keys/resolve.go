package keys

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/zalando/go-keyring"

	"tftsr/internal/apperr"
)

// Keyring entry and environment names.
const (
	EnvVar         = "TFTSR_DB_KEY"
	KeyringService = "tftsr"
	KeyringUser    = "db-master-key"
	KeyfileName    = "master.key"
)

// ErrNoEntry is returned by a Keyring when the entry does not exist (the keyring itself works).
var ErrNoEntry = errors.New("keys: no keyring entry")

// Keyring is the small slice of an OS keyring Resolve needs.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// OSKeyring is the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager).
type OSKeyring struct{}

// Get reads a secret; a missing entry is ErrNoEntry, any other error means "keyring unavailable".
func (OSKeyring) Get(service, user string) (string, error) {
	s, err := keyring.Get(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNoEntry
	}
	if err != nil {
		return "", fmt.Errorf("keys: os keyring get: %w", err)
	}
	return s, nil
}

// Set stores a secret.
func (OSKeyring) Set(service, user, secret string) error {
	if err := keyring.Set(service, user, secret); err != nil {
		return fmt.Errorf("keys: os keyring set: %w", err)
	}
	return nil
}

// Resolver finds (or, for a brand-new database, creates) the master key.
type Resolver struct {
	Getenv    func(string) string // nil → os.Getenv
	Keyring   Keyring             // nil → OSKeyring{}
	ConfigDir string              // where the fallback keyfile lives; never the data dir
	DBPath    string              // only used in messages
	Rand      io.Reader           // nil → crypto/rand
}

// Resolved is the outcome of Resolve.
type Resolved struct {
	Key         Key
	Created     bool   // a new random key was generated and stored
	KeyfilePath string // set when Key.Source() == SourceKeyfile
}

// Resolve returns the master key:
//  1. TFTSR_DB_KEY non-empty → passphrase key (SQLCipher 4 defaults, compatible with the original app);
//  2. keyring entry tftsr/db-master-key (64 hex chars = raw 256-bit key);
//  3. <ConfigDir>/master.key (64 hex chars, mode must be 0600 or stricter). It is consulted when the
//     keyring is unavailable, and also when the keyring works but has no entry (a key written
//     while the keyring was unavailable must still be found later);
//  4. nothing found: an existing database → apperr.ErrKey (the file is not touched); a new
//     database → 32 random bytes, stored in the keyring, or in the keyfile if the keyring fails.
func (r Resolver) Resolve(dbExists bool) (Resolved, error) {
	getenv := r.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if p := getenv(EnvVar); p != "" {
		return Resolved{Key: newPassphraseKey(SourceEnv, p)}, nil
	}

	kr := r.Keyring
	if kr == nil {
		kr = OSKeyring{}
	}
	secret, krErr := kr.Get(KeyringService, KeyringUser)
	if krErr == nil {
		raw, err := parseHexKey(secret)
		if err != nil {
			return Resolved{}, fmt.Errorf("keys: keyring entry %s/%s is not a 64-hex-character key: %w",
				KeyringService, KeyringUser, apperr.ErrKey)
		}
		return Resolved{Key: newRawKey(SourceKeyring, raw)}, nil
	}

	kfPath := ""
	if r.ConfigDir != "" {
		kfPath = filepath.Join(r.ConfigDir, KeyfileName)
		raw, found, err := readKeyfile(kfPath)
		if err != nil {
			return Resolved{}, err
		}
		if found {
			return Resolved{Key: newRawKey(SourceKeyfile, raw), KeyfilePath: kfPath}, nil
		}
	}

	if dbExists {
		why := "no keyring entry"
		if !errors.Is(krErr, ErrNoEntry) {
			why = fmt.Sprintf("keyring unavailable (%v)", krErr)
		}
		return Resolved{}, fmt.Errorf("keys: no key for existing database %s (%s, no keyfile %s): "+
			"set %s to the passphrase it was created with, or restore the keyring entry %s/%s; "+
			"the file was not modified: %w",
			r.DBPath, why, displayPath(kfPath), EnvVar, KeyringService, KeyringUser, apperr.ErrKey)
	}

	rnd := r.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	var raw [32]byte
	if _, err := io.ReadFull(rnd, raw[:]); err != nil {
		return Resolved{}, fmt.Errorf("keys: generate master key: %w", err)
	}
	encoded := hex.EncodeToString(raw[:])
	setErr := kr.Set(KeyringService, KeyringUser, encoded)
	if setErr == nil {
		// Some keyrings accept a write and lose it; read it back before trusting it.
		if got, err := kr.Get(KeyringService, KeyringUser); err == nil && got == encoded {
			return Resolved{Key: newRawKey(SourceKeyring, raw), Created: true}, nil
		} else if err != nil {
			setErr = fmt.Errorf("read back: %w", err)
		} else {
			setErr = errors.New("read back returned a different value")
		}
	}
	if kfPath == "" {
		return Resolved{}, fmt.Errorf("keys: keyring unusable (%v) and no config directory for a keyfile: %w",
			setErr, apperr.ErrKey)
	}
	if err := writeKeyfile(r.ConfigDir, kfPath, encoded); err != nil {
		return Resolved{}, fmt.Errorf("keys: keyring unusable (%v): %w", setErr, err)
	}
	return Resolved{Key: newRawKey(SourceKeyfile, raw), Created: true, KeyfilePath: kfPath}, nil
}

func displayPath(p string) string {
	if p == "" {
		return "(no config dir)"
	}
	return p
}

func parseHexKey(s string) ([32]byte, error) {
	var raw [32]byte
	s = strings.TrimSpace(s)
	if len(s) != 64 {
		return raw, fmt.Errorf("keys: key has %d characters, want 64 hex: %w", len(s), apperr.ErrKey)
	}
	if _, err := hex.Decode(raw[:], []byte(s)); err != nil {
		return raw, fmt.Errorf("keys: key is not hex: %w", apperr.ErrKey)
	}
	return raw, nil
}

// readKeyfile returns found=false when the file does not exist.
func readKeyfile(path string) ([32]byte, bool, error) {
	var raw [32]byte
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return raw, false, nil
	}
	if err != nil {
		return raw, false, fmt.Errorf("keys: keyfile %s: %v: %w", path, err, apperr.ErrKey)
	}
	if !fi.Mode().IsRegular() {
		return raw, false, fmt.Errorf("keys: keyfile %s is not a regular file: %w", path, apperr.ErrKey)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return raw, false, fmt.Errorf("keys: keyfile %s has mode %#o, readable by others; refusing to use it: "+
			"run `chmod 600 %s` (and check nobody else copied it): %w", path, fi.Mode().Perm(), path, apperr.ErrKey)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return raw, false, fmt.Errorf("keys: read keyfile %s: %v: %w", path, err, apperr.ErrKey)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	raw, err = parseHexKey(s)
	if err != nil {
		return raw, false, fmt.Errorf("keys: keyfile %s: %w", path, err)
	}
	return raw, true, nil
}

func writeKeyfile(dir, path, encoded string) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("keys: create config dir %s: %v: %w", dir, err, apperr.ErrStorage)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keys: create keyfile %s: %v: %w", path, err, apperr.ErrStorage)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("keys: close keyfile %s: %v: %w", path, cerr, apperr.ErrStorage)
		}
		if err != nil {
			_ = os.Remove(path)
		}
	}()
	if _, err := f.WriteString(encoded + "\n"); err != nil {
		return fmt.Errorf("keys: write keyfile %s: %v: %w", path, err, apperr.ErrStorage)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("keys: sync keyfile %s: %v: %w", path, err, apperr.ErrStorage)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
