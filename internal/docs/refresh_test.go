package docs_test

import (
	"context"
	"strings"
	"testing"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/docs"
)

func TestRefreshSectionFromTheIncident(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	issue := e.Issue(t, "Checkout down")
	d := must[docs.Document](t)(e.svc.Generate(ctx, issue, docs.TemplateRCA))
	if !strings.Contains(d.ContentMD, "No action items were recorded") {
		t.Fatalf("generated without actions:\n%s", d.ContentMD)
	}
	// The team writes its own text; then an action item is added on the incident.
	edited := strings.Replace(d.ContentMD, "_Not written yet: what the team learned, and what it will do differently._", "We learned to alert on pool size.", 1)
	d = must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: d.Title, ContentMD: edited}))
	must[actions.Item](t)(e.acts.Add(ctx, issue, actions.Input{Title: "Alert on orders_db pool → 80%", Owner: "sre"}))

	got := must[[]string](t)(e.svc.Refreshable(ctx, d.ID))
	if strings.Contains(strings.Join(got, "|"), "Lessons learned") || !strings.Contains(strings.Join(got, "|"), "Action items") {
		t.Fatalf("refreshable = %v", got)
	}
	r := must[docs.Document](t)(e.svc.RefreshSection(ctx, d.ID, "action items"))
	if r.Version != d.Version+1 || !strings.Contains(r.ContentMD, "| Alert on orders_db pool → 80% | sre |") ||
		!strings.Contains(r.ContentMD, "We learned to alert on pool size.") || strings.Contains(r.ContentMD, "No action items were recorded") {
		t.Fatalf("refreshed (v%d):\n%s", r.Version, r.ContentMD)
	}
	vs := must[[]docs.VersionInfo](t)(e.svc.Versions(ctx, d.ID))
	if vs[0].Source != docs.SourceRefresh {
		t.Errorf("newest version source %q", vs[0].Source)
	}
	// Nothing new: no new version. Free-text sections and unknown ones are refused.
	if again := must[docs.Document](t)(e.svc.RefreshSection(ctx, d.ID, "Action items")); again.Version != r.Version {
		t.Errorf("an unchanged refresh made version %d", again.Version)
	}
	_, err := e.svc.RefreshSection(ctx, d.ID, "Lessons learned")
	wantErr(t, err, apperr.ErrInvalid, "not a section filled from the incident")
	_, err = e.svc.RefreshSection(ctx, d.ID, "Nope")
	wantErr(t, err, apperr.ErrInvalid, "not a section filled from the incident")
}
