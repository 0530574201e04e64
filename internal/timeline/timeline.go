// Package timeline is an incident's timeline (table timeline_events, migration 000019): what
// happened and when, from two sources.
//
// System events are written by the backend itself, through Record, inside the transaction of the
// change they describe (incident created, status changed, log added, redaction applied, 5-Whys
// advanced, root cause marked): the event exists exactly when the change does. They are
// read-only, except that the user may correct their time (occurred_at) — e.g. an incident typed
// in an hour after it was opened on the phone. They cannot be deleted or re-worded.
//
// User events (impact started, detected, mitigated, resolved, note) are added, edited and
// deleted by the user with their own times. The response metrics (time to detect / mitigate /
// resolve) are computed from the earliest user event of each kind.
//
// Events are ordered by occurred_at, then seq: a number that grows by one with every insert, so
// events recorded within the same second keep the order in which they happened.
package timeline

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
)

// System kinds: recorded by the backend, read-only except for their time.
const (
	KindIncidentCreated   = "incident.created"
	KindIncidentStatus    = "incident.status"
	KindLogAdded          = "log.added"
	KindRedactionApplied  = "redaction.applied"
	KindTriageWhyAdvanced = "triage.why_advanced"
	KindTriageRootCause   = "triage.root_cause"
	KindDocGenerated      = "document.generated"
	KindDocExported       = "document.exported"
	KindDocPublished      = "document.published"
)

// User kinds: added, edited and deleted by the user.
const (
	KindImpactStarted = "impact.started"
	KindDetected      = "detected"
	KindMitigated     = "mitigated"
	KindResolved      = "resolved"
	KindNote          = "note"
)

// Sources.
const (
	SourceSystem = "system"
	SourceUser   = "user"
)

// SystemKinds and UserKinds list the kinds in display order.
var (
	SystemKinds = []string{KindIncidentCreated, KindIncidentStatus, KindLogAdded, KindRedactionApplied,
		KindTriageWhyAdvanced, KindTriageRootCause, KindDocGenerated, KindDocExported, KindDocPublished}
	UserKinds = []string{KindImpactStarted, KindDetected, KindMitigated, KindResolved, KindNote}
)

// kindLabels are the default titles of user events (used when the user leaves the title empty).
var kindLabels = map[string]string{
	KindImpactStarted: "Impact started",
	KindDetected:      "Detected",
	KindMitigated:     "Mitigated",
	KindResolved:      "Resolved",
	KindNote:          "Note",
}

// Limits enforced on input.
const (
	MaxTitleLen  = 300  // characters (runes)
	MaxDetailLen = 4000 // characters
	// MaxFuture is how far in the future a user may date an event (clock skew, time zones).
	MaxFuture = 24 * time.Hour
)

