package app

import (
	"context"
	"errors"

	"tftsr/internal/integrations"
)

// ConfluenceService exposes the Confluence settings. The token is write-only.
type ConfluenceService struct {
	ctx   context.Context
	integ *integrations.Service
}

// NewConfluenceService binds integ.
func NewConfluenceService(ctx context.Context, integ *integrations.Service) *ConfluenceService {
	return &ConfluenceService{ctx: ctx, integ: integ}
}

// errNoIntegrations: the system was built without the integrations service (a wiring mistake,
// reported instead of a nil-pointer panic in a bound method).
var errNoIntegrations = errors.New("app: the integrations service is not available")

// Get returns the stored configuration (never the token).
func (s *ConfluenceService) Get() (integrations.Confluence, error) {
	if s.integ == nil {
		return integrations.Confluence{}, errNoIntegrations
	}
	return s.integ.Confluence(s.ctx)
}

// Save tests the configuration against the server and stores it only when the test passes.
func (s *ConfluenceService) Save(in integrations.ConfluenceInput) (integrations.ConfluenceCheck, error) {
	if s.integ == nil {
		return integrations.ConfluenceCheck{}, errNoIntegrations
	}
	return s.integ.SaveConfluence(s.ctx, in)
}

// Test checks the stored configuration: credentials (not the anonymous fallback), space and parent.
func (s *ConfluenceService) Test() (integrations.ConfluenceCheck, error) {
	if s.integ == nil {
		return integrations.ConfluenceCheck{}, errNoIntegrations
	}
	return s.integ.TestConfluence(s.ctx)
}

// Clear removes the configuration and the token.
func (s *ConfluenceService) Clear() error {
	if s.integ == nil {
		return errNoIntegrations
	}
	return s.integ.ClearConfluence(s.ctx)
}
