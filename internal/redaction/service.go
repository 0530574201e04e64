package redaction

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/keys"
	"tftsr/internal/logs"
	"tftsr/internal/pii"
	"tftsr/internal/settings"
	"tftsr/internal/store"
)

// HKDF infos of the package's subkeys (see docs/security.md).
const (
	sealInfo = "tftsr pii values v1"     // AES-256-GCM key for stored values
	hashInfo = "tftsr pii value hash v1" // HMAC-SHA256 key for value_hash
)

// Audit actions.
const (
	ActionScan            = "pii.scan"
	ActionDecide          = "pii.decide"
	ActionApply           = "pii.apply"
	ActionAllowlistAdd    = "pii.allowlist.add"
	ActionAllowlistRemove = "pii.allowlist.remove"
)

// Service reviews and redacts stored logs.
type Service struct {
	db       *store.DB
	audit    *audit.Log
	logs     *logs.Service
	settings *settings.Service
	now      func() time.Time
	sealKey  []byte
	hashKey  []byte
	bulkRows int
	// recentMax bounds a scan's cache of recent values (defaultRecent).
	recentMax int
}

// NewService builds the service; master is the key material subkeys are derived from (keys.Key.Material).
func NewService(db *store.DB, log *audit.Log, lg *logs.Service, set *settings.Service, master []byte, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	sealKey, err := keys.Derive(master, sealInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("redaction: %w", err)
	}
	hashKey, err := keys.Derive(master, hashInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("redaction: %w", err)
	}
	return &Service{db: db, audit: log, logs: lg, settings: set, now: now, sealKey: sealKey, hashKey: hashKey, bulkRows: defaultBulkRows, recentMax: defaultRecent}, nil
}

// valueHash identifies a value without revealing it: HMAC-SHA256 under the hash subkey.
func (s *Service) valueHash(v string) string {
	sum := s.valueSum(v)
	return hex.EncodeToString(sum[:])
}

// valueSum is valueHash unencoded.
func (s *Service) valueSum(v string) [32]byte {
	return sumWith(hmac.New(sha256.New, s.hashKey), v)
}

// sumWith returns the HMAC of v computed with m (reused by a scan: hmac.New costs more than
// hashing a short value).
func sumWith(m hash.Hash, v string) (sum [32]byte) {
	m.Reset()
	io.WriteString(m, v)
	m.Sum(sum[:0])
	return sum
}

// valueHashIs is true for a pii_values row whose value has the HMAC given as its one parameter:
// the hash is kept once per incident, in the value's pseudonym (same type and ordinal).
const valueHashIs = `EXISTS (SELECT 1 FROM pii_pseudonyms p
	WHERE p.issue_id = (SELECT issue_id FROM log_files WHERE id = pii_values.log_file_id)
		AND p.pii_type = pii_values.pii_type AND p.ordinal = pii_values.ordinal AND p.value_hash = ?)`

// valueKey is the index key of a value hash (pii_values.value_key): its first 8 bytes.
func valueKey(hash string) int64 {
	u, _ := strconv.ParseUint(hash[:16], 16, 64)
	return int64(u)
}

func (s *Service) seal(v string) (string, error) {
	out, err := keys.Seal(s.sealKey, []byte(v))
	if err != nil {
		return "", fmt.Errorf("redaction: seal value: %w", err)
	}
	return out, nil
}

func (s *Service) unseal(sealed string) (string, error) {
	b, err := keys.OpenSealed(s.sealKey, sealed)
	if err != nil {
		return "", fmt.Errorf("redaction: open stored value: %w", err)
	}
	return string(b), nil
}

// Detector returns a detector honouring the current type switches, and the switched-off types.
func (s *Service) Detector(ctx context.Context) (*pii.Detector, []string, error) {
	disabled, err := s.disabledTypes(ctx)
	if err != nil {
		return nil, nil, err
	}
	off := map[string]bool{}
	for _, t := range disabled {
		off[t] = true
	}
	return pii.NewDetector(pii.Options{Disabled: off}), disabled, nil
}

// disabledTypes returns the types switched off in Settings, sorted.
func (s *Service) disabledTypes(ctx context.Context) ([]string, error) {
	set, err := s.settings.Get(ctx)
	if err != nil {
		return nil, fmt.Errorf("redaction: read settings: %w", err)
	}
	disabled := append([]string{}, set.DisabledPIITypes...)
	slices.Sort(disabled)
	return disabled, nil
}

func validType(t string) bool { return slices.Contains(pii.Types(), t) }

func validAction(a string) bool { return a == Redact || a == Keep }

// logIssue returns the incident of a log, or ErrNotFound.
func logIssue(ctx context.Context, q queryer, logFileID string) (string, error) {
	var issueID string
	err := q.QueryRowContext(ctx, `SELECT issue_id FROM log_files WHERE id = ?`, logFileID).Scan(&issueID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("redaction: log %q: %w", logFileID, apperr.ErrNotFound)
	}
	if err != nil {
		return "", dbErr("look up log", err)
	}
	return issueID, nil
}

func dbErr(op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("redaction: %s: %v: %w", op, err, apperr.ErrStorage)
}

// bumpVersion records that the decisions of a log changed (Summary.Pending compares versions).
func bumpVersion(ctx context.Context, tx *sql.Tx, logFileID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE pii_scan_state SET version = version + 1 WHERE log_file_id = ?`, logFileID); err != nil {
		return dbErr("update version", err)
	}
	return nil
}
