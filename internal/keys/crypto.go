package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"

	"golang.org/x/crypto/hkdf"

	"tftsr/internal/apperr"
)

// hkdfSalt is the fixed HKDF salt for every subkey of this schema generation.
const hkdfSalt = "tftsr-v1"

func passphraseMaterial(passphrase string) []byte {
	h := sha256.New()
	h.Write([]byte("tftsr-passphrase-v1\x00"))
	h.Write([]byte(passphrase))
	return h.Sum(nil)
}

// Derive returns n bytes derived from master with HKDF-SHA256 (salt "tftsr-v1", the given info).
// Different infos give independent subkeys; the same inputs always give the same bytes.
func Derive(master []byte, info string, n int) ([]byte, error) {
	if len(master) == 0 {
		return nil, fmt.Errorf("keys: derive %q: empty master key: %w", info, apperr.ErrInvalid)
	}
	if info == "" {
		return nil, fmt.Errorf("keys: derive: empty info: %w", apperr.ErrInvalid)
	}
	if n <= 0 || n > 255*sha256.Size {
		return nil, fmt.Errorf("keys: derive %q: length %d out of range: %w", info, n, apperr.ErrInvalid)
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.New(sha256.New, master, []byte(hkdfSalt), []byte(info)), out); err != nil {
		return nil, fmt.Errorf("keys: derive %q: %w", info, err)
	}
	return out, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("keys: need a 32-byte key, got %d bytes: %w", len(key), apperr.ErrInvalid)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("keys: aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("keys: gcm: %w", err)
	}
	return aead, nil
}

// Seal encrypts plaintext with AES-256-GCM under a 32-byte key and a random 96-bit nonce, and
// returns base64 (standard encoding) of nonce ‖ ciphertext ‖ tag.
func Seal(key, plaintext []byte) (string, error) {
	aead, err := newGCM(key)
	if err != nil {
		return "", fmt.Errorf("keys: seal: %w", err)
	}
	buf := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := io.ReadFull(rand.Reader, buf); err != nil {
		return "", fmt.Errorf("keys: seal: nonce: %w", err)
	}
	buf = aead.Seal(buf, buf[:aead.NonceSize()], plaintext, nil)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// OpenSealed reverses Seal. A wrong key, a tampered or truncated value returns an error wrapping
// apperr.ErrKey.
func OpenSealed(key []byte, sealed string) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("keys: open sealed: %w", err)
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, fmt.Errorf("keys: open sealed: not valid base64: %w", apperr.ErrKey)
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("keys: open sealed: value too short (%d bytes): %w", len(raw), apperr.ErrKey)
	}
	pt, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], nil)
	if err != nil {
		return nil, fmt.Errorf("keys: open sealed: wrong key or tampered value: %w", apperr.ErrKey)
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}
