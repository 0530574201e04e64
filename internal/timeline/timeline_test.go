package timeline_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/logs"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	*redactiontest.Env
	tl  *timeline.Service
	inc *incident.Service // on the fake clock
	clk *clock
}

func newEnv(t *testing.T) env {
	t.Helper()
	re := redactiontest.New(t)
	clk := &clock{t: t0}
	log := audit.New(clk.Now)
	return env{Env: re, tl: timeline.NewService(re.DB, log, clk.Now), inc: incident.NewService(re.DB, log, clk.Now), clk: clk}
}

func (e env) issue(t *testing.T) string {
	t.Helper()
	is, err := e.inc.Create(context.Background(), incident.CreateInput{Title: "Checkout down"})
	if err != nil {
		t.Fatal(err)
	}
	return is.ID
}

type row struct{ Kind, Title, Detail, Source string }

func (e env) rows(t *testing.T, issueID string) []row {
	t.Helper()
	evs, err := e.tl.List(context.Background(), issueID)
	if err != nil {
		t.Fatal(err)
	}
	out := []row{}
	for _, ev := range evs {
		out = append(out, row{ev.Kind, ev.Title, ev.Detail, ev.Source})
	}
	return out
}

func wantErr(t *testing.T, err, kind error, contains string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if contains != "" && !strings.Contains(err.Error(), contains) {
		t.Errorf("err = %q, want it to mention %q", err, contains)
	}
}

func TestSystemEventsRecordedWithTheChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t)
	e.clk.Advance(time.Minute)
	if _, err := e.inc.SetStatus(ctx, id, incident.StatusInvestigating); err != nil {
		t.Fatal(err)
	}
	// No change, no event; a refused change, no event.
	if _, err := e.inc.SetStatus(ctx, id, incident.StatusInvestigating); err != nil {
		t.Fatal(err)
	}
	if _, err := e.inc.SetStatus(ctx, id, "bogus"); err == nil {
		t.Fatal("bogus status accepted")
	}
	text := "2026-03-01 09:01:00 login failed for alice@example.com\n2026-03-01 09:01:02 retry from bob@example.org\n"
	logID := e.AddLog(t, id, "auth.log", text, 0)
	// A failed ingest (binary) stores nothing, so no event either.
	if _, err := e.Logs.IngestReader(ctx, id, "core.bin", strings.NewReader("\x00\x01\x02\x00binary\x00"), 10, logs.Options{}, nil); err == nil {
		t.Fatal("binary log accepted")
	}
	e.Scan(t, logID)
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	got := e.rows(t, id)
	want := []row{
		{timeline.KindIncidentCreated, "Incident created", "Checkout down", timeline.SourceSystem},
		{timeline.KindIncidentStatus, "Status changed from open to investigating", "open → investigating", timeline.SourceSystem},
		{timeline.KindLogAdded, "Log added: auth.log", "auth.log, 102 bytes", timeline.SourceSystem},
		{timeline.KindRedactionApplied, "Redaction applied: auth.log", "2 findings redacted, 0 kept\nredacted: email 2", timeline.SourceSystem},
	}
	// The log and redaction services run on the real clock (later than t0): the order is by time.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
	evs, _ := e.tl.List(ctx, id)
	if evs[0].OccurredAt != store.FormatTime(t0) || evs[1].OccurredAt != store.FormatTime(t0.Add(time.Minute)) {
		t.Errorf("occurred_at = %q, %q", evs[0].OccurredAt, evs[1].OccurredAt)
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Seq <= evs[i-1].Seq {
			t.Errorf("seq not increasing: %d after %d", evs[i].Seq, evs[i-1].Seq)
		}
	}
	// Deleting the incident removes its timeline.
	if err := e.inc.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := e.DB.Read().QueryRow(`SELECT count(*) FROM timeline_events`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d events left after delete (%v)", n, err)
	}
}

