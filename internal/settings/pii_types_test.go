package settings_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/settings"
)

func TestDisabledPIITypesRoundTrip(t *testing.T) {
	svc, db, _ := newSvc(t)
	ctx := context.Background()
	in := settings.Defaults()
	in.DisabledPIITypes = []string{"ipv4", "email", "ipv4"}
	got, err := svc.Update(ctx, in)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	want := []string{"email", "ipv4"} // sorted, without repeats
	if diff := cmp.Diff(want, got.DisabledPIITypes); diff != "" {
		t.Errorf("Update result (-want +got):\n%s", diff)
	}
	again, err := svc.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, again.DisabledPIITypes); diff != "" {
		t.Errorf("Get after Update (-want +got):\n%s", diff)
	}

	var details string
	if err := db.Read().QueryRow(`SELECT details FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1`, settings.ActionUpdate).Scan(&details); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Keys     []string `json:"keys"`
		Disabled []string `json:"disabled_pii_types"`
	}
	if err := json.Unmarshal([]byte(details), &d); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(struct {
		Keys     []string `json:"keys"`
		Disabled []string `json:"disabled_pii_types"`
	}{[]string{settings.KeyDisabledPII}, want}, d); diff != "" {
		t.Errorf("audit details (-want +got):\n%s", diff)
	}

	in.DisabledPIITypes = nil // everything back on
	got, err = svc.Update(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.DisabledPIITypes) != 0 || got.DisabledPIITypes == nil {
		t.Errorf("DisabledPIITypes = %#v, want empty (non-nil)", got.DisabledPIITypes)
	}
}

func TestDisabledPIITypesRejectsUnknown(t *testing.T) {
	svc, _, _ := newSvc(t)
	in := settings.Defaults()
	in.DisabledPIITypes = []string{"email", "shoe_size"}
	_, err := svc.Update(context.Background(), in)
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), `"shoe_size"`) {
		t.Fatalf("Update with unknown type: err = %v, want ErrInvalid naming shoe_size", err)
	}
	got, err := svc.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.DisabledPIITypes) != 0 {
		t.Errorf("a refused update stored %v", got.DisabledPIITypes)
	}
}
