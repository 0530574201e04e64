package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

func newDocumentService(t *testing.T, now func() time.Time) (*DocumentService, *redactiontest.Env) {
	t.Helper()
	e := redactiontest.New(t)
	svc := docs.NewService(e.DB, e.Audit, docs.Sources{
		Incidents: e.Incidents,
		Timeline:  timeline.NewService(e.DB, e.Audit, nil),
		Triage:    triage.NewService(e.DB, e.Audit, nil),
		Actions:   actions.NewService(e.DB, e.Audit, nil),
		Redaction: e.Red,
	}, now)
	return NewDocumentService(context.Background(), svc, nil, nil, nil, nil, nil, now), e
}

func TestDocumentServiceLifecycle(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, e := newDocumentService(t, func() time.Time { return at })
	issue := e.Issue(t, "Disk full on db-01")

	tpls, err := s.Templates()
	if err != nil || len(tpls) != 5 || tpls[0].ID != docs.TemplateRCA || len(tpls[0].Sections) == 0 {
		t.Fatalf("Templates = %+v, %v", tpls, err)
	}
	assertCamel(t, tpls[0])

	doc, err := s.Generate(issue, docs.TemplatePostmortem)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Post-mortem: Disk full on db-01" || doc.Version != 1 || !strings.HasPrefix(doc.ContentMD, "# Post-mortem: Disk full on db-01\n") {
		t.Errorf("Generate = %+v", doc.Summary)
	}
	assertCamel(t, doc)
	assertCamel(t, doc.Summary)

	list, err := s.List(issue)
	if err != nil || len(list) != 1 || list[0].ID != doc.ID || list[0].Publication != nil {
		t.Errorf("List = %+v, %v", list, err)
	}
	got, err := s.Get(doc.ID)
	if err != nil || got.ContentMD != doc.ContentMD {
		t.Errorf("Get = %+v, %v", got.Summary, err)
	}

	edited := doc.ContentMD + "\nEdited → with 😀 and שלום.\r\n"
	saved, err := s.Save(doc.ID, docs.SaveInput{Title: "Disk full post-mortem", ContentMD: edited})
	if err != nil || saved.Version != 2 || saved.ContentMD != edited || saved.Title != "Disk full post-mortem" {
		t.Fatalf("Save = %+v, %v", saved.Summary, err)
	}
	vs, err := s.Versions(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, v := range vs {
		sources = append(sources, v.Source)
		assertCamel(t, v)
	}
	if diff := cmp.Diff([]string{docs.SourceEdit, docs.SourceGenerated}, sources); diff != "" {
		t.Errorf("Versions sources (-want +got):\n%s", diff)
	}
	v1, err := s.Version(doc.ID, 1)
	if err != nil || v1.ContentMD != doc.ContentMD || v1.Current {
		t.Errorf("Version(1) = %+v, %v", v1.VersionInfo, err)
	}
	d, err := s.Diff(doc.ID, 1, 2)
	if err != nil || d.Added != 2 || d.Removed != 0 || d.Lines[len(d.Lines)-1].Text != "Edited → with 😀 and שלום.\r" {
		t.Errorf("Diff = added %d removed %d, %v", d.Added, d.Removed, err)
	}
	assertCamel(t, d)

	restored, err := s.Restore(doc.ID, 1)
	if err != nil || restored.Version != 3 || restored.ContentMD != doc.ContentMD || restored.Title != doc.Title {
		t.Errorf("Restore = %+v, %v", restored.Summary, err)
	}

	if err := s.Delete(doc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(doc.ID); apperr.Code(err) != "not_found" {
		t.Errorf("Get after Delete: %v (code %q)", err, apperr.Code(err))
	}
}

func TestDocumentServiceErrorCodes(t *testing.T) {
	s, e := newDocumentService(t, nil)
	issue := e.Issue(t, "x")
	doc, err := s.Generate(issue, docs.TemplateRCA)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"unknown template", func() error { _, err := s.Generate(issue, "five-whys"); return err }(), "invalid"},
		{"unknown incident", func() error { _, err := s.Generate("nope", docs.TemplateRCA); return err }(), "not_found"},
		{"unknown document", func() error { _, err := s.Get("nope"); return err }(), "not_found"},
		{"empty title", func() error { _, err := s.Save(doc.ID, docs.SaveInput{ContentMD: "x"}); return err }(), "invalid"},
		{"unknown version", func() error { _, err := s.Version(doc.ID, 7); return err }(), "not_found"},
		{"diff unknown version", func() error { _, err := s.Diff(doc.ID, 0, 1); return err }(), "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apperr.Code(tt.err); got != tt.code {
				t.Errorf("code = %q (%v), want %q", got, tt.err, tt.code)
			}
		})
	}
}
