package keys

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
)

// fakeKeyring is an in-memory Keyring. getErr/setErr simulate an unavailable keyring;
// lossy accepts Set and forgets it.
type fakeKeyring struct {
	m      map[string]string
	getErr error
	setErr error
	lossy  bool
}

func (f *fakeKeyring) Get(service, user string) (string, error) {
	if f.getErr != nil {
		return "", f.getErr
	}
	v, ok := f.m[service+"/"+user]
	if !ok {
		return "", ErrNoEntry
	}
	return v, nil
}

func (f *fakeKeyring) Set(service, user, secret string) error {
	if f.setErr != nil {
		return f.setErr
	}
	if f.lossy {
		return nil
	}
	if f.m == nil {
		f.m = map[string]string{}
	}
	f.m[service+"/"+user] = secret
	return nil
}

var errUnavailable = errors.New("dbus: no secret service")

func env(vals map[string]string) func(string) string {
	return func(k string) string { return vals[k] }
}

const hexKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

func mustRaw(t *testing.T, s string) [32]byte {
	t.Helper()
	var raw [32]byte
	if _, err := hex.Decode(raw[:], []byte(s)); err != nil {
		t.Fatal(err)
	}
	return raw
}

// result is the comparable view of a Resolve outcome.
type result struct {
	Source      Source
	Pragma      string
	Created     bool
	KeyfilePath string
}

func view(r Resolved) result {
	return result{Source: r.Key.Source(), Pragma: r.Key.PragmaKey(), Created: r.Created, KeyfilePath: r.KeyfilePath}
}

func TestResolve(t *testing.T) {
	randBytes := bytes.Repeat([]byte{0x42}, 32)
	randHex := hex.EncodeToString(randBytes)
	tests := []struct {
		name       string
		env        map[string]string
		keyring    *fakeKeyring
		keyfile    string      // content written to <ConfigDir>/master.key when non-empty
		keyMode    os.FileMode // mode of that keyfile
		dbExists   bool
		want       result
		wantErr    error
		wantSubstr string
		wantStored string // keyring entry after Resolve
		wantFile   string // keyfile content after Resolve ("" = no file)
	}{
		{
			name:       "env passphrase wins",
			env:        map[string]string{EnvVar: `my "secret"`},
			keyring:    &fakeKeyring{m: map[string]string{"tftsr/db-master-key": hexKey}},
			want:       result{Source: SourceEnv, Pragma: `my ""secret""`},
			wantStored: hexKey,
		},
		{
			name:       "keyring entry",
			keyring:    &fakeKeyring{m: map[string]string{"tftsr/db-master-key": hexKey}},
			dbExists:   true,
			want:       result{Source: SourceKeyring, Pragma: "x'" + hexKey + "'"},
			wantStored: hexKey,
		},
		{
			name:       "keyring entry not hex",
			keyring:    &fakeKeyring{m: map[string]string{"tftsr/db-master-key": "hunter2"}},
			dbExists:   true,
			wantErr:    apperr.ErrKey,
			wantSubstr: "64-hex",
			wantStored: "hunter2",
		},
		{
			name:     "keyring unavailable, keyfile 0600",
			keyring:  &fakeKeyring{getErr: errUnavailable},
			keyfile:  hexKey + "\n",
			keyMode:  0o600,
			dbExists: true,
			want:     result{Source: SourceKeyfile, Pragma: "x'" + hexKey + "'", KeyfilePath: "CONFIG/master.key"},
			wantFile: hexKey + "\n",
		},
		{
			name:       "keyring unavailable, keyfile 0644 refused",
			keyring:    &fakeKeyring{getErr: errUnavailable},
			keyfile:    hexKey,
			keyMode:    0o644,
			dbExists:   true,
			wantErr:    apperr.ErrKey,
			wantSubstr: "chmod 600",
			wantFile:   hexKey,
		},
		{
			name:       "keyring unavailable, keyfile garbage",
			keyring:    &fakeKeyring{getErr: errUnavailable},
			keyfile:    "not a key\n",
			keyMode:    0o600,
			dbExists:   true,
			wantErr:    apperr.ErrKey,
			wantSubstr: "master.key",
			wantFile:   "not a key\n",
		},
		{
			name:     "keyring without entry still finds the keyfile",
			keyring:  &fakeKeyring{},
			keyfile:  hexKey,
			keyMode:  0o600,
			dbExists: true,
			want:     result{Source: SourceKeyfile, Pragma: "x'" + hexKey + "'", KeyfilePath: "CONFIG/master.key"},
			wantFile: hexKey,
		},
		{
			name:       "existing db, no key anywhere",
			keyring:    &fakeKeyring{},
			dbExists:   true,
			wantErr:    apperr.ErrKey,
			wantSubstr: "/data/tftsr.db",
		},
		{
			name:       "existing db, keyring unavailable, no keyfile",
			keyring:    &fakeKeyring{getErr: errUnavailable},
			dbExists:   true,
			wantErr:    apperr.ErrKey,
			wantSubstr: "set TFTSR_DB_KEY to the passphrase it was created with, or restore the keyring entry tftsr/db-master-key; the file was not modified",
		},
		{
			name:       "new db, key created in keyring",
			keyring:    &fakeKeyring{},
			want:       result{Source: SourceKeyring, Pragma: "x'" + randHex + "'", Created: true},
			wantStored: randHex,
		},
		{
			name:     "new db, keyring unavailable → keyfile",
			keyring:  &fakeKeyring{getErr: errUnavailable, setErr: errUnavailable},
			want:     result{Source: SourceKeyfile, Pragma: "x'" + randHex + "'", Created: true, KeyfilePath: "CONFIG/master.key"},
			wantFile: randHex + "\n",
		},
		{
			name:     "new db, lossy keyring → keyfile",
			keyring:  &fakeKeyring{lossy: true},
			want:     result{Source: SourceKeyfile, Pragma: "x'" + randHex + "'", Created: true, KeyfilePath: "CONFIG/master.key"},
			wantFile: randHex + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configDir := filepath.Join(t.TempDir(), "config")
			kf := filepath.Join(configDir, KeyfileName)
			if tt.keyfile != "" {
				if err := os.MkdirAll(configDir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(kf, []byte(tt.keyfile), tt.keyMode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(kf, tt.keyMode); err != nil {
					t.Fatal(err)
				}
			}
			r := Resolver{
				Getenv:    env(tt.env),
				Keyring:   tt.keyring,
				ConfigDir: configDir,
				DBPath:    "/data/tftsr.db",
				Rand:      bytes.NewReader(randBytes),
			}
			got, err := r.Resolve(tt.dbExists)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Resolve error = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantSubstr) {
				t.Errorf("error %q does not contain %q", err, tt.wantSubstr)
			}
			want := tt.want
			want.KeyfilePath = strings.Replace(want.KeyfilePath, "CONFIG", configDir, 1)
			if diff := cmp.Diff(want, view(got)); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
			stored := ""
			if tt.keyring.m != nil {
				stored = tt.keyring.m["tftsr/db-master-key"]
			}
			if stored != tt.wantStored {
				t.Errorf("keyring entry = %q, want %q", stored, tt.wantStored)
			}
			b, ferr := os.ReadFile(kf)
			if errors.Is(ferr, fs.ErrNotExist) {
				b = nil
			} else if ferr != nil {
				t.Fatal(ferr)
			}
			if string(b) != tt.wantFile {
				t.Errorf("keyfile = %q, want %q", b, tt.wantFile)
			}
			if tt.wantFile != "" && tt.keyfile == "" {
				fi, err := os.Stat(kf)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("created keyfile mode = %#o, want 0600", fi.Mode().Perm())
				}
				di, err := os.Stat(configDir)
				if err != nil {
					t.Fatal(err)
				}
				if di.Mode().Perm() != 0o700 {
					t.Errorf("created config dir mode = %#o, want 0700", di.Mode().Perm())
				}
			}
		})
	}
}

