package incident_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/incident"
)

// listFixture creates five incidents a..e, one minute apart, and returns them by title.
func listFixture(t *testing.T, e env) map[string]incident.Issue {
	t.Helper()
	ctx := context.Background()
	ins := []incident.CreateInput{
		{Title: "alpha", Severity: "low", Domain: "Linux", AssignedTo: "ann", Tags: []string{"disk", "prod"}},
		{Title: "Bravo", Severity: "critical", Domain: "Network", AssignedTo: "bob", Tags: []string{"net_x"}},
		{Title: "charlie", Severity: "medium", Domain: "Linux", AssignedTo: "ann", Tags: []string{"net.x", "prod"}},
		{Title: "Delta", Severity: "high", Domain: "Kubernetes", Tags: []string{"prod-eu"}},
		{Title: "echo", Severity: "critical"},
	}
	out := map[string]incident.Issue{}
	for _, in := range ins {
		e.clk.Advance(time.Minute)
		out[in.Title] = e.create(t, in)
	}
	// statuses: Bravo investigating, charlie resolved, Delta closed; alpha, echo open.
	for _, ch := range []struct{ title, status string }{{"Bravo", "investigating"}, {"charlie", "resolved"}, {"Delta", "closed"}} {
		e.clk.Advance(time.Minute)
		is, err := e.svc.SetStatus(ctx, out[ch.title].ID, ch.status)
		if err != nil {
			t.Fatal(err)
		}
		out[ch.title] = is
	}
	// Touch alpha last so updated order differs from created order.
	e.clk.Advance(time.Minute)
	is, err := e.svc.Update(ctx, out["alpha"].ID, incident.UpdateInput{Description: ptr("touched")})
	if err != nil {
		t.Fatal(err)
	}
	out["alpha"] = is
	return out
}

func titles(items []incident.Issue) []string {
	out := []string{}
	for _, is := range items {
		out = append(out, is.Title)
	}
	return out
}

