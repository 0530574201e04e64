// Package keys owns the database master key: where it comes from (an env passphrase, the OS
// keyring, or a 0600 keyfile in the config directory), how subkeys are derived from it (HKDF-SHA256)
// and how small secrets are sealed with it (AES-256-GCM). No code path ever falls back to a
// constant or default key.
package keys

import (
	"crypto/pbkdf2"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"strings"
)

// Source says where a Key came from.
type Source string

// Key sources.
const (
	SourceEnv     Source = "env"
	SourceKeyring Source = "keyring"
	SourceKeyfile Source = "keyfile"
)

// Key is the database master key: either a user passphrase (SQLCipher runs its KDF on it) or a
// raw 256-bit key (used as-is, no KDF). The zero Key is invalid.
type Key struct {
	source     Source
	passphrase string
	raw        [32]byte
	isRaw      bool
	// derived is set by WithSalt: the SQLCipher page key already derived from the passphrase,
	// with the file's salt, as x'<64 hex key><32 hex salt>'.
	derived string
}

// newPassphraseKey builds a passphrase key.
func newPassphraseKey(src Source, passphrase string) Key {
	return Key{source: src, passphrase: passphrase}
}

// newRawKey builds a raw 256-bit key.
func newRawKey(src Source, raw [32]byte) Key {
	return Key{source: src, raw: raw, isRaw: true}
}

// NewRawKey builds a raw 256-bit key with the given source; tests and tools use it.
func NewRawKey(src Source, raw [32]byte) Key { return newRawKey(src, raw) }

// NewPassphraseKey builds a passphrase key with the given source; tests and tools use it.
// An empty passphrase yields an invalid key (IsZero reports true).
func NewPassphraseKey(src Source, passphrase string) Key { return newPassphraseKey(src, passphrase) }

// IsZero reports whether k holds no key material.
func (k Key) IsZero() bool { return !k.isRaw && k.passphrase == "" }

// IsRaw reports whether k is a raw 256-bit key (as opposed to a passphrase).
func (k Key) IsRaw() bool { return k.isRaw }

// Source reports where the key came from.
func (k Key) Source() Source { return k.source }

// PragmaKey returns the value for go-sqlcipher's `_pragma_key` DSN parameter, before URL
// escaping. The driver runs fmt.Sprintf("PRAGMA key = \"%s\";", v), so a raw key becomes the
// blob literal x'<64 hex>' (SQLCipher skips its KDF) and a passphrase has every `"` doubled.
func (k Key) PragmaKey() string {
	if k.derived != "" {
		return k.derived
	}
	if k.isRaw {
		return "x'" + hex.EncodeToString(k.raw[:]) + "'"
	}
	return strings.ReplaceAll(k.passphrase, `"`, `""`)
}

// Material returns the bytes subkeys are derived from (see Derive).
//
// For a raw key it is the 32 raw bytes. For a passphrase it is
// SHA-256("tftsr-passphrase-v1\x00" ‖ passphrase): deterministic, so a passphrase user gets the
// same subkeys on every machine, and domain-separated from anything else hashed in the app. The
// passphrase's strength is the user's responsibility (SQLCipher's PBKDF2 guards the file itself);
// the subkeys only protect secrets stored inside the already-encrypted database.
func (k Key) Material() []byte {
	if k.isRaw {
		out := make([]byte, 32)
		copy(out, k.raw[:])
		return out
	}
	return passphraseMaterial(k.passphrase)
}

// SQLCipher 4's defaults for passphrase keys (what the original app used too).
const (
	sqlcipherKDFIter = 256000
	sqlcipherSaltLen = 16
)

// WithSalt returns a key for the same database that skips SQLCipher's KDF: for a passphrase it
// runs PBKDF2-HMAC-SHA512 (256,000 iterations, SQLCipher 4's default) once, here, with the
// database's salt, and yields the raw key-and-salt form SQLCipher accepts. Each new connection
// then opens in microseconds instead of ~0.5 s. Raw keys are returned unchanged. Source and
// Material stay those of the passphrase.
func (k Key) WithSalt(salt []byte) (Key, error) {
	if k.isRaw {
		return k, nil
	}
	if len(salt) != sqlcipherSaltLen {
		return Key{}, fmt.Errorf("keys: database salt is %d bytes, want %d", len(salt), sqlcipherSaltLen)
	}
	dk, err := pbkdf2.Key(sha512.New, k.passphrase, salt, sqlcipherKDFIter, 32)
	if err != nil {
		return Key{}, fmt.Errorf("keys: derive page key: %w", err)
	}
	out := k
	out.derived = "x'" + hex.EncodeToString(dk) + hex.EncodeToString(salt) + "'"
	return out, nil
}

// String never prints the secret.
func (k Key) String() string { return fmt.Sprintf("key(%s)", k.source) }

// GoString never prints the secret either (%#v).
func (k Key) GoString() string { return k.String() }
