package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/confluencetest"
	"tftsr/internal/store/storetest"
)

func newConfluenceService(t *testing.T) *ConfluenceService {
	t.Helper()
	db := storetest.New(t)
	now := func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	integ, err := integrations.NewService(db, audit.New(now), []byte("0123456789abcdef0123456789abcdef"), confluence.Deps{}, now)
	if err != nil {
		t.Fatal(err)
	}
	return NewConfluenceService(context.Background(), integ)
}

// The bound methods store, test and clear a configuration; what reaches the frontend (JSON)
// never holds the token, and errors carry a stable code.
func TestConfluenceServiceSettings(t *testing.T) {
	const token = "pat-SECRET-0123456789"
	srv := confluencetest.New(t, confluencetest.Options{Deployment: confluencetest.DataCenter, ContextPath: "/wiki-dc",
		Token: token, AnonymousFallback: true})
	s := newConfluenceService(t)

	if got, err := s.Get(); err != nil || got.Configured {
		t.Fatalf("Get before save = %+v, %v", got, err)
	}
	if _, err := s.Test(); apperr.Code(err) != "invalid" {
		t.Errorf("Test before save = %v, want code invalid", err)
	}
	wrong := "wrong-SECRET-999999"
	in := integrations.ConfluenceInput{BaseURL: srv.URL(), Deployment: "datacenter", SpaceKey: "ENG", Token: &wrong}
	_, err := s.Save(in)
	if e := FormatError(err).(apperr.Error); e.Code != "auth" || !strings.Contains(e.Message, "anonymous") || strings.Contains(e.Message, "SECRET") {
		t.Errorf("Save with a wrong token = %+v, want auth about the anonymous fallback, no token", e)
	}
	if got, _ := s.Get(); got.Configured {
		t.Errorf("a refused save was stored: %+v", got)
	}

	tok := token
	in.Token = &tok
	check, err := s.Save(in)
	if err != nil {
		t.Fatal(err)
	}
	if check.SpaceName != "Engineering" || !check.Settings.TokenSet || check.Settings.TokenHint != "6789" {
		t.Errorf("Save = %+v", check)
	}
	got, err := s.Get()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{check, got} {
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), "SECRET") {
			t.Errorf("the token reaches the frontend: %s", b)
		}
	}
	if got.BaseURL != srv.URL() || got.Deployment != "datacenter" {
		t.Errorf("Get = %+v", got)
	}
	if c, err := s.Test(); err != nil || c.User != "Test User" {
		t.Errorf("Test = %+v, %v", c, err)
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(); got.Configured {
		t.Errorf("Get after Clear = %+v", got)
	}
}

func TestConfluenceServiceWithoutIntegrations(t *testing.T) {
	s := NewConfluenceService(context.Background(), nil)
	if _, err := s.Get(); !errors.Is(err, errNoIntegrations) {
		t.Errorf("Get = %v", err)
	}
	if err := s.Clear(); !errors.Is(err, errNoIntegrations) {
		t.Errorf("Clear = %v", err)
	}
}