func TestListFiltersAndSorts(t *testing.T) {
	e := newEnv(t)
	byTitle := listFixture(t, e)
	tests := []struct {
		name      string
		f         incident.ListFilter
		want      []string
		wantTotal int
	}{
		{name: "created ascending", f: incident.ListFilter{Sort: incident.SortCreated}, want: []string{"alpha", "Bravo", "charlie", "Delta", "echo"}},
		{name: "created desc", f: incident.ListFilter{Sort: incident.SortCreated, Desc: true}, want: []string{"echo", "Delta", "charlie", "Bravo", "alpha"}},
		{name: "status filter", f: incident.ListFilter{Status: []string{"open"}, Sort: "created"}, want: []string{"alpha", "echo"}},
		{name: "status IN", f: incident.ListFilter{Status: []string{"resolved", "closed"}, Sort: "created"}, want: []string{"charlie", "Delta"}},
		{name: "severity IN", f: incident.ListFilter{Severity: []string{"critical", "low"}, Sort: "created"}, want: []string{"alpha", "Bravo", "echo"}},
		{name: "domain", f: incident.ListFilter{Domain: "Linux", Sort: "created"}, want: []string{"alpha", "charlie"}},
		{name: "assignee exact", f: incident.ListFilter{AssignedTo: "ann", Sort: "created"}, want: []string{"alpha", "charlie"}},
		{name: "assignee no prefix match", f: incident.ListFilter{AssignedTo: "an"}, want: []string{}},
		{name: "tag exact", f: incident.ListFilter{Tag: "prod", Sort: "created"}, want: []string{"alpha", "charlie"}},
		{name: "tag normalised", f: incident.ListFilter{Tag: " PROD ", Sort: "created"}, want: []string{"alpha", "charlie"}},
		{name: "tag underscore is literal", f: incident.ListFilter{Tag: "net_x"}, want: []string{"Bravo"}},
		{name: "tag no partial match", f: incident.ListFilter{Tag: "pro"}, want: []string{}},
		{name: "combined filters", f: incident.ListFilter{Status: []string{"open", "resolved"}, Domain: "Linux", Tag: "prod", Severity: []string{"medium"}}, want: []string{"charlie"}},
		{name: "severity sort desc", f: incident.ListFilter{Sort: incident.SortSeverity, Desc: true}, want: []string{"echo", "Bravo", "Delta", "charlie", "alpha"}},
		{name: "severity sort asc", f: incident.ListFilter{Sort: incident.SortSeverity}, want: []string{"alpha", "charlie", "Delta", "Bravo", "echo"}},
		{name: "title sort is case-insensitive", f: incident.ListFilter{Sort: incident.SortTitle}, want: []string{"alpha", "Bravo", "charlie", "Delta", "echo"}},
		{name: "title sort desc", f: incident.ListFilter{Sort: incident.SortTitle, Desc: true}, want: []string{"echo", "Delta", "charlie", "Bravo", "alpha"}},
		{name: "status sort workflow order", f: incident.ListFilter{Sort: incident.SortStatus}, want: []string{"alpha", "echo", "Bravo", "charlie", "Delta"}},
		{name: "updated desc: alpha touched last", f: incident.ListFilter{Desc: true, Limit: 1}, want: []string{"alpha"}, wantTotal: 5},
		{name: "pagination page 1", f: incident.ListFilter{Sort: "created", Limit: 2}, want: []string{"alpha", "Bravo"}, wantTotal: 5},
		{name: "pagination page 2", f: incident.ListFilter{Sort: "created", Limit: 2, Offset: 2}, want: []string{"charlie", "Delta"}, wantTotal: 5},
		{name: "pagination page 3", f: incident.ListFilter{Sort: "created", Limit: 2, Offset: 4}, want: []string{"echo"}, wantTotal: 5},
		{name: "offset past end", f: incident.ListFilter{Sort: "created", Limit: 2, Offset: 10}, want: []string{}, wantTotal: 5},
		{name: "filtered pagination total", f: incident.ListFilter{Status: []string{"open", "investigating"}, Sort: "created", Limit: 1, Offset: 1}, want: []string{"Bravo"}, wantTotal: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.svc.List(context.Background(), tt.f)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if got.Items == nil {
				t.Fatal("Items is nil")
			}
			if diff := cmp.Diff(tt.want, titles(got.Items)); diff != "" {
				t.Errorf("List titles (-want +got):\n%s", diff)
			}
			wantTotal := tt.wantTotal
			if wantTotal == 0 {
				wantTotal = len(tt.want)
			}
			if got.Total != wantTotal {
				t.Errorf("Total = %d, want %d", got.Total, wantTotal)
			}
		})
	}
	t.Run("returned issues are complete", func(t *testing.T) {
		got, err := e.svc.List(context.Background(), incident.ListFilter{Tag: "net_x"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]incident.Issue{byTitle["Bravo"]}, got.Items); diff != "" {
			t.Errorf("List (-want +got):\n%s", diff)
		}
	})
	t.Run("updated sort", func(t *testing.T) {
		got, err := e.svc.List(context.Background(), incident.ListFilter{Sort: incident.SortUpdated})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(got.Items); i++ {
			a, b := got.Items[i-1], got.Items[i]
			if a.UpdatedAt > b.UpdatedAt || (a.UpdatedAt == b.UpdatedAt && a.ID > b.ID) {
				t.Errorf("not sorted by updated_at, id: %v before %v", a, b)
			}
		}
		if got.Items[len(got.Items)-1].Title != "alpha" {
			t.Errorf("last = %q, want alpha (updated last)", got.Items[len(got.Items)-1].Title)
		}
	})
}

func TestListInvalid(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name    string
		f       incident.ListFilter
		wantMsg string
	}{
		{"unknown status", incident.ListFilter{Status: []string{"open", "done"}}, `unknown status "done"`},
		{"unknown severity", incident.ListFilter{Severity: []string{"urgent"}}, `unknown severity "urgent"`},
		{"unknown domain", incident.ListFilter{Domain: "Mainframe"}, `unknown domain "Mainframe"`},
		{"bad tag", incident.ListFilter{Tag: "a b"}, `tag "a b" may only contain`},
		{"unknown sort", incident.ListFilter{Sort: "priority"}, `unknown sort "priority" (want updated, created, severity, title or status)`},
		{"limit too big", incident.ListFilter{Limit: 501}, "limit must be 1–500 (got 501)"},
		{"negative limit", incident.ListFilter{Limit: -1}, "limit must be 1–500 (got -1)"},
		{"negative offset", incident.ListFilter{Offset: -1}, "offset must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.List(context.Background(), tt.f)
			if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("List error = %v, want ErrInvalid containing %q", err, tt.wantMsg)
			}
		})
	}
	t.Run("max limit accepted, empty db", func(t *testing.T) {
		got, err := e.svc.List(context.Background(), incident.ListFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(incident.ListResult{Items: []incident.Issue{}}, got); diff != "" {
			t.Errorf("List (-want +got):\n%s", diff)
		}
	})
}

