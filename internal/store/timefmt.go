package store

import (
	"fmt"
	"time"
)

// TimeLayout is the seed's TEXT timestamp format for issues, log_files, settings, audit_log, … (UTC).
const TimeLayout = "2006-01-02 15:04:05"

// FormatTime renders t in the seed's TEXT format, in UTC.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime parses a seed TEXT timestamp (UTC).
func ParseTime(s string) (time.Time, error) {
	t, err := time.ParseInLocation(TimeLayout, s, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: parse time %q: %w", s, err)
	}
	return t, nil
}

// Millis renders t as the INTEGER milliseconds the seed's documents table uses.
func Millis(t time.Time) int64 { return t.UnixMilli() }