func TestResolveGeneratesDistinctKeys(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		r := Resolver{Getenv: env(nil), Keyring: &fakeKeyring{}, ConfigDir: t.TempDir()}
		got, err := r.Resolve(false)
		if err != nil {
			t.Fatal(err)
		}
		p := got.Key.PragmaKey()
		if seen[p] {
			t.Fatalf("key generated twice: %s", p)
		}
		seen[p] = true
	}
}

func TestKeyNeverPrintsSecret(t *testing.T) {
	keys := []Key{
		NewPassphraseKey(SourceEnv, "hunter2-secret"),
		NewRawKey(SourceKeyring, mustRaw(t, hexKey)),
	}
	for _, k := range keys {
		t.Run(string(k.Source()), func(t *testing.T) {
			for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k)} {
				if strings.Contains(s, "hunter2") || strings.Contains(s, "00112233") {
					t.Errorf("formatted key leaks the secret: %q", s)
				}
			}
			if got, want := k.String(), "key("+string(k.Source())+")"; got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
		})
	}
}

func TestMaterial(t *testing.T) {
	raw := mustRaw(t, hexKey)
	tests := []struct {
		name string
		a, b Key
		same bool
	}{
		{name: "raw is the raw bytes", a: NewRawKey(SourceKeyring, raw), b: NewRawKey(SourceKeyfile, raw), same: true},
		{name: "same passphrase", a: NewPassphraseKey(SourceEnv, "p"), b: NewPassphraseKey(SourceEnv, "p"), same: true},
		{name: "different passphrases", a: NewPassphraseKey(SourceEnv, "p"), b: NewPassphraseKey(SourceEnv, "q"), same: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ma, mb := tt.a.Material(), tt.b.Material()
			if len(ma) != 32 || len(mb) != 32 {
				t.Fatalf("material lengths %d, %d; want 32", len(ma), len(mb))
			}
			if bytes.Equal(ma, mb) != tt.same {
				t.Errorf("materials equal = %v, want %v", !tt.same, tt.same)
			}
		})
	}
	if got := NewRawKey(SourceKeyring, raw).Material(); !bytes.Equal(got, raw[:]) {
		t.Errorf("raw material = %x, want %x", got, raw)
	}
}

