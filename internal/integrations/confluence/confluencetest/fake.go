// Package confluencetest is a fake Confluence server speaking the REST API v1 wire format of
// Cloud (under /wiki, Basic email:api_token) and Data Center (under a context path, Bearer
// personal access token, optionally answering a wrong token as the anonymous user). It is strict
// like the real server: it checks method, path, auth, JSON shape, well-formed storage XML, title
// uniqueness in a space, version numbers (409 on a stale one) and the XSRF header of uploads, and
// answers with Confluence's error bodies. Failures can be scripted (Fail) and concurrent edits
// simulated (BumpVersion, DeletePage).
package confluencetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Deployments (the same strings as package confluence).
const (
	Cloud      = "cloud"
	DataCenter = "datacenter"
)

// Options configure a fake.
type Options struct {
	Deployment  string            // Cloud (default) or DataCenter
	ContextPath string            // Data Center only, e.g. "/confluence"; default ""
	Email       string            // Cloud: the account's email
	Token       string            // the API token (Cloud) or personal access token (DC)
	DisplayName string            // of the authenticated user; default "Test User"
	Spaces      map[string]string // key → name; default {"ENG": "Engineering"}
	// AnonymousFallback (DC): a wrong or missing token is served as the anonymous user instead
	// of 401, like a Data Center server with anonymous access enabled.
	AnonymousFallback bool
}

// Page is a stored page.
type Page struct {
	ID        string
	Title     string
	SpaceKey  string
	Ancestors []string // ids, root first
	Version   int
	Body      string
	History   []string // body of every version; History[v-1] is version v
}

// Attachment is a stored attachment.
type Attachment struct {
	ID          string
	PageID      string
	Filename    string
	ContentType string
	Data        []byte
	Version     int
}

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string // full path, including /wiki or the context path
	Query  string
	Auth   string // "basic", "bearer", other scheme lower-cased, or "" when none
	User   string // Basic user name (Cloud email)
	Secret string // Basic password or Bearer token, as received
	Header http.Header
	Body   []byte
}

type failure struct {
	match      string
	status     int
	retryAfter string
	times      int
}

// Server is the fake.
type Server struct {
	opts Options
	srv  *httptest.Server

	mu       sync.Mutex
	nextID   int
	pages    map[string]*Page
	atts     map[string][]*Attachment
	fails    []*failure
	requests []Request
}

// New starts a fake; it is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := Start(opts)
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake outside a test (the end-to-end server); the caller closes it.
func Start(opts Options) *Server {
	if opts.Deployment == "" {
		opts.Deployment = Cloud
	}
	if opts.Deployment == Cloud {
		opts.ContextPath = "/wiki"
	}
	opts.ContextPath = strings.TrimRight(opts.ContextPath, "/")
	if opts.DisplayName == "" {
		opts.DisplayName = "Test User"
	}
	if opts.Spaces == nil {
		opts.Spaces = map[string]string{"ENG": "Engineering"}
	}
	s := &Server{opts: opts, nextID: 65537, pages: map[string]*Page{}, atts: map[string][]*Attachment{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the API root: {server}/wiki on Cloud, {server}{ContextPath} on Data Center.
func (s *Server) URL() string { return s.srv.URL + s.opts.ContextPath }

// SiteURL is the server's address without /wiki or the context path (what a Cloud user pastes).
func (s *Server) SiteURL() string { return s.srv.URL }

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Fail makes the next `times` requests matching pathOrOp answer status (with Retry-After when
// retryAfter is not ""). pathOrOp is an operation — "user", "space", "get", "create",
// "update", "attachments", "attach" — a path below the API root (/rest/api/content), or "*".
func (s *Server) Fail(pathOrOp string, status int, retryAfter string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, &failure{match: pathOrOp, status: status, retryAfter: retryAfter, times: times})
}

// AddPage stores a page directly (a parent, or a page published earlier). It returns its id.
func (s *Server) AddPage(spaceKey, title, body string, ancestors ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.newPage(spaceKey, title, body, ancestors)
	return p.ID
}

func (s *Server) newPage(spaceKey, title, body string, ancestors []string) *Page {
	s.nextID++
	p := &Page{ID: strconv.Itoa(s.nextID), Title: title, SpaceKey: spaceKey, Ancestors: ancestors,
		Version: 1, Body: body, History: []string{body}}
	s.pages[p.ID] = p
	return p
}

// BumpVersion simulates someone else saving the page: its version goes up by one, so the next
// update computed from the older version gets 409.
func (s *Server) BumpVersion(pageID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.pages[pageID]; p != nil {
		p.Version++
		p.History = append(p.History, p.Body)
	}
}

// DeletePage removes a page (and its attachments) as if deleted on the server.
func (s *Server) DeletePage(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, id)
	delete(s.atts, id)
}

// Pages returns copies of the stored pages, by id.
func (s *Server) Pages() []Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Page, 0, len(s.pages))
	for _, p := range s.pages {
		c := *p
		c.Ancestors = append([]string(nil), p.Ancestors...)
		c.History = append([]string(nil), p.History...)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return numLess(out[i].ID, out[j].ID) })
	return out
}

func numLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// Attachments returns copies of a page's attachments in upload order.
func (s *Server) Attachments(pageID string) []Attachment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Attachment{}
	for _, a := range s.atts[pageID] {
		c := *a
		c.Data = append([]byte(nil), a.Data...)
		out = append(out, c)
	}
	return out
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// errorJSON writes Confluence's error body.
func errorJSON(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"statusCode": status, "message": msg,
		"data": map[string]any{"authorized": status != 401 && status != 403, "valid": true, "errors": []any{}, "successful": false},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// who is the caller as the server sees it.
type who int

const (
	unauthenticated who = iota
	anonymous
	authenticated
)

func (s *Server) record(r *http.Request, body []byte) Request {
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		rec.Auth = strings.ToLower(scheme)
		switch rec.Auth {
		case "basic":
			if raw, err := base64.StdEncoding.DecodeString(rest); err == nil {
				rec.User, rec.Secret, _ = strings.Cut(string(raw), ":")
			}
		default:
			rec.Secret = rest
		}
	}
	return rec
}

func (s *Server) authenticate(rec Request) who {
	if s.opts.Deployment == Cloud {
		if rec.Auth == "basic" && rec.User == s.opts.Email && rec.Secret == s.opts.Token && s.opts.Token != "" {
			return authenticated
		}
		return unauthenticated
	}
	if rec.Auth == "bearer" && rec.Secret == s.opts.Token && s.opts.Token != "" {
		return authenticated
	}
	if s.opts.AnonymousFallback {
		return anonymous
	}
	return unauthenticated
}

// route names the operation of a path below the API root ("" when unknown).
func route(method, p string) (op string, id string, attID string) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 3 || parts[0] != "rest" || parts[1] != "api" {
		return "", "", ""
	}
	parts = parts[2:]
	switch {
	case len(parts) == 2 && parts[0] == "user" && parts[1] == "current" && method == http.MethodGet:
		return "user", "", ""
	case len(parts) == 2 && parts[0] == "space" && method == http.MethodGet:
		return "space", parts[1], ""
	case len(parts) == 1 && parts[0] == "content" && method == http.MethodPost:
		return "create", "", ""
	case len(parts) == 1 && parts[0] == "content" && method == http.MethodGet:
		return "find", "", ""
	case len(parts) == 2 && parts[0] == "content" && method == http.MethodGet:
		return "get", parts[1], ""
	case len(parts) == 2 && parts[0] == "content" && method == http.MethodPut:
		return "update", parts[1], ""
	case len(parts) == 4 && parts[0] == "content" && parts[2] == "child" && parts[3] == "attachment" && method == http.MethodGet:
		return "attachments", parts[1], ""
	case len(parts) == 4 && parts[0] == "content" && parts[2] == "child" && parts[3] == "attachment" && method == http.MethodPost:
		return "attach", parts[1], ""
	case len(parts) == 6 && parts[0] == "content" && parts[2] == "child" && parts[3] == "attachment" && parts[5] == "data" && method == http.MethodPost:
		return "attach", parts[1], parts[4]
	}
	return "", "", ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		errorJSON(w, http.StatusBadRequest, "cannot read body")
		return
	}
	rec := s.record(r, body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)

	root := s.opts.ContextPath
	if !strings.HasPrefix(r.URL.Path, root+"/") {
		errorJSON(w, http.StatusNotFound, "null for uri: "+r.URL.Path)
		return
	}
	rel := strings.TrimPrefix(r.URL.Path, root)
	op, id, attID := route(r.Method, rel)

	for _, f := range s.fails {
		if f.times > 0 && (f.match == "*" || f.match == op || f.match == rel) {
			f.times--
			if f.retryAfter != "" {
				w.Header().Set("Retry-After", f.retryAfter)
			}
			errorJSON(w, f.status, fmt.Sprintf("scripted failure %d", f.status))
			return
		}
	}

	caller := s.authenticate(rec)
	if caller == unauthenticated {
		// Cloud answers a bad token this way; so does Data Center without anonymous access.
		errorJSON(w, http.StatusUnauthorized, "Client must be authenticated to access this resource.")
		return
	}
	if r.Header.Get("Accept") != "" && !strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "*/*") {
		errorJSON(w, http.StatusNotAcceptable, "Not Acceptable")
		return
	}
	if op == "" {
		errorJSON(w, http.StatusNotFound, "null for uri: "+r.URL.Path)
		return
	}
	if caller == anonymous {
		switch op {
		case "user":
			writeJSON(w, http.StatusOK, map[string]any{"type": "anonymous", "profilePicture": map[string]any{"path": "/images/icons/profilepics/anonymous.svg"},
				"displayName": "Anonymous", "_links": map[string]any{"base": s.URL()}})
		case "space", "get", "attachments", "find":
			// Confluence hides what the anonymous user may not see behind 404.
			errorJSON(w, http.StatusNotFound, "No space or content visible to the anonymous user")
		default:
			errorJSON(w, http.StatusForbidden, "User not permitted to create or edit content")
		}
		return
	}

	switch op {
	case "user":
		s.currentUser(w)
	case "space":
		s.space(w, id)
	case "create":
		s.create(w, r, body)
	case "get":
		s.get(w, r, id)
	case "find":
		s.find(w, r)
	case "update":
		s.update(w, r, id, body)
	case "attachments":
		s.listAttachments(w, r, id)
	case "attach":
		s.attach(w, r, id, attID, body)
	}
}

