package integrations

// Confluence deployments.
const (
	DeploymentCloud      = "cloud"      // Atlassian Cloud: email + API token over Basic
	DeploymentDataCenter = "datacenter" // Data Center / Server: personal access token over Bearer
)

// Confluence is the stored Confluence configuration as the UI sees it: the token never leaves
// the backend (TokenSet and, for tokens longer than 8 characters, its last 4 as TokenHint).
type Confluence struct {
	Configured bool   `json:"configured"`
	BaseURL    string `json:"baseUrl"`
	Deployment string `json:"deployment"` // cloud | datacenter
	Email      string `json:"email"`      // Cloud only
	SpaceKey   string `json:"spaceKey"`
	ParentID   string `json:"parentId"` // optional parent page id
	TokenSet   bool   `json:"tokenSet"`
	TokenHint  string `json:"tokenHint"`
	UpdatedAt  string `json:"updatedAt"`
}

// ConfluenceInput saves the configuration; Token nil keeps the stored token.
type ConfluenceInput struct {
	BaseURL    string  `json:"baseUrl"`
	Deployment string  `json:"deployment"`
	Email      string  `json:"email"`
	SpaceKey   string  `json:"spaceKey"`
	ParentID   string  `json:"parentId"`
	Token      *string `json:"token"`
}

// ConfluenceCheck is the result of a successful connection test.
type ConfluenceCheck struct {
	Settings    Confluence `json:"settings"`
	User        string     `json:"user"`        // display name of the authenticated user
	SpaceName   string     `json:"spaceName"`   // name of the configured space
	ParentTitle string     `json:"parentTitle"` // title of the parent page, when one is set
}
