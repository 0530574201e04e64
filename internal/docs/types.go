package docs

// Template ids.
const (
	TemplateRCA        = "rca"
	TemplatePostmortem = "postmortem"
	TemplateGoogleSRE  = "google-sre"
	TemplatePagerDuty  = "pagerduty"
	TemplateAtlassian  = "atlassian"
)

// Document types (the seed's doc_type column).
const (
	TypeRCA        = "rca"
	TypePostmortem = "postmortem"
)

// Version sources.
const (
	SourceGenerated = "generated" // made by Generate
	SourceEdit      = "edit"      // saved from the editor (autosave or explicit)
	SourceRestore   = "restore"   // an earlier version restored
	SourceImport    = "import"    // replaced from a file (tftsr doc set)
	SourceDraft     = "draft"     // an AI draft of a section accepted by the user
	SourceRefresh   = "refresh"   // a section brought up to date from the incident
)

// TemplateInfo describes one template for the picker.
type TemplateInfo struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	DocType     string   `json:"docType"`  // rca | postmortem
	Sections    []string `json:"sections"` // the level-2 headings, in order
}

// Publication is where a document was last published to Confluence.
type Publication struct {
	PageID      string `json:"pageId"`
	URL         string `json:"url"`
	PageVersion int    `json:"pageVersion"` // Confluence's version number of the page
	DocVersion  int    `json:"docVersion"`  // the document version that was published
	SpaceKey    string `json:"spaceKey"`
	BaseURL     string `json:"baseUrl"`     // the Confluence site it was published to
	PublishedAt string `json:"publishedAt"` // UTC 'YYYY-MM-DD HH:MM:SS'
}

// Summary is a document without its content (lists).
type Summary struct {
	ID          string       `json:"id"`
	IssueID     string       `json:"issueId"`
	DocType     string       `json:"docType"`
	Template    string       `json:"template"`
	Title       string       `json:"title"`
	Version     int          `json:"version"` // the current version number (1…n)
	CreatedAt   string       `json:"createdAt"`
	UpdatedAt   string       `json:"updatedAt"`
	Publication *Publication `json:"publication"` // nil until published
}

// Document is a document with its current content.
type Document struct {
	Summary
	ContentMD string `json:"contentMd"`
}

// SaveInput replaces a document's title and content (a new version).
type SaveInput struct {
	Title     string `json:"title"`
	ContentMD string `json:"contentMd"`
	// NewVersion: never merge into the current edit version (restoring unsaved edits from an
	// earlier visit must not overwrite what was saved since).
	NewVersion bool `json:"newVersion"`
}

// VersionInfo is one saved version, without content.
type VersionInfo struct {
	Number    int    `json:"number"`
	Source    string `json:"source"` // generated | edit | restore | import | draft | refresh
	Title     string `json:"title"`
	Bytes     int    `json:"bytes"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"` // the last editor save merged into it (= createdAt otherwise)
	Current   bool   `json:"current"`
	Published bool   `json:"published"` // this version is the one last published
	Sealed    bool   `json:"sealed"`    // exported or published since: editor saves no longer replace it
}

// Version is one saved version with its content.
type Version struct {
	VersionInfo
	ContentMD string `json:"contentMd"`
}

// DiffLine is one line of a line diff; Old and New are 1-based line numbers (0 when the line is
// not on that side).
type DiffLine struct {
	Op   string `json:"op"` // equal | insert | delete
	Text string `json:"text"`
	Old  int    `json:"old"`
	New  int    `json:"new"`
}

// Diff compares two versions of a document.
type Diff struct {
	From    int        `json:"from"`
	To      int        `json:"to"`
	Added   int        `json:"added"`
	Removed int        `json:"removed"`
	Lines   []DiffLine `json:"lines"`
}
