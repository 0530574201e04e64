package actions_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

func setup(t *testing.T) (*actions.Service, string, *store.DB) {
	t.Helper()
	db := storetest.New(t)
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	log := audit.New(now)
	inc, err := incident.NewService(db, log, now).Create(context.Background(), incident.CreateInput{Title: "Checkout 502"})
	if err != nil {
		t.Fatal(err)
	}
	return actions.NewService(db, log, now), inc.ID, db
}

func titles(items []actions.Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

func TestAddUpdateReorderDelete(t *testing.T) {
	s, issue, _ := setup(t)
	ctx := context.Background()
	a, err := s.Add(ctx, issue, actions.Input{Title: "  Add a size limit to the product cache ", Owner: "Platform team", DueDate: "2026-12-15", Priority: "high"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Add a size limit to the product cache" || a.Status != "open" || a.Position != 1 || a.DueDate != "2026-12-15" {
		t.Errorf("added = %+v", a)
	}
	b, _ := s.Add(ctx, issue, actions.Input{Title: "Alert on pod restarts"})
	c, _ := s.Add(ctx, issue, actions.Input{Title: "Load test before release"})
	if b.Priority != "medium" || c.Position != 3 {
		t.Errorf("defaults/positions: %+v %+v", b, c)
	}
	done := "done"
	none := ""
	u, err := s.Update(ctx, b.ID, actions.Update{Status: &done, DueDate: &none})
	if err != nil || u.Status != "done" || u.DueDate != "" {
		t.Fatalf("update = %+v, %v", u, err)
	}
	got, err := s.Reorder(ctx, issue, []string{c.ID, a.ID, b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"Load test before release", "Add a size limit to the product cache", "Alert on pod restarts"}, titles(got)); d != "" {
		t.Errorf("reordered (-want +got):\n%s", d)
	}
	if err := s.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx, issue)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Position != 1 || list[1].Position != 2 || list[1].Status != "done" {
		t.Errorf("after delete = %+v", list)
	}
}

func TestValidationAndNotFound(t *testing.T) {
	s, issue, _ := setup(t)
	ctx := context.Background()
	cases := []struct {
		in   actions.Input
		want string
	}{
		{actions.Input{}, "title is required"},
		{actions.Input{Title: "a\nb"}, "one line"},
		{actions.Input{Title: strings.Repeat("x", actions.MaxTitleLen+1)}, "longer than 500"},
		{actions.Input{Title: "x", DueDate: "15/12/2026"}, "YYYY-MM-DD"},
		{actions.Input{Title: "x", Priority: "urgent"}, "priority must be one of"},
		{actions.Input{Title: "x", Status: "closed"}, "status must be one of"},
	}
	for _, c := range cases {
		if _, err := s.Add(ctx, issue, c.in); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Add(%+v) = %v, want invalid with %q", c.in, err, c.want)
		}
	}
	if _, err := s.Add(ctx, "missing", actions.Input{Title: "x"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("missing incident: %v", err)
	}
	x := "x"
	if _, err := s.Update(ctx, "missing", actions.Update{Title: &x}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("missing item: %v", err)
	}
	a, _ := s.Add(ctx, issue, actions.Input{Title: "one"})
	if _, err := s.Reorder(ctx, issue, []string{a.ID, a.ID}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("reorder with a repeat: %v", err)
	}
}

func TestChangesAreAuditedWithoutText(t *testing.T) {
	s, issue, db := setup(t)
	ctx := context.Background()
	a, err := s.Add(ctx, issue, actions.Input{Title: "Rotate the leaked key for carol", Owner: "Carol"})
	if err != nil {
		t.Fatal(err)
	}
	title := "Rotate the key"
	if _, err := s.Update(ctx, a.ID, actions.Update{Title: &title}); err != nil {
		t.Fatal(err)
	}
	entries, err := audit.List(ctx, db.Read(), issue, 20)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
		if strings.Contains(e.Details, "Rotate") || strings.Contains(e.Details, "Carol") {
			t.Errorf("audit %s holds the text: %s", e.Action, e.Details)
		}
	}
	if !seen[actions.ActionAdd] || !seen[actions.ActionUpdate] {
		t.Errorf("audited actions = %v", seen)
	}
}