func TestListDefaultLimit(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 55; i++ {
		e.create(t, incident.CreateInput{Title: "n"})
	}
	got, err := e.svc.List(context.Background(), incident.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 50 || got.Total != 55 {
		t.Errorf("items=%d total=%d, want 50 and 55", len(got.Items), got.Total)
	}
}

func searchTitles(t *testing.T, e env, q string) []string {
	t.Helper()
	res, err := e.svc.Search(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Issue.Title)
	}
	return out
}

func TestSearch(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	descOnly := e.create(t, incident.CreateInput{Title: "Pager storm overnight",
		Description: "The nginx upstream kept timing out while the kubernetes ingress was reloading, many times over and over."})
	titleHit := e.create(t, incident.CreateInput{Title: "Kubernetes ingress returns 502", Description: "nothing else here"})
	e.create(t, incident.CreateInput{Title: "Printer jam", Description: "Paper stuck in tray 2"})
	e.create(t, incident.CreateInput{Title: "Café unicode résumé", Description: "naïve"})

	t.Run("title match outranks description-only match", func(t *testing.T) {
		res, err := e.svc.Search(ctx, "kubernetes", 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{titleHit.Title, descOnly.Title}, searchTitles(t, e, "kubernetes")); diff != "" {
			t.Errorf("order (-want +got):\n%s", diff)
		}
		if !(res.Hits[0].Rank > res.Hits[1].Rank) {
			t.Errorf("ranks %v, %v: want the first higher", res.Hits[0].Rank, res.Hits[1].Rank)
		}
		if res.Query != "kubernetes" {
			t.Errorf("Query = %q", res.Query)
		}
		if diff := cmp.Diff(titleHit, res.Hits[0].Issue); diff != "" {
			t.Errorf("hit issue (-want +got):\n%s", diff)
		}
	})

	tests := []struct {
		name string
		q    string
		want []string
	}{
		{"prefix", "kube", []string{titleHit.Title, descOnly.Title}},
		{"prefix case-insensitive", "PRINT", []string{"Printer jam"}},
		{"AND of terms", "ingress nginx", []string{descOnly.Title}},
		{"AND with no common row", "printer kubernetes", []string{}},
		{"prefix on every term", "ing upstr", []string{descOnly.Title}},
		{"punctuation splits terms", "tray-2", []string{"Printer jam"}},
		{"diacritics folded", "resume", []string{"Café unicode résumé"}},
		{"non-ASCII query", "café", []string{"Café unicode résumé"}},
		{"no match", "zzzz", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, searchTitles(t, e, tt.q)); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}

	t.Run("snippets mark the matched term", func(t *testing.T) {
		res, err := e.svc.Search(ctx, "ingr", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 2 {
			t.Fatalf("hits = %d, want 2", len(res.Hits))
		}
		if got, want := res.Hits[0].TitleSnippet, "Kubernetes \x02ingress\x03 returns 502"; got != want {
			t.Errorf("title snippet = %q, want %q", got, want)
		}
		if got := res.Hits[0].DescriptionSnippet; strings.Contains(got, incident.MarkStart) {
			t.Errorf("description snippet of a title-only hit has a marker: %q", got)
		}
		if got, want := res.Hits[1].TitleSnippet, descOnly.Title; got != want {
			t.Errorf("title snippet = %q, want %q (no markers)", got, want)
		}
		d := res.Hits[1].DescriptionSnippet
		if !strings.Contains(d, "\x02ingress\x03") {
			t.Errorf("description snippet = %q, want marked ingress", d)
		}
		if !strings.Contains(d, "…") {
			t.Errorf("description snippet = %q, want an ellipsis (text is longer than 16 tokens)", d)
		}
	})

	t.Run("empty description gives empty snippet", func(t *testing.T) {
		e2 := newEnv(t)
		e2.create(t, incident.CreateInput{Title: "lonely title"})
		res, err := e2.svc.Search(ctx, "lonely", 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []incident.SearchHit{{Issue: res.Hits[0].Issue, TitleSnippet: "\x02lonely\x03 title", Rank: res.Hits[0].Rank}}
		if diff := cmp.Diff(want, res.Hits); diff != "" {
			t.Errorf("hits (-want +got):\n%s", diff)
		}
	})

	t.Run("update and delete reflected", func(t *testing.T) {
		p := e.create(t, incident.CreateInput{Title: "transient gizmo"})
		if diff := cmp.Diff([]string{"transient gizmo"}, searchTitles(t, e, "gizmo")); diff != "" {
			t.Fatalf("before update (-want +got):\n%s", diff)
		}
		if _, err := e.svc.Update(ctx, p.ID, incident.UpdateInput{Title: ptr("transient widget")}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{}, searchTitles(t, e, "gizmo")); diff != "" {
			t.Errorf("old title still found (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"transient widget"}, searchTitles(t, e, "widget")); diff != "" {
			t.Errorf("new title not found (-want +got):\n%s", diff)
		}
		if err := e.svc.Delete(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{}, searchTitles(t, e, "transient")); diff != "" {
			t.Errorf("deleted incident still found (-want +got):\n%s", diff)
		}
	})
}

func TestSearchHostileQueries(t *testing.T) {
	e := newEnv(t)
	e.create(t, incident.CreateInput{Title: "Drop table incident", Description: "near the title column of issues in the description: x and or not"})
	e.create(t, incident.CreateInput{Title: "unrelated"})
	tests := []struct {
		name  string
		q     string
		wantN int
	}{
		{"lone quote", `"`, 0},
		{"lone star", `*`, 0},
		{"OR operator", `OR`, 1},
		{"NOT operator", `NOT`, 1},
		{"minus", `-x`, 1},
		{"open paren", `(a`, 1},
		{"dangling AND", `a AND`, 1},
		{"NEAR(", `NEAR(`, 1},
		{"column filter", `title:x`, 1},
		{"sql injection", `'; DROP TABLE issues; --`, 1},
		{"caret", `^drop`, 1},
		{"braces", `{title description}: drop`, 1},
		{"plus", `drop + table`, 1},
		{"quotes inside", `dr"op`, 0},
		{"only punctuation", `!@#$%^&*()_+-=[]{};':",./<>?`, 0},
		{"empty", ``, 0},
		{"spaces", "   \t\n", 0},
		{"control chars", "\x00\x02drop\x03", 1},
		{"combining mark", "drop\u0301", 1},
		{"emoji", "🔥 drop", 1},
		{"very long", strings.Repeat("drop ", 500), 1},
		{"invalid utf8", "dr\xffop", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.svc.Search(context.Background(), tt.q, 0)
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			if res.Hits == nil {
				t.Fatal("Hits is nil")
			}
			if len(res.Hits) != tt.wantN {
				t.Errorf("Search(%q) = %d hits, want %d", tt.q, len(res.Hits), tt.wantN)
			}
		})
	}
	if n := e.count(t, "issues"); n != 2 {
		t.Errorf("issues rows = %d, want 2", n)
	}
}

func TestMatchExpression(t *testing.T) {
	tests := []struct{ q, want string }{
		{`kube ingress`, `"kube"* "ingress"*`},
		{`title:x OR "y"`, `"title"* "x"* "OR"* "y"*`},
		{`***`, ``},
		{`naïve-café`, `"naïve"* "café"*`},
	}
	for _, tt := range tests {
		if got := incident.MatchExpression(tt.q); got != tt.want {
			t.Errorf("MatchExpression(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestSearchLimit(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 25; i++ {
		e.create(t, incident.CreateInput{Title: "same word"})
	}
	tests := []struct {
		name    string
		limit   int
		wantN   int
		wantErr bool
	}{
		{"default 20", 0, 20, false},
		{"explicit 5", 5, 5, false},
		{"max 100", 100, 25, false},
		{"over max", 101, 0, true},
		{"negative", -1, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.svc.Search(context.Background(), "word", tt.limit)
			if tt.wantErr {
				if !errors.Is(err, apperr.ErrInvalid) {
					t.Errorf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != tt.wantN {
				t.Errorf("hits = %d, want %d", len(res.Hits), tt.wantN)
			}
		})
	}
}

func TestDashboard(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	t.Run("empty", func(t *testing.T) {
		got, err := e.svc.Dashboard(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := incident.Dashboard{
			OpenBySeverity: []incident.SeverityCount{{"critical", 0}, {"high", 0}, {"medium", 0}, {"low", 0}},
			Recent:         []incident.Issue{},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Dashboard (-want +got):\n%s", diff)
		}
	})

	mk := func(sev string) incident.Issue {
		return e.create(t, incident.CreateInput{Title: "d " + sev, Severity: sev})
	}
	setStatus := func(is incident.Issue, st string) {
		if _, err := e.svc.SetStatus(ctx, is.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	// Created at t0 (day 0).
	oldResolved := mk("high")   // resolved after 10 days → outside last 7 days at the end
	recentClosed := mk("low")   // closed after 20 days
	investigating := mk("high") // stays investigating
	mk("critical")              // open
	mk("critical")              // open
	mk("medium")                // open
	reopened := mk("low")       // resolved then reopened: not counted in MTTR
	e.clk.Advance(10 * 24 * time.Hour)
	setStatus(oldResolved, "resolved") // 10 days = 864,000,000 ms
	setStatus(investigating, "investigating")
	setStatus(reopened, "resolved")
	setStatus(reopened, "open")
	e.clk.Advance(10*24*time.Hour + 90*time.Minute)
	setStatus(recentClosed, "closed") // 20 d 1.5 h = 1,733,400,000 ms
	e.clk.Advance(7*24*time.Hour - time.Second)
	// now = t0 + 27d 1h29m59s: recentClosed (t0+20d1h30m) is within 7 days, oldResolved is not.

	got, err := e.svc.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.List(ctx, incident.ListFilter{Desc: true, Limit: 8})
	if err != nil {
		t.Fatal(err)
	}
	want := incident.Dashboard{
		OpenBySeverity:      []incident.SeverityCount{{"critical", 2}, {"high", 1}, {"medium", 1}, {"low", 1}},
		OpenTotal:           5,
		ResolvedLast7Days:   1,
		MeanTimeToResolveMs: (864_000_000 + 1_733_400_000) / 2,
		ResolvedCount:       2,
		Total:               7,
		Recent:              list.Items[:7],
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Dashboard (-want +got):\n%s", diff)
	}
	if got.Recent[0].ID != recentClosed.ID {
		t.Errorf("Recent[0] = %q, want the last updated incident", got.Recent[0].Title)
	}

	e.clk.Advance(2 * time.Second) // recentClosed is now older than 7 days
	got, err = e.svc.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResolvedLast7Days != 0 {
		t.Errorf("ResolvedLast7Days = %d after the window passed, want 0", got.ResolvedLast7Days)
	}

	for i := 0; i < 5; i++ {
		mk("low")
	}
	got, err = e.svc.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Recent) != 8 || got.Total != 12 {
		t.Errorf("Recent = %d, Total = %d; want 8 and 12", len(got.Recent), got.Total)
	}
}

func TestSearchManyMatches(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n := incident.SearchCandidates + 100
	err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.Prepare(`INSERT INTO issues (id, title, description, severity, status, created_at, updated_at, tags)
			VALUES (?, ?, ?, 'low', 'open', ?, ?, '[]')`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < n; i++ {
			title := fmt.Sprintf("incident %d", i)
			desc := "widespread noise " + strings.Repeat("filler ", i%7)
			if i%500 == 0 {
				title = "widespread outage " + title // title matches rank above description matches
			}
			if _, err := stmt.Exec(fmt.Sprintf("id-%05d", i), title, desc, ts(t0), ts(t0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Search(ctx, "widespread", incident.MaxSearchLimit)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != incident.MaxSearchLimit {
		t.Fatalf("hits = %d, want %d", len(res.Hits), incident.MaxSearchLimit)
	}
	titleHits := 0
	for i, h := range res.Hits {
		if i > 0 && h.Rank > res.Hits[i-1].Rank {
			t.Errorf("hit %d rank %v above hit %d rank %v", i, h.Rank, i-1, res.Hits[i-1].Rank)
		}
		if strings.Contains(h.TitleSnippet, "\x02widespread\x03") {
			titleHits++
			if i >= incident.SearchCandidates/500 {
				t.Errorf("title hit %q at position %d, want among the first", h.Issue.Title, i)
			}
		}
		if !strings.Contains(h.DescriptionSnippet, "\x02widespread\x03") {
			t.Errorf("hit %d description snippet %q has no marked term", i, h.DescriptionSnippet)
		}
	}
	// Only the newest SearchCandidates matches are ranked: title hits at multiples of 500 in that window.
	if titleHits != incident.SearchCandidates/500 {
		t.Errorf("title hits = %d, want %d", titleHits, incident.SearchCandidates/500)
	}
}