func TestRecordRefusesUserKindsAndCleansText(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t)
	err := e.DB.Tx(ctx, func(tx *sqlTx) error {
		return timeline.Record(ctx, tx, timeline.SystemEvent{IssueID: id, Kind: timeline.KindNote, Title: "x", At: t0})
	})
	wantErr(t, err, apperr.ErrInvalid, "not a system kind")
	err = e.DB.Tx(ctx, func(tx *sqlTx) error {
		return timeline.Record(ctx, tx, timeline.LogAdded(id, "evil\x1b[31m"+strings.Repeat("n", 400), 5, t0))
	})
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := e.tl.List(ctx, id)
	last := evs[len(evs)-1]
	if strings.ContainsRune(last.Title, 0x1b) || len([]rune(last.Title)) > timeline.MaxTitleLen || !strings.HasSuffix(last.Title, "…") {
		t.Errorf("title not cleaned/truncated: %q", last.Title)
	}
}

func TestUserEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t)
	e.clk.Advance(2 * time.Hour)
	ev, err := e.tl.Add(ctx, id, timeline.Input{Kind: timeline.KindImpactStarted, OccurredAt: "2026-03-01T08:30:00+01:00"})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Title != "Impact started" || ev.OccurredAt != "2026-03-01 07:30:00" || ev.Source != timeline.SourceUser || !ev.Editable {
		t.Errorf("Add = %+v", ev)
	}
	note, err := e.tl.Add(ctx, id, timeline.Input{Kind: timeline.KindNote, Title: "Paged DBA", Detail: "via phone\nno answer", OccurredAt: "2026-03-01 09:00"})
	if err != nil {
		t.Fatal(err)
	}
	// Same second as incident.created: kept after it (insert order).
	got := e.rows(t, id)
	want := []row{
		{timeline.KindImpactStarted, "Impact started", "", "user"},
		{timeline.KindIncidentCreated, "Incident created", "Checkout down", "system"},
		{timeline.KindNote, "Paged DBA", "via phone\nno answer", "user"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
	up, err := e.tl.Update(ctx, note.ID, timeline.Update{Kind: ptr(timeline.KindMitigated), Title: ptr(""), OccurredAt: ptr("2026-03-01 10:00:00")})
	if err != nil {
		t.Fatal(err)
	}
	if up.Kind != timeline.KindMitigated || up.Title != "Mitigated" || up.OccurredAt != "2026-03-01 10:00:00" || up.UpdatedAt != store.FormatTime(e.clk.Now()) {
		t.Errorf("Update = %+v", up)
	}
	if err := e.tl.Delete(ctx, note.ID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.tl.Delete(ctx, note.ID), apperr.ErrNotFound, note.ID)

	bad := []struct {
		name string
		in   timeline.Input
		msg  string
	}{
		{"system kind", timeline.Input{Kind: timeline.KindIncidentStatus, OccurredAt: "2026-03-01 09:00:00"}, "recorded by TFTSR"},
		{"unknown kind", timeline.Input{Kind: "outage", OccurredAt: "2026-03-01 09:00:00"}, "unknown kind"},
		{"bad time", timeline.Input{Kind: timeline.KindNote, OccurredAt: "yesterday"}, "not 'YYYY-MM-DD"},
		{"future", timeline.Input{Kind: timeline.KindNote, OccurredAt: "2026-03-03 09:00:00"}, "future"},
		{"long title", timeline.Input{Kind: timeline.KindNote, Title: strings.Repeat("t", timeline.MaxTitleLen+1), OccurredAt: "2026-03-01 09:00:00"}, "title must be"},
		{"control in title", timeline.Input{Kind: timeline.KindNote, Title: "a\tb", OccurredAt: "2026-03-01 09:00:00"}, "control"},
		{"long detail", timeline.Input{Kind: timeline.KindNote, Detail: strings.Repeat("d", timeline.MaxDetailLen+1), OccurredAt: "2026-03-01 09:00:00"}, "detail must be"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.tl.Add(ctx, id, tt.in)
			wantErr(t, err, apperr.ErrInvalid, tt.msg)
		})
	}
	_, err = e.tl.Add(ctx, "nope", timeline.Input{Kind: timeline.KindNote, OccurredAt: "2026-03-01 09:00:00"})
	wantErr(t, err, apperr.ErrNotFound, "nope")
	_, err = e.tl.List(ctx, "nope")
	wantErr(t, err, apperr.ErrNotFound, "nope")
	_, err = e.tl.Update(ctx, "nope", timeline.Update{})
	wantErr(t, err, apperr.ErrNotFound, "nope")

	// Audit: add, add, update, delete — ids and kinds only.
	entries, err := audit.List(ctx, e.DB.Read(), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(entries) - 1; i >= 0; i-- {
		if strings.HasPrefix(entries[i].Action, "timeline.") {
			actions = append(actions, entries[i].Action)
		}
		if strings.Contains(entries[i].Details, "Paged") || strings.Contains(entries[i].Details, "phone") {
			t.Errorf("audit holds event text: %s", entries[i].Details)
		}
	}
	if diff := cmp.Diff([]string{"timeline.add", "timeline.add", "timeline.update", "timeline.delete"}, actions); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
}

func TestSystemEventsOnlyTimeCanBeCorrected(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t)
	evs, _ := e.tl.List(ctx, id)
	created := evs[0]
	for name, up := range map[string]timeline.Update{
		"title":  {Title: ptr("x")},
		"detail": {Detail: ptr("x")},
		"kind":   {Kind: ptr(timeline.KindNote)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.tl.Update(ctx, created.ID, up)
			wantErr(t, err, apperr.ErrInvalid, "only their time can be corrected")
		})
	}
	wantErr(t, e.tl.Delete(ctx, created.ID), apperr.ErrInvalid, "cannot be deleted")
	got, err := e.tl.Update(ctx, created.ID, timeline.Update{OccurredAt: ptr("2026-03-01 08:40:00")})
	if err != nil {
		t.Fatal(err)
	}
	if got.OccurredAt != "2026-03-01 08:40:00" || got.Title != created.Title || got.Source != timeline.SourceSystem || got.CreatedAt != created.CreatedAt {
		t.Errorf("corrected = %+v", got)
	}
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	type ev struct{ kind, at string }
	ok := func(ms int64, from, to string) timeline.Duration {
		return timeline.Duration{Status: timeline.StatusOK, Ms: ms, From: from, To: to}
	}
	tests := []struct {
		name   string
		events []ev
		want   timeline.Metrics
	}{
		{
			name: "nothing recorded: all unknown, never zero",
			want: timeline.Metrics{
				TimeToDetect:   timeline.Duration{Status: "unknown", Reason: "no impact started and no detected event"},
				TimeToMitigate: timeline.Duration{Status: "unknown", Reason: "no impact started and no mitigated event"},
				TimeToResolve:  timeline.Duration{Status: "unknown", Reason: "no impact started and no resolved event"},
			},
		},
		{
			name:   "only impact started",
			events: []ev{{"impact.started", "2026-03-01 08:00:00"}},
			want: timeline.Metrics{
				TimeToDetect:   timeline.Duration{Status: "unknown", From: "2026-03-01 08:00:00", Reason: "no detected event"},
				TimeToMitigate: timeline.Duration{Status: "unknown", From: "2026-03-01 08:00:00", Reason: "no mitigated event"},
				TimeToResolve:  timeline.Duration{Status: "unknown", From: "2026-03-01 08:00:00", Reason: "no resolved event"},
			},
		},
		{
			name:   "no impact started",
			events: []ev{{"detected", "2026-03-01 08:10:00"}},
			want: timeline.Metrics{
				TimeToDetect:   timeline.Duration{Status: "unknown", To: "2026-03-01 08:10:00", Reason: "no impact started event"},
				TimeToMitigate: timeline.Duration{Status: "unknown", Reason: "no impact started and no mitigated event"},
				TimeToResolve:  timeline.Duration{Status: "unknown", Reason: "no impact started and no resolved event"},
			},
		},
		{
			name: "complete, earliest of each kind, zero is a real zero",
			events: []ev{
				{"impact.started", "2026-03-01 08:05:00"}, {"impact.started", "2026-03-01 08:00:00"},
				{"detected", "2026-03-01 08:00:00"}, {"detected", "2026-03-01 08:30:00"},
				{"mitigated", "2026-03-01 09:15:30"}, {"resolved", "2026-03-01 11:00:00"}, {"note", "2026-03-01 07:00:00"},
			},
			want: timeline.Metrics{
				TimeToDetect:   ok(0, "2026-03-01 08:00:00", "2026-03-01 08:00:00"),
				TimeToMitigate: ok(75*60*1000+30000, "2026-03-01 08:00:00", "2026-03-01 09:15:30"),
				TimeToResolve:  ok(3*3600*1000, "2026-03-01 08:00:00", "2026-03-01 11:00:00"),
			},
		},
		{
			name:   "negative: detected before impact started",
			events: []ev{{"impact.started", "2026-03-01 08:00:00"}, {"detected", "2026-03-01 07:50:00"}, {"resolved", "2026-03-01 09:00:00"}},
			want: timeline.Metrics{
				TimeToDetect: timeline.Duration{Status: "invalid", From: "2026-03-01 08:00:00", To: "2026-03-01 07:50:00",
					Reason: "detected (2026-03-01 07:50:00) is before impact started (2026-03-01 08:00:00)"},
				TimeToMitigate: timeline.Duration{Status: "unknown", From: "2026-03-01 08:00:00", Reason: "no mitigated event"},
				TimeToResolve:  ok(3600*1000, "2026-03-01 08:00:00", "2026-03-01 09:00:00"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			id := e.issue(t)
			for _, x := range tt.events {
				if _, err := e.tl.Add(ctx, id, timeline.Input{Kind: x.kind, OccurredAt: x.at}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := e.tl.Metrics(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.IssueID = id
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Metrics (-want +got):\n%s", diff)
			}
		})
	}
	e := newEnv(t)
	_, err := e.tl.Metrics(ctx, "nope")
	wantErr(t, err, apperr.ErrNotFound, "nope")
}

func TestDashboard(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d, err := e.tl.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d != (timeline.Dashboard{}) {
		t.Errorf("empty dashboard = %+v", d)
	}
	add := func(id, kind, at string) {
		t.Helper()
		if _, err := e.tl.Add(ctx, id, timeline.Input{Kind: kind, OccurredAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	// TTD: 10, 20, 60 minutes → mean 30, median 20; one invalid; one unknown (no detected).
	for _, m := range []string{"10", "20", "59"} {
		id := e.issue(t)
		add(id, "impact.started", "2026-03-01 08:00:00")
		add(id, "detected", "2026-03-01 08:"+m+":00")
	}
	bad := e.issue(t)
	add(bad, "impact.started", "2026-03-01 08:00:00")
	add(bad, "detected", "2026-03-01 07:00:00")
	add(bad, "resolved", "2026-03-01 12:00:00")
	unknown := e.issue(t)
	add(unknown, "impact.started", "2026-03-01 08:00:00")
	d, err = e.tl.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := timeline.Dashboard{
		TimeToDetect:  timeline.Aggregate{Count: 3, MeanMs: 29*60*1000 + 40*1000, MedianMs: 20 * 60 * 1000, Invalid: 1},
		TimeToResolve: timeline.Aggregate{Count: 1, MeanMs: 4 * 3600 * 1000, MedianMs: 4 * 3600 * 1000},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Dashboard (-want +got):\n%s", diff)
	}
	// An even count takes the mean of the middle two.
	id := e.issue(t)
	add(id, "impact.started", "2026-03-01 08:00:00")
	add(id, "resolved", "2026-03-01 10:00:00")
	d, _ = e.tl.Dashboard(ctx)
	if d.TimeToResolve.MedianMs != 3*3600*1000 || d.TimeToResolve.Count != 2 {
		t.Errorf("even median = %+v", d.TimeToResolve)
	}
}

func TestFormatDuration(t *testing.T) {
	for ms, want := range map[int64]string{0: "0s", 59_000: "59s", 61_000: "1m 01s", 3_900_000: "1h 05m"} {
		if got := timeline.FormatDuration(ms); got != want {
			t.Errorf("FormatDuration(%d) = %q, want %q", ms, got, want)
		}
	}
}

type sqlTx = sql.Tx

func ptr[T any](v T) *T { return &v }
