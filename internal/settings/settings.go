// Package settings reads and writes user preferences in the seed's settings table (key/value/
// updated_at). Nothing is kept in the browser. Every change is audited.
package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/pii"
	"tftsr/internal/store"
)

// Themes.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Themes lists the allowed themes in display order.
var Themes = []string{ThemeSystem, ThemeLight, ThemeDark}

// Keys of the settings table.
const (
	KeyTheme           = "theme"
	KeyDefaultSeverity = "default_severity"
	KeyDefaultDomain   = "default_domain"
	KeyDefaultAssignee = "default_assignee"
	KeyDisabledPII     = "disabled_pii_types" // JSON array of pii.Types entries
)

// Audit action and entity written on Update.
const (
	ActionUpdate   = "settings.update"
	EntitySettings = "settings"
)

// Settings are the user's preferences. Zero values are replaced by defaults on read.
type Settings struct {
	Theme           string `json:"theme"`           // system | light | dark
	DefaultSeverity string `json:"defaultSeverity"` // one of incident.Severities
	DefaultDomain   string `json:"defaultDomain"`   // "" or one of incident.Domains
	DefaultAssignee string `json:"defaultAssignee"` // free text, <= 200 chars
	// DisabledPIITypes are finding types (pii.Types) the detector skips; the backend enforces it.
	DisabledPIITypes []string `json:"disabledPiiTypes"`
}

// Defaults returns the settings used when nothing is stored.
func Defaults() Settings {
	return Settings{Theme: ThemeSystem, DefaultSeverity: incident.SeverityMedium, DisabledPIITypes: []string{}}
}

// normalizePIITypes checks every type against pii.Types and returns them sorted, without repeats.
func normalizePIITypes(in []string) ([]string, error) {
	known := pii.Types()
	out := []string{}
	for _, t := range in {
		if !slices.Contains(known, t) {
			return nil, fmt.Errorf("settings: disabled PII types: unknown type %q (known: %s): %w", t, strings.Join(known, ", "), apperr.ErrInvalid)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

func encodeTypes(ts []string) string {
	b, _ := json.Marshal(ts) // a []string always marshals
	return string(b)
}

// Service reads and writes Settings.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService builds a Service.
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	return &Service{db: db, audit: log, now: now}
}

// normalize fills defaults for empty theme/severity, trims the assignee and validates every field.
func normalize(in Settings) (Settings, error) {
	out := in
	if out.Theme == "" {
		out.Theme = ThemeSystem
	}
	switch out.Theme {
	case ThemeSystem, ThemeLight, ThemeDark:
	default:
		return Settings{}, fmt.Errorf("settings: unknown theme %q (want system, light or dark): %w", in.Theme, apperr.ErrInvalid)
	}
	if out.DefaultSeverity == "" {
		out.DefaultSeverity = incident.SeverityMedium
	}
	if err := incident.ValidateSeverity(out.DefaultSeverity); err != nil {
		return Settings{}, fmt.Errorf("settings: default severity: %w", err)
	}
	if err := incident.ValidateDomain(out.DefaultDomain); err != nil {
		return Settings{}, fmt.Errorf("settings: default domain: %w", err)
	}
	a, err := incident.NormalizeAssignee(out.DefaultAssignee)
	if err != nil {
		return Settings{}, fmt.Errorf("settings: default assignee: %w", err)
	}
	out.DefaultAssignee = a
	if out.DisabledPIITypes, err = normalizePIITypes(in.DisabledPIITypes); err != nil {
		return Settings{}, err
	}
	return out, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// read loads the stored settings; values that are missing or no longer valid fall back to defaults.
func read(ctx context.Context, q querier) (Settings, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?, ?)`,
		KeyTheme, KeyDefaultSeverity, KeyDefaultDomain, KeyDefaultAssignee, KeyDisabledPII)
	if err != nil {
		return Settings{}, fmt.Errorf("settings: read: %w", err)
	}
	defer rows.Close()
	s := Defaults()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Settings{}, fmt.Errorf("settings: read: %w", err)
		}
		switch k {
		case KeyTheme:
			s.Theme = v
		case KeyDefaultSeverity:
			s.DefaultSeverity = v
		case KeyDefaultDomain:
			s.DefaultDomain = v
		case KeyDefaultAssignee:
			s.DefaultAssignee = v
		case KeyDisabledPII:
			var ts []string
			if json.Unmarshal([]byte(v), &ts) == nil {
				// Types a newer or older detector no longer knows are dropped, not fatal.
				for _, t := range ts {
					if slices.Contains(pii.Types(), t) && !slices.Contains(s.DisabledPIITypes, t) {
						s.DisabledPIITypes = append(s.DisabledPIITypes, t)
					}
				}
				slices.Sort(s.DisabledPIITypes)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Settings{}, fmt.Errorf("settings: read: %w", err)
	}
	// A value written by another version that we no longer accept must not break the app.
	d := Defaults()
	if _, err := normalize(Settings{Theme: s.Theme}); err != nil {
		s.Theme = d.Theme
	}
	if incident.ValidateSeverity(s.DefaultSeverity) != nil {
		s.DefaultSeverity = d.DefaultSeverity
	}
	if incident.ValidateDomain(s.DefaultDomain) != nil {
		s.DefaultDomain = d.DefaultDomain
	}
	return s, nil
}

// Get returns the current settings with defaults filled in.
func (s *Service) Get(ctx context.Context) (Settings, error) { return read(ctx, s.db.Read()) }

// Update validates and stores all fields of in, auditing the keys that changed, and returns the
// stored settings. Empty theme and default severity mean "the default".
func (s *Service) Update(ctx context.Context, in Settings) (Settings, error) {
	next, err := normalize(in)
	if err != nil {
		return Settings{}, err
	}
	var out Settings
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := read(ctx, tx)
		if err != nil {
			return err
		}
		pairs := []struct{ key, from, to string }{
			{KeyTheme, cur.Theme, next.Theme},
			{KeyDefaultSeverity, cur.DefaultSeverity, next.DefaultSeverity},
			{KeyDefaultDomain, cur.DefaultDomain, next.DefaultDomain},
			{KeyDefaultAssignee, cur.DefaultAssignee, next.DefaultAssignee},
			{KeyDisabledPII, encodeTypes(cur.DisabledPIITypes), encodeTypes(next.DisabledPIITypes)},
		}
		now := store.FormatTime(s.now())
		changed := []string{}
		for _, p := range pairs {
			if p.from == p.to {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				p.key, p.to, now); err != nil {
				return fmt.Errorf("settings: store %s: %w", p.key, err)
			}
			changed = append(changed, p.key)
		}
		if len(changed) > 0 {
			if _, err := s.audit.Append(ctx, tx, audit.Event{
				Action: ActionUpdate, EntityType: EntitySettings, EntityID: EntitySettings,
				Details: auditDetails(changed, next),
			}); err != nil {
				return fmt.Errorf("settings: audit: %w", err)
			}
		}
		out, err = read(ctx, tx)
		return err
	})
	if err != nil {
		return Settings{}, err
	}
	return out, nil
}

// auditDetails names the changed keys; the PII switches (type names, no user data) are listed
// too, so the audit log shows which detections were turned off and when.
func auditDetails(changed []string, next Settings) map[string]any {
	d := map[string]any{"keys": changed}
	if slices.Contains(changed, KeyDisabledPII) {
		d["disabled_pii_types"] = next.DisabledPIITypes
	}
	return d
}
