package main

import (
	"encoding/json"
	"io"
	"net/http"

	"tftsr/internal/integrations/confluence/confluencetest"
)

// Credentials and spaces of the end-to-end tests' fake Confluence (Cloud).
const (
	e2eConfluenceEmail = "e2e@example.com"
	e2eConfluenceToken = "e2e-confluence-token-1234"
)

// fakeConfluence is the end-to-end tests' Confluence: the fake of the Go tests on loopback, with
// control endpoints on the e2e server (/e2e/confluence/…) to script failures and read back
// exactly what reached it.
type fakeConfluence struct {
	srv      *confluencetest.Server
	parentID string
}

func startFakeConfluence(deployment string) *fakeConfluence {
	srv := confluencetest.Start(confluencetest.Options{Deployment: deployment, Email: e2eConfluenceEmail, Token: e2eConfluenceToken,
		DisplayName: "E2E Tester", Spaces: map[string]string{"OPS": "Operations", "ENG": "Engineering"}})
	parent := srv.AddPage("OPS", "Incident reports", "<p>Our incident reports.</p>")
	return &fakeConfluence{srv: srv, parentID: parent}
}

func (f *fakeConfluence) close() { f.srv.Close() }

type e2ePage struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	SpaceKey string       `json:"spaceKey"`
	ParentID string       `json:"parentId"`
	Version  int          `json:"version"`
	Body     string       `json:"body"`
	Versions []e2eVersion `json:"versions"`
}

type e2eVersion struct {
	Number int    `json:"number"`
	Body   string `json:"body"`
}

type e2eRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Auth   string `json:"auth"`
	Body   string `json:"body"`
}

func (f *fakeConfluence) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	readJSON := func(v any) bool {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err := json.Unmarshal(b, v); err != nil {
			http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
			return false
		}
		return true
	}
	switch {
	case r.URL.Path == "/e2e/confluence/pages" && r.Method == http.MethodGet:
		out := []e2ePage{}
		for _, p := range f.srv.Pages() {
			ep := e2ePage{ID: p.ID, Title: p.Title, SpaceKey: p.SpaceKey, Version: p.Version, Body: p.Body, Versions: []e2eVersion{}}
			if n := len(p.Ancestors); n > 0 {
				ep.ParentID = p.Ancestors[n-1]
			}
			for i, b := range p.History {
				ep.Versions = append(ep.Versions, e2eVersion{Number: i + 1, Body: b})
			}
			out = append(out, ep)
		}
		writeE2EJSON(w, out)
	case r.URL.Path == "/e2e/confluence/requests" && r.Method == http.MethodGet:
		out := []e2eRequest{}
		for _, q := range f.srv.Requests() {
			out = append(out, e2eRequest{Method: q.Method, Path: q.Path, Auth: q.Auth, Body: string(q.Body)})
		}
		writeE2EJSON(w, out)
	case r.URL.Path == "/e2e/confluence/fail" && r.Method == http.MethodPost:
		var in struct {
			Op         string `json:"op"`
			Status     int    `json:"status"`
			RetryAfter string `json:"retryAfter"`
			Times      int    `json:"times"`
		}
		if !readJSON(&in) {
			return
		}
		if in.Op == "any" || in.Op == "" {
			in.Op = "*"
		}
		if in.Times <= 0 {
			in.Times = 1
		}
		f.srv.Fail(in.Op, in.Status, in.RetryAfter, in.Times)
		w.WriteHeader(http.StatusNoContent)
	case (r.URL.Path == "/e2e/confluence/delete" || r.URL.Path == "/e2e/confluence/bump") && r.Method == http.MethodPost:
		var in struct {
			ID string `json:"id"`
		}
		if !readJSON(&in) {
			return
		}
		if r.URL.Path == "/e2e/confluence/delete" {
			f.srv.DeletePage(in.ID)
		} else {
			f.srv.BumpVersion(in.ID)
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, r)
	}
}

func writeE2EJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
