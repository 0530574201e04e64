package integrations_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai/aitest"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/confluencetest"
	"tftsr/internal/keys"
	"tftsr/internal/providers"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
	"tftsr/migrations"
)

const (
	email    = "jane@example.com"
	token    = "cloud-SECRET-token-0001"
	newToken = "cloud-SECRET-token-0002"
	pat      = "dc-SECRET-pat-000000001"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type env struct {
	db     *store.DB
	svc    *integrations.Service
	master []byte
}

func newEnv(t *testing.T) env {
	t.Helper()
	db := storetest.New(t)
	master := make([]byte, 32)
	if _, err := rand.Read(master); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return t0 }
	svc, err := integrations.NewService(db, audit.New(now), master, confluence.Deps{}, now)
	if err != nil {
		t.Fatal(err)
	}
	return env{db: db, svc: svc, master: master}
}

func ptr(s string) *string { return &s }

func cloudFake(t *testing.T) *confluencetest.Server {
	return confluencetest.New(t, confluencetest.Options{Deployment: confluencetest.Cloud, Email: email, Token: token,
		DisplayName: "Jane Doe", Spaces: map[string]string{"ENG": "Engineering", "OPS": "Operations"}})
}

func cloudInput(s *confluencetest.Server, parent string) integrations.ConfluenceInput {
	return integrations.ConfluenceInput{BaseURL: s.SiteURL(), Deployment: "cloud", Email: " " + email + " ",
		SpaceKey: "ENG", ParentID: parent, Token: ptr(" " + token + "\n")}
}