func (s *Server) currentUser(w http.ResponseWriter) {
	if s.opts.Deployment == Cloud {
		writeJSON(w, http.StatusOK, map[string]any{"type": "known", "accountId": "5b10ac8d82e05b22cc7d4ef5",
			"accountType": "atlassian", "email": s.opts.Email, "publicName": s.opts.DisplayName,
			"displayName": s.opts.DisplayName, "_links": map[string]any{"base": s.URL()}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"type": "known", "username": "jdoe", "userKey": "8a7f808a6b7c2a2d016b7c2c6b3a0000",
		"displayName": s.opts.DisplayName, "_links": map[string]any{"base": s.URL()}})
}

func (s *Server) space(w http.ResponseWriter, key string) {
	name, ok := s.opts.Spaces[key]
	if !ok {
		errorJSON(w, http.StatusNotFound, "No space with key : "+key)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": 98306, "key": key, "name": name, "type": "global", "status": "current",
		"_links": map[string]any{"webui": "/spaces/" + key, "base": s.URL()}})
}

// wireContent is the request shape of create and update. Unknown fields are refused so a
// client sending a wrong shape fails here.
type wireContent struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Space  *struct {
		Key string `json:"key"`
	} `json:"space"`
	Ancestors []struct {
		ID json.RawMessage `json:"id"`
	} `json:"ancestors"`
	Body *struct {
		Storage *struct {
			Value          *string `json:"value"`
			Representation string  `json:"representation"`
		} `json:"storage"`
	} `json:"body"`
	Version *struct {
		Number  int    `json:"number"`
		Message string `json:"message"`
	} `json:"version"`
}

func decodeContent(body []byte) (wireContent, string) {
	var c wireContent
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, "Could not parse the request body: " + err.Error()
	}
	if dec.More() {
		return c, "Could not parse the request body: trailing data"
	}
	switch {
	case c.Type != "page":
		return c, fmt.Sprintf("Content type %q is not supported here; use page", c.Type)
	case strings.TrimSpace(c.Title) == "":
		return c, "Title cannot be empty"
	case c.Body == nil || c.Body.Storage == nil || c.Body.Storage.Value == nil:
		return c, "A body with a storage representation is required"
	case c.Body.Storage.Representation != "storage":
		return c, fmt.Sprintf("Unsupported representation %q", c.Body.Storage.Representation)
	}
	if err := WellFormed(*c.Body.Storage.Value); err != nil {
		return c, "Error parsing xhtml: " + err.Error()
	}
	return c, ""
}