// Event is one row of timeline_events.
type Event struct {
	ID         string `json:"id"`
	IssueID    string `json:"issueId"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	OccurredAt string `json:"occurredAt"` // 'YYYY-MM-DD HH:MM:SS' UTC
	Source     string `json:"source"`     // system | user
	Seq        int64  `json:"seq"`
	CreatedAt  string `json:"createdAt"`
	UpdatedAt  string `json:"updatedAt"`
	Editable   bool   `json:"editable"` // user events: everything; system events: only occurredAt
}

// SystemEvent is what another package records through Record.
type SystemEvent struct {
	IssueID string
	Kind    string // one of SystemKinds
	Title   string
	Detail  string
	At      time.Time // occurred_at (and created_at)
}

// KindInfo describes one kind for the UI.
type KindInfo struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Source string `json:"source"` // system | user
}

// Kinds lists every kind with its label, user kinds first.
func Kinds() []KindInfo {
	out := make([]KindInfo, 0, len(UserKinds)+len(SystemKinds))
	for _, k := range UserKinds {
		out = append(out, KindInfo{Kind: k, Label: kindLabels[k], Source: SourceUser})
	}
	sys := map[string]string{
		KindIncidentCreated: "Incident created", KindIncidentStatus: "Status changed", KindLogAdded: "Log added",
		KindRedactionApplied: "Redaction applied", KindTriageWhyAdvanced: "5-Whys advanced", KindTriageRootCause: "Root cause identified",
		KindDocGenerated: "Document generated", KindDocExported: "Document exported", KindDocPublished: "Document published",
	}
	for _, k := range SystemKinds {
		out = append(out, KindInfo{Kind: k, Label: sys[k], Source: SourceSystem})
	}
	return out
}

func isSystemKind(k string) bool { return slices.Contains(SystemKinds, k) }

func isUserKind(k string) bool { _, ok := kindLabels[k]; return ok }

func invalidf(format string, args ...any) error {
	return fmt.Errorf("timeline: "+format+": %w", append(args, apperr.ErrInvalid)...)
}

func hasControl(s, allowed string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}

func normalizeTitle(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", invalidf("title is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n < 1 || n > MaxTitleLen {
		return "", invalidf("title must be 1–%d characters (got %d)", MaxTitleLen, n)
	}
	if hasControl(s, "") {
		return "", invalidf("title must not contain control characters")
	}
	return s, nil
}

func validateDetail(s string) error {
	if !utf8.ValidString(s) {
		return invalidf("detail is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxDetailLen {
		return invalidf("detail must be at most %d characters (got %d)", MaxDetailLen, n)
	}
	if hasControl(s, "\n\r\t") {
		return invalidf("detail must not contain control characters other than newline, carriage return and tab")
	}
	return nil
}

// Truncate shortens s to at most n runes, ending with "…" when cut. System events use it for
// texts they quote (a question, a file name), so recording never fails on a long text.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// clean replaces control characters (other than newline and tab when multiline) with spaces.
func clean(s string, multiline bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return ' '
		}
		return r
	}, s)
}

// ParseTimeInput accepts 'YYYY-MM-DD HH:MM:SS' (UTC), 'YYYY-MM-DD HH:MM' (UTC) or RFC 3339 with an
// offset (converted to UTC) and returns the stored form.
func ParseTimeInput(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := store.ParseTime(s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, time.UTC); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Second), nil
	}
	return time.Time{}, invalidf("time %q is not 'YYYY-MM-DD HH:MM:SS' (UTC) or RFC 3339 with an offset", s)
}

// nextSeq returns the next insert sequence number.
func nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM timeline_events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("timeline: next seq: %w", err)
	}
	return seq, nil
}

func insert(ctx context.Context, tx *sql.Tx, ev Event) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("timeline: new id: %w", err)
	}
	ev.ID = id.String()
	if ev.Seq, err = nextSeq(ctx, tx); err != nil {
		return Event{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO timeline_events
		(id, issue_id, kind, title, detail, occurred_at, source, seq, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.ID, ev.IssueID, ev.Kind, ev.Title, ev.Detail, ev.OccurredAt, ev.Source, ev.Seq, ev.CreatedAt, ev.UpdatedAt); err != nil {
		return Event{}, fmt.Errorf("timeline: record %s: %w", ev.Kind, err)
	}
	ev.Editable = true
	return ev, nil
}

// Record writes a system event inside the caller's transaction (so it exists exactly when the
// change it describes does). Title and detail are cleaned of control characters and truncated
// to the limits rather than refused: recording must not make the caller's change fail.
func Record(ctx context.Context, tx *sql.Tx, ev SystemEvent) error {
	if !isSystemKind(ev.Kind) {
		return invalidf("record: %q is not a system kind", ev.Kind)
	}
	if ev.IssueID == "" {
		return invalidf("record %s: issue id is required", ev.Kind)
	}
	title := Truncate(strings.TrimSpace(clean(ev.Title, false)), MaxTitleLen)
	if title == "" {
		return invalidf("record %s: title is required", ev.Kind)
	}
	at := store.FormatTime(ev.At)
	_, err := insert(ctx, tx, Event{
		IssueID: ev.IssueID, Kind: ev.Kind, Title: title, Detail: Truncate(clean(ev.Detail, true), MaxDetailLen),
		OccurredAt: at, Source: SourceSystem, CreatedAt: at, UpdatedAt: at,
	})
	return err
}

// Constructors of the system events, so every caller words them the same way.

// IncidentCreated is the first event of every incident.
func IncidentCreated(issueID, title string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindIncidentCreated, Title: "Incident created", Detail: Truncate(title, 300), At: at}
}

// StatusChanged records a status transition.
func StatusChanged(issueID, from, to string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindIncidentStatus, Title: fmt.Sprintf("Status changed from %s to %s", from, to),
		Detail: from + " → " + to, At: at}
}

// LogAdded records a stored log.
func LogAdded(issueID, fileName string, size int64, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindLogAdded, Title: "Log added: " + Truncate(fileName, 200),
		Detail: fmt.Sprintf("%s, %d bytes", Truncate(fileName, 200), size), At: at}
}

// RedactionApplied records an applied redaction with its counts per type (redacted and kept).
func RedactionApplied(issueID, fileName string, redacted, kept map[string]int, at time.Time) SystemEvent {
	total := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	detail := fmt.Sprintf("%d findings redacted, %d kept", total(redacted), total(kept))
	if s := formatCounts(redacted); s != "" {
		detail += "\nredacted: " + s
	}
	if s := formatCounts(kept); s != "" {
		detail += "\nkept: " + s
	}
	return SystemEvent{IssueID: issueID, Kind: KindRedactionApplied, Title: "Redaction applied: " + Truncate(fileName, 200), Detail: detail, At: at}
}

// WhyAdvanced records the 5-Whys reaching level n.
func WhyAdvanced(issueID string, level int, question string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindTriageWhyAdvanced, Title: fmt.Sprintf("5-Whys advanced to why %d", level),
		Detail: Truncate(question, 1000), At: at}
}

// RootCause records a step marked as the root cause.
func RootCause(issueID string, level int, question string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindTriageRootCause, Title: fmt.Sprintf("Root cause identified at why %d", level),
		Detail: Truncate(question, 1000), At: at}
}

// DocGenerated records a document generated from template (its display name).
func DocGenerated(issueID, title, template string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindDocGenerated, Title: "Document generated: " + Truncate(title, 200),
		Detail: "Template: " + template, At: at}
}

// DocExported records a document written to a file (format md, html or pdf).
func DocExported(issueID, title, format, path string, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindDocExported, Title: fmt.Sprintf("Document exported as %s: %s", strings.ToUpper(format), Truncate(title, 200)),
		Detail: Truncate(path, 1000), At: at}
}

// DocPublished records a document published to Confluence (page version n at url).
func DocPublished(issueID, title, url string, pageVersion int, at time.Time) SystemEvent {
	return SystemEvent{IssueID: issueID, Kind: KindDocPublished, Title: fmt.Sprintf("Document published to Confluence (version %d): %s", pageVersion, Truncate(title, 200)),
		Detail: Truncate(url, 1000), At: at}
}

func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a stable text
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	return strings.Join(parts, ", ")
}