func TestDerive(t *testing.T) {
	master := mustRaw(t, hexKey)
	a1, err := Derive(master[:], "credentials", 32)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := Derive(master[:], "credentials", 32)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Derive(master[:], "other", 32)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a1, a2); diff != "" {
		t.Errorf("Derive not deterministic (-want +got):\n%s", diff)
	}
	if bytes.Equal(a1, b) {
		t.Error("different infos gave the same subkey")
	}
	if bytes.Equal(a1, master[:]) {
		t.Error("subkey equals the master key")
	}
	bad := []struct {
		name   string
		master []byte
		info   string
		n      int
	}{
		{name: "empty master", master: nil, info: "x", n: 32},
		{name: "empty info", master: master[:], info: "", n: 32},
		{name: "zero length", master: master[:], info: "x", n: 0},
		{name: "too long", master: master[:], info: "x", n: 255*32 + 1},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Derive(tt.master, tt.info, tt.n); !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	other := bytes.Repeat([]byte{8}, 32)
	tests := []struct {
		name      string
		plaintext []byte
	}{
		{name: "token", plaintext: []byte("atlassian-api-token-123")},
		{name: "empty", plaintext: []byte{}},
		{name: "binary", plaintext: []byte{0, 1, 2, 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := Seal(key, tt.plaintext)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "token" && strings.Contains(sealed, "atlassian") {
				t.Error("sealed value contains plaintext")
			}
			got, err := OpenSealed(key, sealed)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.plaintext, got); diff != "" {
				t.Errorf("roundtrip (-want +got):\n%s", diff)
			}
			if _, err := OpenSealed(other, sealed); !errors.Is(err, apperr.ErrKey) {
				t.Errorf("open with wrong key: err = %v, want ErrKey", err)
			}
		})
	}
}

func TestOpenSealedTampered(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	sealed, err := Seal(key, []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) string {
		b := []byte(sealed)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name   string
		sealed string
	}{
		{name: "nonce byte", sealed: flip(0)},
		{name: "ciphertext byte", sealed: flip(20)},
		{name: "tag byte", sealed: flip(len(sealed) - 4)},
		{name: "truncated", sealed: sealed[:12]},
		{name: "not base64", sealed: "%%%"},
		{name: "empty", sealed: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := OpenSealed(key, tt.sealed); !errors.Is(err, apperr.ErrKey) {
				t.Errorf("err = %v, want ErrKey", err)
			}
		})
	}
	if _, err := Seal(key[:16], []byte("x")); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Seal with 16-byte key: err = %v, want ErrInvalid", err)
	}
}

func TestSealNonceUnique(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		s, err := Seal(key, []byte("same plaintext"))
		if err != nil {
			t.Fatal(err)
		}
		if seen[s[:16]] { // first 12 bytes (the nonce) = first 16 base64 chars
			t.Fatalf("nonce repeated after %d seals", i)
		}
		seen[s[:16]] = true
	}
}

func TestWithSalt(t *testing.T) {
	salt := []byte("0123456789abcdef")
	raw := NewRawKey(SourceKeyring, mustRaw(t, hexKey))
	got, err := raw.WithSalt(salt)
	if err != nil || got.PragmaKey() != raw.PragmaKey() {
		t.Errorf("raw.WithSalt = %q, %v; want the raw key unchanged", got.PragmaKey(), err)
	}

	pass := NewPassphraseKey(SourceEnv, "correct horse")
	derived, err := pass.WithSalt(salt)
	if err != nil {
		t.Fatal(err)
	}
	pk := derived.PragmaKey()
	// x' + 64 hex key + 32 hex salt + '
	if len(pk) != 2+64+32+1 || !strings.HasPrefix(pk, "x'") || !strings.HasSuffix(pk, hex.EncodeToString(salt)+"'") {
		t.Errorf("derived PragmaKey = %q, want x'<64 hex key><32 hex salt>'", pk)
	}
	if strings.Contains(pk, "correct") {
		t.Error("derived key contains the passphrase")
	}
	if derived.Source() != SourceEnv || !bytes.Equal(derived.Material(), pass.Material()) {
		t.Error("WithSalt changed Source or Material; subkeys must not depend on the file's salt")
	}
	other, _ := pass.WithSalt([]byte("fedcba9876543210"))
	if other.PragmaKey()[:66] == pk[:66] {
		t.Error("a different salt gave the same page key")
	}
	if _, err := pass.WithSalt([]byte("short")); err == nil {
		t.Error("WithSalt with a 5-byte salt: want error")
	}
}