// WellFormed reports whether a storage-format body parses as XML once wrapped in an element that
// declares the ac: and ri: namespaces (HTML named entities such as &nbsp; are allowed, as in
// Confluence).
func WellFormed(storage string) error {
	doc := `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">` + storage + `</root>`
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (s *Server) titleTaken(space, title, except string) bool {
	for _, p := range s.pages {
		if p.SpaceKey == space && strings.EqualFold(p.Title, title) && p.ID != except {
			return true
		}
	}
	return false
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, body []byte) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		errorJSON(w, http.StatusUnsupportedMediaType, "Unsupported Media Type")
		return
	}
	c, msg := decodeContent(body)
	if msg != "" {
		errorJSON(w, http.StatusBadRequest, msg)
		return
	}
	if c.Version != nil || c.ID != "" {
		errorJSON(w, http.StatusBadRequest, "A new page cannot have an id or a version")
		return
	}
	if c.Space == nil || c.Space.Key == "" {
		errorJSON(w, http.StatusBadRequest, "Space is required to create content")
		return
	}
	if _, ok := s.opts.Spaces[c.Space.Key]; !ok {
		errorJSON(w, http.StatusNotFound, "No space with key : "+c.Space.Key)
		return
	}
	var ancestors []string
	for _, a := range c.Ancestors {
		var id string
		if err := json.Unmarshal(a.ID, &id); err != nil {
			errorJSON(w, http.StatusBadRequest, "Ancestor id must be a string")
			return
		}
		p := s.pages[id]
		if p == nil || p.SpaceKey != c.Space.Key {
			errorJSON(w, http.StatusNotFound, fmt.Sprintf("No content found with id: ContentId{id=%s}", id))
			return
		}
		ancestors = append(append([]string(nil), p.Ancestors...), id)
	}
	if s.titleTaken(c.Space.Key, c.Title, "") {
		errorJSON(w, http.StatusBadRequest, "A page with this title already exists: A page already exists with the title "+c.Title+" in this space")
		return
	}
	p := s.newPage(c.Space.Key, c.Title, *c.Body.Storage.Value, ancestors)
	writeJSON(w, http.StatusOK, s.contentJSON(p, false))
}

func (s *Server) contentJSON(p *Page, withBody bool) map[string]any {
	anc := []map[string]any{}
	for _, a := range p.Ancestors {
		anc = append(anc, map[string]any{"id": a, "type": "page"})
	}
	out := map[string]any{
		"id": p.ID, "type": "page", "status": "current", "title": p.Title,
		"space":     map[string]any{"key": p.SpaceKey, "name": s.opts.Spaces[p.SpaceKey]},
		"version":   map[string]any{"number": p.Version, "minorEdit": false},
		"ancestors": anc,
		"_links": map[string]any{
			"base":  s.URL(),
			"webui": "/spaces/" + p.SpaceKey + "/pages/" + p.ID + "/" + url.QueryEscape(p.Title),
			"self":  s.URL() + "/rest/api/content/" + p.ID,
		},
	}
	if withBody {
		out["body"] = map[string]any{"storage": map[string]any{"value": p.Body, "representation": "storage"}}
	}
	return out
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, id string) {
	p := s.pages[id]
	if p == nil {
		errorJSON(w, http.StatusNotFound, fmt.Sprintf("No content found with id: ContentId{id=%s}", id))
		return
	}
	expand := map[string]bool{}
	for _, e := range strings.Split(r.URL.Query().Get("expand"), ",") {
		expand[strings.TrimSpace(e)] = true
	}
	writeJSON(w, http.StatusOK, s.contentJSON(p, expand["body.storage"]))
}

