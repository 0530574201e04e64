// Package incident is the incident (seed: "issue") aggregate: validation, persistence through
// plain SQL on the store, status transitions, list/filter/sort/paginate, full-text search and
// dashboard figures. Every change is audited in the same transaction as the change itself.
package incident

// Severity values are the seed's.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// Status values are the seed's. open → investigating → resolved → closed; resolved/closed can be
// reopened (back to open). resolved_at is set when entering resolved or closed (kept if already
// set), cleared when going back to open or investigating.
const (
	StatusOpen          = "open"
	StatusInvestigating = "investigating"
	StatusResolved      = "resolved"
	StatusClosed        = "closed"
)

// Severities, Statuses and Domains list the allowed values in display order.
var (
	Severities = []string{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}
	Statuses   = []string{StatusOpen, StatusInvestigating, StatusResolved, StatusClosed}
	// Domains are the 16 IT domains of the original app, stored in issues.category.
	Domains = []string{
		"Linux", "Windows", "Network", "Kubernetes", "Databases", "Virtualization", "Hardware",
		"Observability", "Telephony", "Security", "Public Safety", "Application",
		"Automation/CI-CD", "HPE Infrastructure", "Dell Hardware", "Identity & Access",
	}
)

// Limits enforced on input.
const (
	MaxTitleLen       = 300    // characters (runes)
	MaxDescriptionLen = 100000 // characters
	MaxAssigneeLen    = 200
	MaxTags           = 20
	MaxTagLen         = 50
)

// Issue is one row of the seed's issues table. Timestamps keep the seed's TEXT format
// "YYYY-MM-DD HH:MM:SS" (UTC).
type Issue struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	Status      string   `json:"status"`
	Domain      string   `json:"domain"` // issues.category; "" when unset
	Source      string   `json:"source"` // "gui" or "cli"
	CreatedAt   string   `json:"createdAt"`
	UpdatedAt   string   `json:"updatedAt"`
	ResolvedAt  string   `json:"resolvedAt"` // "" when unset
	AssignedTo  string   `json:"assignedTo"`
	Tags        []string `json:"tags"` // never nil
}

// LogFile is one row of log_files (filled by later issues; listed in IssueDetail already).
type LogFile struct {
	ID          string `json:"id"`
	IssueID     string `json:"issueId"`
	FileName    string `json:"fileName"`
	FileSize    int64  `json:"fileSize"`
	MimeType    string `json:"mimeType"`
	ContentHash string `json:"contentHash"`
	UploadedAt  string `json:"uploadedAt"`
	Redacted    bool   `json:"redacted"`
}

// ResolutionStep is one row of resolution_steps (5-Whys).
type ResolutionStep struct {
	ID          string `json:"id"`
	IssueID     string `json:"issueId"`
	StepOrder   int    `json:"stepOrder"`
	WhyQuestion string `json:"whyQuestion"`
	Answer      string `json:"answer"`
	Evidence    string `json:"evidence"`
	CreatedAt   string `json:"createdAt"`
}

// Conversation is one row of ai_conversations.
type Conversation struct {
	ID        string `json:"id"`
	IssueID   string `json:"issueId"`
	Provider  string `json:"provider"`
	Model     string `json:"model"`
	CreatedAt string `json:"createdAt"`
	Title     string `json:"title"`
}

// Detail is the seed's IssueDetail: the issue with its children. Slices are never nil.
type Detail struct {
	Issue           Issue            `json:"issue"`
	LogFiles        []LogFile        `json:"logFiles"`
	ResolutionSteps []ResolutionStep `json:"resolutionSteps"`
	Conversations   []Conversation   `json:"conversations"`
}

// CreateInput creates an incident. Severity defaults to medium when empty; Status is always open.
type CreateInput struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	Domain      string   `json:"domain"`
	AssignedTo  string   `json:"assignedTo"`
	Tags        []string `json:"tags"`
	Source      string   `json:"source"` // "gui" or "cli"; empty means "gui"
}

// UpdateInput is a partial update: nil fields are left as they are. Status changes go through
// SetStatus so resolved_at is handled in one place.
type UpdateInput struct {
	Title       *string   `json:"title,omitempty"`
	Description *string   `json:"description,omitempty"`
	Severity    *string   `json:"severity,omitempty"`
	Domain      *string   `json:"domain,omitempty"`
	AssignedTo  *string   `json:"assignedTo,omitempty"`
	Tags        *[]string `json:"tags,omitempty"`
}

// Sort fields for List.
const (
	SortUpdated  = "updated"  // updated_at (default)
	SortCreated  = "created"  // created_at
	SortSeverity = "severity" // critical first when descending
	SortTitle    = "title"
	SortStatus   = "status"
)

// ListFilter filters, sorts and paginates List. Empty fields do not filter.
type ListFilter struct {
	Status     []string `json:"status"`
	Severity   []string `json:"severity"`
	Domain     string   `json:"domain"`
	AssignedTo string   `json:"assignedTo"`
	Tag        string   `json:"tag"`
	Sort       string   `json:"sort"`   // one of the Sort* constants; default SortUpdated
	Desc       bool     `json:"desc"`   // descending; the GUI sends true for "newest first"
	Limit      int      `json:"limit"`  // 1..500, default 50
	Offset     int      `json:"offset"` // >= 0
}

// ListResult is one page of List.
type ListResult struct {
	Items []Issue `json:"items"` // never nil
	Total int     `json:"total"` // matching rows across all pages
}

// Highlight markers in search snippets. They are control characters that validation refuses in
// stored text, so they can only come from the FTS snippet; the UI splits on them and renders
// <mark> elements itself (no HTML is ever built from user text).
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// SearchHit is one search result, best first (bm25, title weighted above description).
type SearchHit struct {
	Issue              Issue   `json:"issue"`
	TitleSnippet       string  `json:"titleSnippet"`       // title with matches between MarkStart/MarkEnd
	DescriptionSnippet string  `json:"descriptionSnippet"` // fragment of the description, same markers; "" when no description
	Rank               float64 `json:"rank"`               // negated bm25 score: higher is better
}

// SearchResult is a page of search hits.
type SearchResult struct {
	Query string      `json:"query"`
	Hits  []SearchHit `json:"hits"` // never nil
}

// SeverityCount is one bar of the dashboard.
type SeverityCount struct {
	Severity string `json:"severity"`
	Count    int    `json:"count"`
}

// Dashboard holds the dashboard figures, computed from the store at call time.
type Dashboard struct {
	OpenBySeverity      []SeverityCount `json:"openBySeverity"` // open+investigating, all four severities in order
	OpenTotal           int             `json:"openTotal"`
	ResolvedLast7Days   int             `json:"resolvedLast7Days"`   // resolved_at within the last 7 days
	MeanTimeToResolveMs int64           `json:"meanTimeToResolveMs"` // over incidents with resolved_at; 0 when none
	ResolvedCount       int             `json:"resolvedCount"`       // incidents MTTR was computed over
	Total               int             `json:"total"`
	Recent              []Issue         `json:"recent"` // last 8 by updated_at
}
