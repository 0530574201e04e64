package app

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
)

func TestFormatError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want apperr.Error
	}{
		{name: "not found", err: fmt.Errorf("incident: get %q: %w", "x", apperr.ErrNotFound), want: apperr.Error{Code: "not_found", Message: `incident: get "x"`}},
		{name: "invalid", err: fmt.Errorf("incident: title empty: %w", apperr.ErrInvalid), want: apperr.Error{Code: "invalid", Message: "incident: title empty"}},
		{name: "key", err: fmt.Errorf("store: wrong key: %w", apperr.ErrKey), want: apperr.Error{Code: "key", Message: "store: wrong key"}},
		{name: "bare sentinel keeps its words", err: apperr.ErrNotFound, want: apperr.Error{Code: "not_found", Message: "not found"}},
		{name: "sentinel in the middle is kept", err: fmt.Errorf("a: %w: b", apperr.ErrConflict), want: apperr.Error{Code: "conflict", Message: "a: conflict: b"}},
		{name: "plain error is internal", err: errors.New("boom"), want: apperr.Error{Code: "internal", Message: "boom"}},
		{name: "nil never panics", err: nil, want: apperr.Error{Code: "internal", Message: "unknown error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FormatError(tt.err)); diff != "" {
				t.Errorf("FormatError (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSystemServiceStatus(t *testing.T) {
	ctx := context.Background()
	startErr := fmt.Errorf("store: cannot decrypt /d/tftsr.db: %w", apperr.ErrKey)
	failed := NewSystemService(ctx, "v1", nil, startErr, nil)
	got, err := failed.Status()
	if err != nil {
		t.Fatal(err)
	}
	want := Startup{Ready: false, Error: &apperr.Error{Code: "key", Message: "store: cannot decrypt /d/tftsr.db"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Status (-want +got):\n%s", diff)
	}
	if _, err := failed.Security(); !errors.Is(err, apperr.ErrKey) {
		t.Errorf("Security on a failed start: err = %v, want the start error", err)
	}
	meta, err := failed.Meta()
	if err != nil || meta.Version != "v1" || len(meta.Domains) != 16 || len(meta.Severities) != 4 {
		t.Errorf("Meta = %+v, %v; want version v1, 16 domains, 4 severities", meta, err)
	}
	ok, _ := NewSystemService(ctx, "v1", nil, nil, nil).Status()
	if !ok.Ready || ok.Error != nil {
		t.Errorf("Status without a start error = %+v, want ready", ok)
	}
}
