package app

import (
	"context"

	"tftsr/internal/ai"
	"tftsr/internal/providers"
)

// ProviderService exposes AI provider settings. Keys go in (Create/Update) and never come out.
type ProviderService struct {
	ctx context.Context
	svc *providers.Service
}

// NewProviderService binds svc.
func NewProviderService(ctx context.Context, svc *providers.Service) *ProviderService {
	return &ProviderService{ctx: ctx, svc: svc}
}

// KindInfo describes a provider kind for the settings form.
type KindInfo struct {
	Kind           ai.Kind `json:"kind"`
	Label          string  `json:"label"`
	DefaultBaseURL string  `json:"defaultBaseUrl"` // "" = must be given
	NeedsBaseURL   bool    `json:"needsBaseUrl"`
	KeyOptional    bool    `json:"keyOptional"` // local servers often have none
	NeedsVersion   bool    `json:"needsVersion"`
	ModelHint      string  `json:"modelHint"`
	Help           string  `json:"help"`
}

// Kinds lists the provider kinds the settings form offers.
func (s *ProviderService) Kinds() []KindInfo {
	return []KindInfo{
		{Kind: ai.KindOpenAI, Label: "OpenAI or compatible", DefaultBaseURL: "https://api.openai.com/v1", KeyOptional: true, ModelHint: "gpt-4o-mini",
			Help: "OpenAI, or any OpenAI-compatible server by its base URL: LM Studio (http://localhost:1234/v1), vLLM, LiteLLM, Ollama (http://localhost:11434/v1)."},
		{Kind: ai.KindAzureOpenAI, Label: "Azure OpenAI", NeedsBaseURL: true, NeedsVersion: true, ModelHint: "deployment name",
			Help: "Base URL is the resource endpoint (https://NAME.openai.azure.com); model is the deployment name; API version e.g. 2024-10-21."},
		{Kind: ai.KindAnthropic, Label: "Anthropic", DefaultBaseURL: "https://api.anthropic.com", ModelHint: "claude-sonnet-4-5"},
		{Kind: ai.KindGemini, Label: "Google Gemini", DefaultBaseURL: "https://generativelanguage.googleapis.com", ModelHint: "gemini-2.5-flash"},
		{Kind: ai.KindMistral, Label: "Mistral", DefaultBaseURL: "https://api.mistral.ai/v1", ModelHint: "mistral-small-latest"},
		{Kind: ai.KindOllama, Label: "Ollama (native API)", DefaultBaseURL: "http://localhost:11434", KeyOptional: true, ModelHint: "llama3.1"},
		{Kind: ai.KindCustom, Label: "Custom REST", NeedsBaseURL: true, KeyOptional: true,
			Help: "Describe the endpoint: path, auth header and prefix, and the request and response field paths (dot paths, e.g. choices.0.message.content)."},
	}
}

// List returns the configured providers (never their keys).
func (s *ProviderService) List() ([]providers.Provider, error) { return s.svc.List(s.ctx) }

// Create adds a provider.
func (s *ProviderService) Create(in providers.Input) (providers.Provider, error) {
	return s.svc.Create(s.ctx, in)
}

// Update changes a provider; a nil apiKey keeps the stored key, "" clears it.
func (s *ProviderService) Update(id string, in providers.Input) (providers.Provider, error) {
	return s.svc.Update(s.ctx, id, in)
}

// Delete removes a provider.
func (s *ProviderService) Delete(id string) error { return s.svc.Delete(s.ctx, id) }

// SetDefault makes a provider the default.
func (s *ProviderService) SetDefault(id string) error { return s.svc.SetDefault(s.ctx, id) }

// Test checks the connection with the stored settings.
func (s *ProviderService) Test(id string) (providers.TestResult, error) { return s.svc.Test(s.ctx, id) }

// Models lists the provider's models.
func (s *ProviderService) Models(id string) ([]ai.Model, error) { return s.svc.Models(s.ctx, id) }

// ForIncident returns the incident's provider choice.
func (s *ProviderService) ForIncident(issueID string) (providers.Choice, error) {
	return s.svc.ForIncident(s.ctx, issueID)
}

// ChooseForIncident sets the incident's provider ("" = the default).
func (s *ProviderService) ChooseForIncident(issueID, providerID string) error {
	return s.svc.ChooseForIncident(s.ctx, issueID, providerID)
}