func (e env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// dump returns every text value of the tables that could hold the token.
func (e env) dump(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"integration_config", "credentials", "audit_log", "settings"} {
		rows, err := e.db.Read().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(&b, "%s|", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

func (e env) auditDetails(t *testing.T, action string) []string {
	t.Helper()
	rows, err := e.db.Read().Query(`SELECT details FROM audit_log WHERE action = ? ORDER BY seq`, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestIntegrationsSaveCloud(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := cloudFake(t)
	parent := srv.AddPage("ENG", "Incidents", "<p/>")

	got, err := e.svc.SaveConfluence(ctx, cloudInput(srv, parent))
	if err != nil {
		t.Fatalf("SaveConfluence: %v", err)
	}
	wantSettings := integrations.Confluence{Configured: true, BaseURL: srv.SiteURL() + "/wiki", Deployment: "cloud", Email: email,
		SpaceKey: "ENG", ParentID: parent, TokenSet: true, TokenHint: "0001", UpdatedAt: "2026-11-27 09:00:00"}
	want := integrations.ConfluenceCheck{Settings: wantSettings, User: "Jane Doe", SpaceName: "Engineering", ParentTitle: "Incidents"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SaveConfluence (-want +got):\n%s", diff)
	}
	read, err := e.svc.Confluence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantSettings, read); diff != "" {
		t.Errorf("Confluence (-want +got):\n%s", diff)
	}

	// The check ran with the given credentials: user, space, parent.
	var paths []string
	for _, r := range srv.Requests() {
		if r.Auth != "basic" || r.User != email || r.Secret != token {
			t.Errorf("%s: auth %s %q", r.Path, r.Auth, r.User)
		}
		paths = append(paths, r.Method+" "+r.Path)
	}
	if diff := cmp.Diff([]string{"GET /wiki/rest/api/user/current", "GET /wiki/rest/api/space/ENG", "GET /wiki/rest/api/content/" + parent}, paths); diff != "" {
		t.Errorf("check requests (-want +got):\n%s", diff)
	}

	// Stored: sealed token with its SHA-256, nothing in clear anywhere.
	var hash, sealed, username, deployment, parentID, space, base string
	if err := e.db.Read().QueryRow(`SELECT token_hash, encrypted_token FROM credentials WHERE service = 'confluence'`).Scan(&hash, &sealed); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(token))
	if hash != hex.EncodeToString(sum[:]) {
		t.Errorf("token_hash = %s, want SHA-256 of the token", hash)
	}
	k, _ := keys.Derive(e.master, providers.CredentialsInfo, 32)
	if pt, err := keys.OpenSealed(k, sealed); err != nil || string(pt) != token {
		t.Errorf("encrypted_token does not open to the token under the credentials subkey: %q, %v", pt, err)
	}
	if err := e.db.Read().QueryRow(`SELECT base_url, username, space_key, deployment, parent_id FROM integration_config WHERE service = 'confluence'`).
		Scan(&base, &username, &space, &deployment, &parentID); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{srv.SiteURL() + "/wiki", email, "ENG", "cloud", parent}, []string{base, username, space, deployment, parentID}); diff != "" {
		t.Errorf("integration_config (-want +got):\n%s", diff)
	}
	if d := e.dump(t); strings.Contains(d, "SECRET") {
		t.Errorf("the token is stored in clear:\n%s", d)
	}
	details := e.auditDetails(t, integrations.ActionConfigure)
	host := strings.TrimPrefix(srv.SiteURL(), "http://")
	wantDetails := fmt.Sprintf(`{"deployment":"cloud","host":%q,"parent":%q,"service":"confluence","space":"ENG","tokenChanged":true}`, host, parent)
	if diff := cmp.Diff([]string{wantDetails}, details); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	if rep, err := audit.Verify(ctx, e.db.Read()); err != nil || !rep.OK {
		t.Errorf("audit chain: %+v, %v", rep, err)
	}

	// The stored configuration publishes: the client uses the sealed token.
	c, cfg, err := e.svc.ConfluenceClient(ctx, confluence.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TokenHint != "0001" || cfg.SpaceKey != "ENG" {
		t.Errorf("ConfluenceClient settings = %+v", cfg)
	}
	in, err := confluence.NewPage(aitest.Approved("RCA\n\nx"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	pages := srv.Pages()
	if len(pages) != 2 || pages[1].ID != p.ID || cmp.Diff([]string{parent}, pages[1].Ancestors) != "" || pages[1].SpaceKey != "ENG" {
		t.Errorf("published pages = %+v", pages)
	}
}

func TestIntegrationsSaveDataCenterAnonymousFallbackRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := confluencetest.New(t, confluencetest.Options{Deployment: confluencetest.DataCenter, ContextPath: "/confluence",
		Token: pat, AnonymousFallback: true})
	in := integrations.ConfluenceInput{BaseURL: srv.URL(), Deployment: "datacenter", Email: "ignored@x", SpaceKey: "ENG", Token: ptr("wrong-SECRET-pat-999")}
	if _, err := e.svc.SaveConfluence(ctx, in); !errors.Is(err, apperr.ErrAuth) || !strings.Contains(err.Error(), "anonymous") {
		t.Fatalf("SaveConfluence with a wrong PAT = %v, want ErrAuth (anonymous)", err)
	}
	e.assertNothingStored(t)

	in.Token = ptr(pat)
	got, err := e.svc.SaveConfluence(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Settings.Email != "" || got.Settings.BaseURL != srv.URL() || got.Settings.Deployment != "datacenter" || got.User != "Test User" {
		t.Errorf("saved = %+v", got)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Auth != "bearer" || last.Secret != pat {
		t.Errorf("auth = %s %q, want Bearer PAT", last.Auth, last.Secret)
	}
}

func (e env) assertNothingStored(t *testing.T) {
	t.Helper()
	for _, table := range []string{"integration_config", "credentials", "audit_log"} {
		if n := e.count(t, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s has %d rows after a refused save", table, n)
		}
	}
	if c, err := e.svc.Confluence(context.Background()); err != nil || c.Configured {
		t.Errorf("Confluence = %+v, %v; want not configured", c, err)
	}
}

func TestIntegrationsSaveRefusedWhenCheckFails(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(in *integrations.ConfluenceInput)
		want   error
		wantIn string
	}{
		{name: "wrong token", mod: func(in *integrations.ConfluenceInput) { in.Token = ptr("wrong-SECRET-999999") }, want: apperr.ErrAuth, wantIn: "wrong email or API token"},
		{name: "wrong email", mod: func(in *integrations.ConfluenceInput) { in.Email = "bob@example.com" }, want: apperr.ErrAuth},
		{name: "unknown space", mod: func(in *integrations.ConfluenceInput) { in.SpaceKey = "NOPE" }, want: apperr.ErrNotFound, wantIn: `space "NOPE" not found`},
		{name: "unknown parent", mod: func(in *integrations.ConfluenceInput) { in.ParentID = "424242" }, want: apperr.ErrNotFound, wantIn: "parent page 424242 not found"},
		{name: "parent in another space", mod: func(in *integrations.ConfluenceInput) { in.ParentID = "OPS-PAGE" }, want: apperr.ErrInvalid, wantIn: "is in space OPS"},
		{name: "server down", mod: func(in *integrations.ConfluenceInput) { in.BaseURL = "http://127.0.0.1:1" }, want: apperr.ErrUpstream},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			srv := cloudFake(t)
			opsPage := srv.AddPage("OPS", "Ops home", "<p/>")
			in := cloudInput(srv, "")
			tt.mod(&in)
			if in.ParentID == "OPS-PAGE" {
				in.ParentID = opsPage
			}
			_, err := e.svc.SaveConfluence(context.Background(), in)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.wantIn) {
				t.Fatalf("SaveConfluence = %v, want %v containing %q", err, tt.want, tt.wantIn)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q contains the token", err)
			}
			e.assertNothingStored(t)
		})
	}
}

func TestIntegrationsSaveValidates(t *testing.T) {
	e := newEnv(t)
	srv := cloudFake(t)
	tests := []struct {
		name  string
		mod   func(in *integrations.ConfluenceInput)
		field string
	}{
		{"deployment", func(in *integrations.ConfluenceInput) { in.Deployment = "server" }, "deployment"},
		{"scheme", func(in *integrations.ConfluenceInput) { in.BaseURL = "ftp://wiki.corp" }, "base URL"},
		{"no url", func(in *integrations.ConfluenceInput) { in.BaseURL = "" }, "base URL"},
		{"space", func(in *integrations.ConfluenceInput) { in.SpaceKey = "EN G" }, "space key"},
		{"empty space", func(in *integrations.ConfluenceInput) { in.SpaceKey = "" }, "space key"},
		{"parent", func(in *integrations.ConfluenceInput) { in.ParentID = "12a" }, "parent page"},
		{"email", func(in *integrations.ConfluenceInput) { in.Email = "" }, "email"},
		{"token lines", func(in *integrations.ConfluenceInput) { in.Token = ptr("a\nb") }, "token"},
		{"no token at all", func(in *integrations.ConfluenceInput) { in.Token = nil }, "token"},
		{"empty token, none stored", func(in *integrations.ConfluenceInput) { in.Token = ptr("  ") }, "token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cloudInput(srv, "")
			tt.mod(&in)
			_, err := e.svc.SaveConfluence(context.Background(), in)
			if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("SaveConfluence = %v, want ErrInvalid naming %q", err, tt.field)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("invalid input reached the server (%d requests)", n)
	}
	e.assertNothingStored(t)
}

func TestIntegrationsKeepReplaceAndClear(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := cloudFake(t)
	if _, err := e.svc.SaveConfluence(ctx, cloudInput(srv, "")); err != nil {
		t.Fatal(err)
	}
	var sealed1 string
	_ = e.db.Read().QueryRow(`SELECT encrypted_token FROM credentials`).Scan(&sealed1)

	// Keep: no token given; the stored one is used for the check and stays.
	in := cloudInput(srv, "")
	in.Token, in.SpaceKey = nil, "OPS"
	got, err := e.svc.SaveConfluence(ctx, in)
	if err != nil {
		t.Fatalf("save keeping the token: %v", err)
	}
	if got.Settings.SpaceKey != "OPS" || got.SpaceName != "Operations" || !got.Settings.TokenSet || got.Settings.TokenHint != "0001" {
		t.Errorf("kept = %+v", got)
	}
	var sealed2 string
	_ = e.db.Read().QueryRow(`SELECT encrypted_token FROM credentials`).Scan(&sealed2)
	if sealed2 != sealed1 {
		t.Errorf("keeping the token rewrote it")
	}
	if last := srv.Requests()[len(srv.Requests())-1]; last.Secret != token {
		t.Errorf("check used %q, want the stored token", last.Secret)
	}

	// Replace with a token the server refuses: nothing changes.
	in.Token, in.SpaceKey = ptr(newToken), "ENG"
	if _, err := e.svc.SaveConfluence(ctx, in); !errors.Is(err, apperr.ErrAuth) {
		t.Fatalf("save with a refused token = %v, want ErrAuth", err)
	}
	if c, _ := e.svc.Confluence(ctx); c.SpaceKey != "OPS" || c.TokenHint != "0001" {
		t.Errorf("after a refused save = %+v, want the previous settings", c)
	}

	// Replace with a token the server accepts (the user rotated it there).
	srv2 := confluencetest.New(t, confluencetest.Options{Deployment: confluencetest.Cloud, Email: email, Token: newToken})
	in.BaseURL = srv2.SiteURL()
	if got, err = e.svc.SaveConfluence(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got.Settings.TokenHint != "0002" || got.Settings.BaseURL != srv2.URL() {
		t.Errorf("replaced = %+v", got)
	}
	if n := e.count(t, `SELECT count(*) FROM credentials WHERE service = 'confluence'`); n != 1 {
		t.Errorf("credentials rows = %d, want 1", n)
	}
	details := e.auditDetails(t, integrations.ActionConfigure)
	if len(details) != 3 || !strings.Contains(details[0], `"tokenChanged":true`) || !strings.Contains(details[1], `"tokenChanged":false`) || !strings.Contains(details[2], `"tokenChanged":true`) {
		t.Errorf("audit details = %q", details)
	}
	check, err := e.svc.TestConfluence(ctx)
	if err != nil || check.User != "Test User" || check.Settings.TokenHint != "0002" {
		t.Errorf("TestConfluence = %+v, %v", check, err)
	}
	if d := e.dump(t); strings.Contains(d, "SECRET") {
		t.Errorf("a token is stored in clear:\n%s", d)
	}

	// Clear.
	if err := e.svc.ClearConfluence(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := e.svc.Confluence(ctx); err != nil || c.Configured || c.TokenSet {
		t.Errorf("after clear = %+v, %v", c, err)
	}
	if n := e.count(t, `SELECT count(*) FROM credentials`) + e.count(t, `SELECT count(*) FROM integration_config`); n != 0 {
		t.Errorf("rows left after clear: %d", n)
	}
	if n := len(e.auditDetails(t, integrations.ActionClear)); n != 1 {
		t.Errorf("clear audited %d times", n)
	}
	if _, err := e.svc.TestConfluence(ctx); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "not configured") {
		t.Errorf("TestConfluence after clear = %v", err)
	}
	if _, _, err := e.svc.ConfluenceClient(ctx, confluence.Deps{}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("ConfluenceClient after clear = %v", err)
	}
}

// ConfluenceClient: per-call deps (OnWait) apply, the service's Sleep is the default.
func TestIntegrationsConfluenceClientDeps(t *testing.T) {
	db := storetest.New(t)
	master := make([]byte, 32)
	var slept []time.Duration
	svc, err := integrations.NewService(db, audit.New(nil), master, confluence.Deps{
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil },
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	srv := cloudFake(t)
	if _, err := svc.SaveConfluence(ctx, cloudInput(srv, "")); err != nil {
		t.Fatal(err)
	}
	var waits []int
	c, _, err := svc.ConfluenceClient(ctx, confluence.Deps{OnWait: func(_ time.Duration, st int) { waits = append(waits, st) }})
	if err != nil {
		t.Fatal(err)
	}
	srv.Fail("create", 429, "3", 1)
	in, err := confluence.NewPage(aitest.Approved("T\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	if cmp.Diff([]int{429}, waits) != "" || cmp.Diff([]time.Duration{3 * time.Second}, slept) != "" {
		t.Errorf("waits %v, slept %v", waits, slept)
	}
}

func TestIntegrationsUnreadableTokenCountsAsNotSet(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := cloudFake(t)
	if _, err := e.svc.SaveConfluence(ctx, cloudInput(srv, "")); err != nil {
		t.Fatal(err)
	}
	// Another install's key: the sealed token cannot be opened.
	other, err := integrations.NewService(e.db, audit.New(nil), []byte("another-master-key-material-0000"), confluence.Deps{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := other.Confluence(ctx)
	if err != nil || !c.Configured || c.TokenSet || c.TokenHint != "" {
		t.Errorf("Confluence = %+v, %v; want configured without a token", c, err)
	}
	if _, err := other.TestConfluence(ctx); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("TestConfluence = %v, want ErrInvalid (enter the token again)", err)
	}
}

func runFile(t *testing.T, db *store.DB, name string) {
	t.Helper()
	b, err := migrations.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(string(b))
		return err
	}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func columns(t *testing.T, db *store.DB, table string) []string {
	t.Helper()
	rows, err := db.Read().Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// Migration 000023 goes down (SQLite 3.33: the table is rebuilt, keeping the rows) and up again
// on a real encrypted database holding a configuration.
func TestIntegrationsMigrationDownUp(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := cloudFake(t)
	parent := srv.AddPage("ENG", "Incidents", "<p/>")
	if _, err := e.svc.SaveConfluence(ctx, cloudInput(srv, parent)); err != nil {
		t.Fatal(err)
	}
	seed := []string{"id", "service", "base_url", "username", "project_name", "space_key", "auto_create_enabled", "updated_at"}
	full := append(append([]string(nil), seed...), "deployment", "parent_id")
	if diff := cmp.Diff(full, columns(t, e.db, "integration_config")); diff != "" {
		t.Fatalf("columns (-want +got):\n%s", diff)
	}
	runFile(t, e.db, "000023_integration_confluence.down.sql")
	if diff := cmp.Diff(seed, columns(t, e.db, "integration_config")); diff != "" {
		t.Errorf("columns after down (-want +got):\n%s", diff)
	}
	var base, space string
	if err := e.db.Read().QueryRow(`SELECT base_url, space_key FROM integration_config WHERE service = 'confluence'`).Scan(&base, &space); err != nil || space != "ENG" {
		t.Errorf("row after down: %q %q %v", base, space, err)
	}
	// The seed's constraints are back: one row per service.
	if err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO integration_config (id, service, base_url, updated_at) VALUES ('x', 'confluence', 'u', 't')`)
		return err
	}); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("duplicate service after down: %v, want UNIQUE violation", err)
	}

	runFile(t, e.db, "000023_integration_confluence.up.sql")
	if diff := cmp.Diff(full, columns(t, e.db, "integration_config")); diff != "" {
		t.Errorf("columns after up (-want +got):\n%s", diff)
	}
	c, err := e.svc.Confluence(ctx)
	if err != nil || !c.Configured || c.Deployment != "" || c.ParentID != "" || !c.TokenSet || c.SpaceKey != "ENG" {
		t.Errorf("after down/up = %+v, %v (deployment and parent are lost, the rest kept)", c, err)
	}
	if _, err := e.svc.SaveConfluence(ctx, cloudInput(srv, parent)); err != nil {
		t.Errorf("save after up: %v", err)
	}
	if err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE integration_config SET deployment = 'server'`)
		return err
	}); err == nil {
		t.Errorf("deployment 'server' accepted; the CHECK is missing")
	}
}

// A stored token is sent only to the address it was saved for: changing the base URL (a typo,
// another site) without entering the token again sends nothing.
func TestIntegrationsStoredTokenNeverFollowsANewAddress(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := cloudFake(t)
	if _, err := e.svc.SaveConfluence(ctx, cloudInput(srv, "")); err != nil {
		t.Fatal(err)
	}
	other := cloudFake(t)
	in := cloudInput(other, "")
	in.Token = nil
	if _, err := e.svc.SaveConfluence(ctx, in); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "enter the token again") {
		t.Fatalf("keep the token for a new address: %v", err)
	}
	if n := len(other.Requests()); n != 0 {
		t.Fatalf("the new address received %d requests", n)
	}
	// The same address keeps working without the token.
	in = cloudInput(srv, "")
	in.Token = nil
	if _, err := e.svc.SaveConfluence(ctx, in); err != nil {
		t.Fatalf("keep the token for the same address: %v", err)
	}
}
