// Package redaction turns a stored log's PII findings into an approved, redacted version: it scans
// the log (internal/pii), stores the findings in pii_spans with their original values sealed, keeps
// the user's keep/redact decisions (per finding, per value, per type, allowlists), and on Apply
// writes the redacted text that is from then on the only form of the log any outbound code may use
// (internal/egress reads it). Offsets are bytes of UTF-8 text, as everywhere in the app.
package redaction

import "time"

// Decisions.
const (
	Redact = "redact"
	Keep   = "keep"
)

// Scopes of a Decision.
const (
	ScopeFinding = "finding" // one finding (FindingID)
	ScopeValue   = "value"   // every finding of Type with exactly Value in this log
	ScopeType    = "type"    // every finding of Type in this log
	ScopeAll     = "all"     // every finding in this log
)

// TypeCount is the number of findings of one type and how they are decided.
type TypeCount struct {
	Type   string `json:"type"`
	Total  int    `json:"total"`
	Redact int    `json:"redact"`
	Keep   int    `json:"keep"`
}

// Summary is the review state of one log.
type Summary struct {
	LogFileID       string      `json:"logFileId"`
	IssueID         string      `json:"issueId"`
	Scanned         bool        `json:"scanned"`
	ScannedAt       *time.Time  `json:"scannedAt"`
	DisabledTypes   []string    `json:"disabledTypes"`   // types that were off when the log was scanned
	SettingsChanged bool        `json:"settingsChanged"` // the type switches changed since the scan: rescan offered
	Total           int         `json:"total"`
	Redact          int         `json:"redact"`
	Keep            int         `json:"keep"`
	Types           []TypeCount `json:"types"` // only types with findings, in pii.Types order
	Applied         bool        `json:"applied"`
	AppliedAt       *time.Time  `json:"appliedAt"`
	AppliedSHA256   string      `json:"appliedSha256"`
	Pending         bool        `json:"pending"` // decisions differ from the applied version (or never applied)
}

// Finding is one stored finding. Start is a byte offset into line Line's UTF-8 text, End a byte
// offset into line EndLine's text (exclusive); EndLine == Line except for multi-line findings
// such as PEM private key blocks.
type Finding struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Rule        string `json:"rule"`
	Line        int    `json:"line"`
	Start       int    `json:"start"`
	EndLine     int    `json:"endLine"`
	End         int    `json:"end"`
	Value       string `json:"value"`
	Placeholder string `json:"placeholder"` // e.g. [EMAIL-2], stable within the incident
	Decision    string `json:"decision"`    // redact | keep
	Allowlisted bool   `json:"allowlisted"`
}

// FindingQuery selects findings of one log, in text order.
type FindingQuery struct {
	Type     string `json:"type"`     // "" = every type
	Value    string `json:"value"`    // "" = every value; else exact original value
	Decision string `json:"decision"` // "" | redact | keep
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"` // 0 → 200; at most 1000
}

// FindingPage is one page of findings.
type FindingPage struct {
	Total int       `json:"total"`
	Items []Finding `json:"items"`
}

// ValueGroup is every finding of one (type, value) in a log.
type ValueGroup struct {
	Type        string `json:"type"`
	Value       string `json:"value"`
	Placeholder string `json:"placeholder"`
	Count       int    `json:"count"`
	Redact      int    `json:"redact"`
	Keep        int    `json:"keep"`
	Allowlisted bool   `json:"allowlisted"`
}

// ValuePage is one page of value groups, most frequent first.
type ValuePage struct {
	Total int          `json:"total"`
	Items []ValueGroup `json:"items"`
}

// Decision is one keep/redact choice of the user.
type Decision struct {
	Scope     string `json:"scope"`     // finding | value | type | all
	FindingID string `json:"findingId"` // scope finding
	Type      string `json:"type"`      // scopes value and type
	Value     string `json:"value"`     // scope value
	Action    string `json:"action"`    // redact | keep
}

// AllowEntry is a value that is never redacted: in one incident, or everywhere (IssueID "").
type AllowEntry struct {
	ID        string    `json:"id"`
	IssueID   string    `json:"issueId"` // "" = global
	Type      string    `json:"type"`    // "" = any type
	Value     string    `json:"value"`
	CreatedAt time.Time `json:"createdAt"`
}

// ApplyResult describes the redacted version written by Apply.
type ApplyResult struct {
	LogFileID string `json:"logFileId"`
	SHA256    string `json:"sha256"` // of the redacted UTF-8 text
	Bytes     int64  `json:"bytes"`
	Redacted  int    `json:"redacted"`
	Kept      int    `json:"kept"`
}

// Pseudonym is what a placeholder stands for (shown to the user only, never sent).
type Pseudonym struct {
	Placeholder string `json:"placeholder"`
	Type        string `json:"type"`
	Value       string `json:"value"`
}