// find answers GET /rest/api/content?spaceKey=K&title=T (the content search by title): a page
// list, {"results": [...], "size": n}.
func (s *Server) find(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key, title := q.Get("spaceKey"), q.Get("title")
	if key == "" || title == "" {
		errorJSON(w, http.StatusBadRequest, "spaceKey and title are required in this fake")
		return
	}
	expand := map[string]bool{}
	for _, e := range strings.Split(q.Get("expand"), ",") {
		expand[strings.TrimSpace(e)] = true
	}
	results := []map[string]any{}
	for _, p := range s.pages {
		if p.SpaceKey == key && p.Title == title {
			results = append(results, s.contentJSON(p, expand["body.storage"]))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results, "size": len(results), "start": 0, "limit": 25,
		"_links": map[string]any{"base": s.URL()}})
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		errorJSON(w, http.StatusUnsupportedMediaType, "Unsupported Media Type")
		return
	}
	p := s.pages[id]
	if p == nil {
		errorJSON(w, http.StatusNotFound, fmt.Sprintf("No content found with id: ContentId{id=%s}", id))
		return
	}
	c, msg := decodeContent(body)
	if msg != "" {
		errorJSON(w, http.StatusBadRequest, msg)
		return
	}
	switch {
	case c.ID != "" && c.ID != id:
		errorJSON(w, http.StatusBadRequest, "The id in the body does not match the id in the path")
		return
	case c.Version == nil:
		errorJSON(w, http.StatusBadRequest, "Version is required to update content")
		return
	case c.Version.Number != p.Version+1:
		errorJSON(w, http.StatusConflict, fmt.Sprintf("Version must be incremented on update. Current version is: %d", p.Version))
		return
	case c.Space != nil && c.Space.Key != "" && c.Space.Key != p.SpaceKey:
		errorJSON(w, http.StatusBadRequest, "Moving a page to another space is not supported here")
		return
	case s.titleTaken(p.SpaceKey, c.Title, id):
		errorJSON(w, http.StatusBadRequest, "A page with this title already exists: A page already exists with the title "+c.Title+" in this space")
		return
	}
	p.Title = c.Title
	p.Body = *c.Body.Storage.Value
	p.Version++
	p.History = append(p.History, p.Body)
	writeJSON(w, http.StatusOK, s.contentJSON(p, false))
}

func (s *Server) attachmentJSON(a *Attachment) map[string]any {
	return map[string]any{
		"id": a.ID, "type": "attachment", "status": "current", "title": a.Filename,
		"version":    map[string]any{"number": a.Version},
		"metadata":   map[string]any{"mediaType": a.ContentType},
		"extensions": map[string]any{"mediaType": a.ContentType, "fileSize": len(a.Data)},
		"_links": map[string]any{"base": s.URL(),
			"download": "/download/attachments/" + a.PageID + "/" + url.PathEscape(a.Filename)},
	}
}

func (s *Server) listAttachments(w http.ResponseWriter, r *http.Request, pageID string) {
	if s.pages[pageID] == nil {
		errorJSON(w, http.StatusNotFound, fmt.Sprintf("No content found with id: ContentId{id=%s}", pageID))
		return
	}
	name := r.URL.Query().Get("filename")
	res := []map[string]any{}
	for _, a := range s.atts[pageID] {
		if name == "" || a.Filename == name {
			res = append(res, s.attachmentJSON(a))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": res, "size": len(res), "start": 0, "limit": 50})
}

func (s *Server) attach(w http.ResponseWriter, r *http.Request, pageID, attID string, body []byte) {
	if r.Header.Get("X-Atlassian-Token") != "nocheck" {
		errorJSON(w, http.StatusForbidden, "XSRF check failed")
		return
	}
	if s.pages[pageID] == nil {
		errorJSON(w, http.StatusNotFound, fmt.Sprintf("No content found with id: ContentId{id=%s}", pageID))
		return
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		errorJSON(w, http.StatusUnsupportedMediaType, "Unsupported Media Type: attachments need multipart/form-data")
		return
	}
	form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(64 << 20)
	if err != nil {
		errorJSON(w, http.StatusBadRequest, "Cannot read the multipart body: "+err.Error())
		return
	}
	defer form.RemoveAll()
	files := form.File["file"]
	if len(files) != 1 {
		errorJSON(w, http.StatusBadRequest, "Exactly one multipart field named file is required")
		return
	}
	fh := files[0]
	f, err := fh.Open()
	if err != nil {
		errorJSON(w, http.StatusBadRequest, err.Error())
		return
	}
	data, _ := io.ReadAll(f)
	f.Close()
	ct := fh.Header.Get("Content-Type")
	if attID != "" {
		for _, a := range s.atts[pageID] {
			if a.ID == attID {
				a.Data, a.ContentType = data, ct
				a.Version++
				writeJSON(w, http.StatusOK, s.attachmentJSON(a))
				return
			}
		}
		errorJSON(w, http.StatusNotFound, "No attachment with id "+attID)
		return
	}
	for _, a := range s.atts[pageID] {
		if a.Filename == fh.Filename {
			errorJSON(w, http.StatusBadRequest, "Cannot add a new attachment with same file name as an existing attachment: "+fh.Filename)
			return
		}
	}
	s.nextID++
	a := &Attachment{ID: "att" + strconv.Itoa(s.nextID), PageID: pageID, Filename: fh.Filename, ContentType: ct, Data: data, Version: 1}
	s.atts[pageID] = append(s.atts[pageID], a)
	writeJSON(w, http.StatusOK, map[string]any{"results": []any{s.attachmentJSON(a)}, "size": 1})
}
