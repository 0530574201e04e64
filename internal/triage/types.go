package triage

// Sources of a step and of a root-cause mark.
const (
	SourceUser = "user"
	SourceAI   = "ai"
)

// Limits enforced on input (characters = runes).
const (
	MaxQuestionLen  = 1000
	MaxAnswerLen    = 10000
	MaxEvidenceLen  = 20000
	MaxEvidenceRefs = 50
	MaxSteps        = 50 // per incident; the model can only ever create MaxLevel of them
	MaxFactorLen    = 2000
	MaxFactors      = 100
	MaxMessageIDLen = 200
)

// Step is one "why" of an incident (a row of resolution_steps).
type Step struct {
	ID           string        `json:"id"`
	IssueID      string        `json:"issueId"`
	Order        int           `json:"order"`    // 1-based position = its why level
	Question     string        `json:"question"` // resolution_steps.why_question
	Answer       string        `json:"answer"`
	Evidence     string        `json:"evidence"`
	EvidenceRefs []EvidenceRef `json:"evidenceRefs"` // never nil
	IsRootCause  bool          `json:"isRootCause"`
	RootCauseBy  string        `json:"rootCauseBy"` // "" | user | ai
	Source       string        `json:"source"`      // user | ai
	MessageID    string        `json:"messageId"`   // ai_messages.id the step came from; "" for user steps
	CreatedAt    string        `json:"createdAt"`
	UpdatedAt    string        `json:"updatedAt"`
}

// StepInput adds a step by hand (appended as the next level).
type StepInput struct {
	Question     string        `json:"question"`
	Answer       string        `json:"answer"`
	Evidence     string        `json:"evidence"`
	EvidenceRefs []EvidenceRef `json:"evidenceRefs"`
}

// StepUpdate is a partial update of a step: nil fields are left as they are.
type StepUpdate struct {
	Question     *string        `json:"question,omitempty"`
	Answer       *string        `json:"answer,omitempty"`
	Evidence     *string        `json:"evidence,omitempty"`
	EvidenceRefs *[]EvidenceRef `json:"evidenceRefs,omitempty"`
}

// Factor is a contributing factor (a row of contributing_factors).
type Factor struct {
	ID        string `json:"id"`
	IssueID   string `json:"issueId"`
	Text      string `json:"text"`
	Position  int    `json:"position"` // 1-based
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

// Progress is derived from the steps, so it survives restarts and never disagrees with them.
type Progress struct {
	Level          int  `json:"level"`          // number of steps, capped at MaxLevel for display
	Steps          int  `json:"steps"`          // number of steps
	RootCauseFound bool `json:"rootCauseFound"` // a step is marked as the root cause
}

// State is everything the triage page shows.
type State struct {
	Steps    []Step   `json:"steps"`   // by order; never nil
	Factors  []Factor `json:"factors"` // by position; never nil
	Progress Progress `json:"progress"`
}

// What ApplyReport did.
const (
	ApplyNone     = "none"     // nothing changed (repeat, stale level, or no block)
	ApplyAppended = "appended" // a new step was appended
	ApplyFilled   = "filled"   // an existing step's empty answer / evidence was filled
	ApplyMarked   = "marked"   // only the root-cause mark changed
)

// ApplyResult is the outcome of ApplyReport.
type ApplyResult struct {
	Action        string   `json:"action"` // none | appended | filled | marked
	StepID        string   `json:"stepId"` // the step appended, filled or marked; "" for none
	RootCauseSet  bool     `json:"rootCauseSet"`
	IgnoredReason string   `json:"ignoredReason"` // why a root-cause claim or a report was ignored; "" otherwise
	Progress      Progress `json:"progress"`
}
