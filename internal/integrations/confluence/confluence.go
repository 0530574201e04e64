// Package confluence is a client for the Confluence REST API v1 (Cloud and Data Center / Server):
// current user, space, page read / create / update with versions, and attachments.
//
// Cloud authenticates with HTTP Basic email:api_token under {site}/wiki; Data Center with a
// personal access token as Bearer under the base URL (which may carry a context path). A Data
// Center server with anonymous access answers a wrong token as the anonymous user instead of
// 401: CurrentUser detects it and reports wrong credentials.
//
// Every request is passed to Deps.Audit before it is sent (method, host, path, attempt, size and
// SHA-256 of the exact body); an audit error stops the request. 429 and 503 are retried after
// Retry-After (Deps.OnWait is told first, so the UI can show the wait). The token never appears
// in an error or a URL.
package confluence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/integrations/confluence/storage"
)

// Deployments.
const (
	DeploymentCloud      = "cloud"      // Atlassian Cloud: Basic email:api_token, API under /wiki
	DeploymentDataCenter = "datacenter" // Data Center / Server: Bearer personal access token
)

// Retry and size limits.
const (
	MaxRetries        = 3                // re-sends after 429/503
	DefaultRetryAfter = 2 * time.Second  // when the server gives no Retry-After
	MaxRetryAfter     = 60 * time.Second // a longer wait is reported, not waited out
	maxResponseBytes  = 16 << 20
	maxMessageRunes   = 300 // of a server's error message kept in our error
	defaultTimeout    = 2 * time.Minute
	userAgent         = "tftsr"
)

// ErrAuditFailed: the audit record of a request could not be written, so it was not sent.
var ErrAuditFailed = errors.New("the audit record of the request could not be written, so nothing was sent")

// Config is one Confluence site.
type Config struct {
	BaseURL    string // as the user gave it; normalised by New (NormalizeBaseURL)
	Deployment string // DeploymentCloud or DeploymentDataCenter
	Email      string // Cloud only
	Token      string // Cloud API token or Data Center personal access token
	SpaceKey   string // where Create puts pages
	ParentID   string // optional ancestor of created pages
}

// SendRecord is what is audited about one outbound request: never its content.
type SendRecord struct {
	Op      string `json:"op"` // user, space, page, create, update, attachments, attach
	Method  string `json:"method"`
	Host    string `json:"host"`
	Path    string `json:"path"`
	Attempt int    `json:"attempt"` // 1-based, per operation
	Bytes   int    `json:"bytes"`
	SHA256  string `json:"sha256"` // of the exact request body
}

// Deps are the client's collaborators; all optional.
type Deps struct {
	// HTTPClient is the base client (tests give one for the fake). nil = a client over
	// http.DefaultTransport with a 2-minute timeout.
	HTTPClient *http.Client
	// Sleep waits before a retry; nil = a real timer that ends with ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnWait is told about a rate-limit wait before it starts (d, HTTP status).
	OnWait func(d time.Duration, status int)
	// Audit records every request before it is sent; an error stops it. nil = not recorded.
	Audit func(ctx context.Context, r SendRecord) error
	// Now is the clock for Retry-After dates; nil = time.Now.
	Now func() time.Time
}

// Client talks to one Confluence site.
type Client struct {
	cfg  Config
	root *url.URL // API root: {site}/wiki on Cloud, the base URL (with context path) on DC
	auth string   // Authorization header value
	hc   *http.Client
	deps Deps
}

// User is the authenticated user.
type User struct {
	AccountID   string `json:"accountId"` // Cloud accountId; DC userKey (or username)
	DisplayName string `json:"displayName"`
	Type        string `json:"type"` // known, anonymous, …
}

// Space is a Confluence space.
type Space struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// Page is a Confluence page.
type Page struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Version  int    `json:"version"`
	SpaceKey string `json:"spaceKey"`
	URL      string `json:"url"`
	Body     string `json:"body"` // storage format; only from Page
}

// PageInput is a page's title, storage-format body and attachments. Its fields are unexported:
// outside tests it is made only by NewPage from an egress.Approved document, so nothing the
// user did not approve can be published.
type PageInput struct {
	title       string
	body        string // storage format (XHTML with ac:/ri: elements); must be well-formed
	attachments []Attachment
}

// NewPage converts an approved document — its title line, a blank line, then Markdown — into a
// page: the Markdown becomes storage format and its embedded (data: URI) images attachments.
func NewPage(doc egress.Approved) (PageInput, error) {
	text, err := doc.Text()
	if err != nil {
		return PageInput{}, fmt.Errorf("confluence: %w", err)
	}
	title, md, _ := strings.Cut(text, "\n\n")
	conv, err := storage.Convert(md)
	if err != nil {
		return PageInput{}, fmt.Errorf("confluence: convert to storage format: %w", err)
	}
	in := PageInput{title: strings.TrimSpace(title), body: conv.XHTML}
	for _, a := range conv.Attachments {
		in.attachments = append(in.attachments, Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return in, nil
}

// Title is the page title.
func (in PageInput) Title() string { return in.title }

// Body is the storage-format body.
func (in PageInput) Body() string { return in.body }

// Attachments are the files the body refers to (ri:attachment), uploaded by AttachAll.
func (in PageInput) Attachments() []Attachment { return in.attachments }

// Attachment is a file attached to a page.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// NormalizeBaseURL returns the API root for a base URL a user pasted. Cloud: any
// https://SITE.atlassian.net[/wiki[/…]] becomes https://SITE.atlassian.net/wiki. Data Center: the
// context path is kept (a pasted /rest/api suffix is dropped). Only http and https.
func NormalizeBaseURL(raw, deployment string) (string, error) {
	bad := func(format string, a ...any) (string, error) {
		return "", fmt.Errorf("confluence: base URL: "+format+": %w", append(a, apperr.ErrInvalid)...)
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return bad("a base URL is required")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "":
		return bad("%q is not a URL (example: https://acme.atlassian.net)", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("only http:// and https:// are allowed, got %q", u.Scheme)
	case u.User != nil:
		return bad("the URL must not contain a user name or password: use the email and token fields")
	}
	u.RawQuery, u.Fragment, u.RawFragment, u.RawPath = "", "", "", ""
	p := strings.TrimRight(u.Path, "/")
	switch deployment {
	case DeploymentCloud:
		// The site's Confluence lives under /wiki; a pasted page or space URL is cut back to it.
		if p != "" && p != "/wiki" && !strings.HasPrefix(p, "/wiki/") {
			return bad("a Confluence Cloud URL looks like https://SITE.atlassian.net or https://SITE.atlassian.net/wiki, got %q", s)
		}
		p = "/wiki"
	case DeploymentDataCenter:
		p = strings.TrimSuffix(strings.TrimSuffix(p, "/rest/api"), "/")
	default:
		return bad("unknown deployment %q (cloud or datacenter)", deployment)
	}
	u.Path = p
	return u.String(), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New validates cfg and builds a client. No request is sent.
func New(cfg Config, deps Deps) (*Client, error) {
	bad := func(format string, a ...any) (*Client, error) {
		return nil, fmt.Errorf("confluence: "+format+": %w", append(a, apperr.ErrInvalid)...)
	}
	root, err := NormalizeBaseURL(cfg.BaseURL, cfg.Deployment)
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = root
	cfg.Email = strings.TrimSpace(cfg.Email)
	cfg.Token = strings.TrimSpace(cfg.Token)
	cfg.SpaceKey = strings.TrimSpace(cfg.SpaceKey)
	cfg.ParentID = strings.TrimSpace(cfg.ParentID)
	switch {
	case cfg.Token == "":
		return bad("a token is required")
	case strings.ContainsAny(cfg.Token, "\r\n\x00") || strings.ContainsAny(cfg.Email, "\r\n\x00"):
		return bad("the email and token must be one line")
	}
	u, _ := url.Parse(root) // NormalizeBaseURL produced it
	if cfg.Deployment == DeploymentCloud && u.Scheme != "https" && !isLoopback(u.Hostname()) {
		// Atlassian Cloud is https only; over http the Basic credentials would travel in clear
		// before the redirect. (Loopback is allowed for local proxies and the tests' fake.)
		return bad("Confluence Cloud is reached over https: use https://%s", u.Host)
	}
	var auth string
	if cfg.Deployment == DeploymentCloud {
		if cfg.Email == "" {
			return bad("Confluence Cloud needs the account email with the API token")
		}
		auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Email+":"+cfg.Token))
	} else {
		auth = "Bearer " + cfg.Token
	}
	base := http.DefaultTransport
	// Redirects are not followed: a POST turned into a GET, or credentials dropped on another
	// host, would fail in confusing ways. The 3xx is reported with where it pointed.
	hc := &http.Client{Timeout: defaultTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if deps.HTTPClient != nil {
		if deps.HTTPClient.Transport != nil {
			base = deps.HTTPClient.Transport
		}
		hc.Timeout = deps.HTTPClient.Timeout
		hc.Jar = deps.HTTPClient.Jar
		if deps.HTTPClient.CheckRedirect != nil {
			hc.CheckRedirect = deps.HTTPClient.CheckRedirect
		}
	}
	hc.Transport = &auditTransport{next: base, audit: deps.Audit}
	return &Client{cfg: cfg, root: u, auth: auth, hc: hc, deps: deps}, nil
}

// Config returns the client's configuration with the normalised base URL (API root).
func (c *Client) Config() Config { return c.cfg }

// request is one operation's HTTP call.
type request struct {
	kind        string // SendRecord.Op: a fixed name, never user text
	op          string // for error messages
	method      string
	path        string // below the API root, e.g. /rest/api/content
	query       url.Values
	body        []byte
	contentType string
	header      map[string]string
	notFound    func(msg string) error // maps 404; nil = ErrNotFound with the server's message
}

type sendKey struct{}

type sendInfo struct {
	op      string
	attempt int
}

// auditTransport hashes the exact body of every request (redirects included) and records it
// before passing the request on.
type auditTransport struct {
	next  http.RoundTripper
	audit func(ctx context.Context, r SendRecord) error
}

func (t *auditTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.audit == nil {
		return t.next.RoundTrip(r)
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("confluence: read request body for audit: %w", err)
		}
		body = b
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	si, _ := r.Context().Value(sendKey{}).(sendInfo)
	sum := sha256.Sum256(body)
	rec := SendRecord{Op: si.op, Method: r.Method, Host: r.URL.Host, Path: r.URL.Path, Attempt: si.attempt,
		Bytes: len(body), SHA256: hex.EncodeToString(sum[:])}
	if err := t.audit(r.Context(), rec); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuditFailed, err)
	}
	return t.next.RoundTrip(r)
}

// errorBody is Confluence's error shape: {"statusCode":404,"message":"…","data":{…}}.
type errorBody struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Reason     string `json:"reason"`
	Errors     []struct {
		Message struct {
			Key         string `json:"key"`
			Translation string `json:"translation"`
		} `json:"message"`
	} `json:"errors"`
	Data struct {
		Errors []struct {
			Message struct {
				Key         string `json:"key"`
				Translation string `json:"translation"`
			} `json:"message"`
		} `json:"errors"`
	} `json:"data"`
}

// serverMessage extracts a short, token-free message from an error response body.
func (c *Client) serverMessage(body []byte) string {
	var eb errorBody
	msg := ""
	if json.Unmarshal(body, &eb) == nil {
		msg = eb.Message
		if msg == "" {
			msg = eb.Reason
		}
		for _, e := range append(eb.Errors, eb.Data.Errors...) {
			if t := e.Message.Translation; t != "" && !strings.Contains(msg, t) {
				msg = strings.TrimSpace(msg + "; " + t)
			} else if k := e.Message.Key; k != "" && t == "" && !strings.Contains(msg, k) {
				msg = strings.TrimSpace(msg + "; " + k)
			}
		}
	} else if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) { // HTML error pages say nothing useful
		msg = string(body)
	}
	return c.scrub(msg)
}

// scrub removes the credentials from text, flattens it to one line and truncates it.
func (c *Client) scrub(s string) string {
	if c.cfg.Token != "" {
		s = strings.ReplaceAll(s, c.cfg.Token, "[token]")
	}
	if auth := strings.TrimPrefix(strings.TrimPrefix(c.auth, "Basic "), "Bearer "); auth != "" {
		s = strings.ReplaceAll(s, auth, "[token]")
	}
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "?")), " ")
	if utf8.RuneCountInString(s) > maxMessageRunes {
		s = string([]rune(s)[:maxMessageRunes]) + "…"
	}
	return s
}

func withMsg(msg string) string {
	if msg == "" {
		return ""
	}
	return ": " + msg
}

// do sends rq, retrying 429 and 503, and decodes a 2xx JSON answer into out (when not nil).
func (c *Client) do(ctx context.Context, rq request, out any) error {
	u := *c.root
	u.Path = c.root.Path + rq.path
	u.RawQuery = rq.query.Encode()
	for attempt := 1; ; attempt++ {
		var body io.Reader = http.NoBody
		if rq.body != nil {
			body = bytes.NewReader(rq.body)
		}
		req, err := http.NewRequestWithContext(context.WithValue(ctx, sendKey{}, sendInfo{op: rq.kind, attempt: attempt}), rq.method, u.String(), body)
		if err != nil {
			return fmt.Errorf("confluence: %s: %w", rq.op, err)
		}
		req.Header.Set("Authorization", c.auth)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)
		if rq.body != nil {
			ct := rq.contentType
			if ct == "" {
				ct = "application/json"
			}
			req.Header.Set("Content-Type", ct)
		}
		for k, v := range rq.header {
			req.Header.Set(k, v)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			switch {
			case errors.Is(err, ErrAuditFailed):
				var ue *url.Error
				if errors.As(err, &ue) {
					err = ue.Err // without the request URL
				}
				return fmt.Errorf("confluence: %s: %w", rq.op, err)
			case ctx.Err() != nil:
				return fmt.Errorf("confluence: %s: %w", rq.op, ctx.Err())
			}
			return fmt.Errorf("confluence: %s: cannot reach %s: %s: %w", rq.op, c.root.Host, c.scrub(netReason(err)), apperr.ErrUpstream)
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
		resp.Body.Close()
		if rerr != nil {
			return fmt.Errorf("confluence: %s: read answer: %s: %w", rq.op, c.scrub(rerr.Error()), apperr.ErrUpstream)
		}
		if len(data) > maxResponseBytes {
			return fmt.Errorf("confluence: %s: answer larger than %d MiB: %w", rq.op, maxResponseBytes>>20, apperr.ErrUpstream)
		}
		st := resp.StatusCode
		if st >= 200 && st < 300 {
			if out == nil {
				return nil
			}
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("confluence: %s: the answer is not the expected JSON (is the base URL a Confluence site?): %w", rq.op, apperr.ErrUpstream)
			}
			return nil
		}
		msg := c.serverMessage(data)
		// 429 means the request was not processed: always safe to re-send. A 503 may come from a
		// gateway after Confluence acted, so a POST (create, upload) is not repeated on it: a
		// second create would find its own page's title taken.
		retryable := st == http.StatusTooManyRequests || (st == http.StatusServiceUnavailable && rq.method != http.MethodPost)
		if retryable {
			if attempt > MaxRetries {
				what := "rate limiting requests"
				if st == http.StatusServiceUnavailable {
					what = "unavailable"
				}
				return fmt.Errorf("confluence: %s: Confluence is %s (HTTP %d, %d attempts)%s: %w", rq.op, what, st, attempt, withMsg(msg), apperr.ErrUpstream)
			}
			d := c.retryAfter(resp.Header)
			if d > MaxRetryAfter {
				return fmt.Errorf("confluence: %s: Confluence asks to wait %s before the next request (HTTP %d): try again later%s: %w",
					rq.op, d.Round(time.Second), st, withMsg(msg), apperr.ErrUpstream)
			}
			if c.deps.OnWait != nil {
				c.deps.OnWait(d, st)
			}
			if err := c.sleep(ctx, d); err != nil {
				return fmt.Errorf("confluence: %s: waiting to retry: %w", rq.op, err)
			}
			continue
		}
		if st >= 300 && st < 400 {
			return c.redirectError(rq, st, resp.Header.Get("Location"))
		}
		return c.statusError(rq, st, msg)
	}
}

// statusError maps a non-2xx, non-retried status.
func (c *Client) statusError(rq request, st int, msg string) error {
	switch {
	case st == http.StatusUnauthorized:
		who := "API token"
		if c.cfg.Deployment == DeploymentCloud {
			who = "email or API token"
		}
		return fmt.Errorf("confluence: %s: wrong %s (HTTP 401)%s: %w", rq.op, who, withMsg(msg), apperr.ErrAuth)
	case st == http.StatusForbidden:
		return fmt.Errorf("confluence: %s: no permission, or wrong credentials (HTTP 403)%s: %w", rq.op, withMsg(msg), apperr.ErrAuth)
	case st == http.StatusNotFound:
		if rq.notFound != nil {
			return rq.notFound(msg)
		}
		return fmt.Errorf("confluence: %s: not found (HTTP 404)%s: %w", rq.op, withMsg(msg), apperr.ErrNotFound)
	case st == http.StatusConflict:
		return fmt.Errorf("confluence: %s: conflict (HTTP 409)%s: %w", rq.op, withMsg(msg), apperr.ErrConflict)
	case st == http.StatusBadRequest && strings.Contains(strings.ToLower(msg), "title already exists"):
		return fmt.Errorf("confluence: %s: a page with this title already exists in the space%s: %w", rq.op, withMsg(msg), apperr.ErrConflict)
	case st == http.StatusRequestEntityTooLarge:
		return fmt.Errorf("confluence: %s: too large for the server (HTTP 413)%s: %w", rq.op, withMsg(msg), apperr.ErrUpstream)
	}
	return fmt.Errorf("confluence: %s: Confluence answered HTTP %d%s: %w", rq.op, st, withMsg(msg), apperr.ErrUpstream)
}

// redirectError reports a 3xx: usually a base URL that is not the API root (http instead of
// https, a missing context path) or a single sign-on page in front of Confluence.
func (c *Client) redirectError(rq request, st int, location string) error {
	where := "another address"
	if u, err := c.root.Parse(location); err == nil && location != "" {
		u.RawQuery, u.Fragment, u.User = "", "", nil
		where = u.String()
	}
	return fmt.Errorf("confluence: %s: the server redirected (HTTP %d) to %s: check the base URL (or a sign-on page is in front of Confluence): %w",
		rq.op, st, c.scrub(where), apperr.ErrUpstream)
}

// netReason is a network error without the request URL (http.Client prefixes it).
func netReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// retryAfter reads Retry-After (seconds or an HTTP date). Without one: 2 s plus up to 25 %
// jitter so clients that were limited together do not come back together.
func (c *Client) retryAfter(h http.Header) time.Duration {
	now := time.Now
	if c.deps.Now != nil {
		now = c.deps.Now
	}
	d := time.Duration(-1)
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			d = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			d = max(t.Sub(now()), 0)
		}
	}
	if d < 0 {
		d = DefaultRetryAfter + time.Duration(rand.Int64N(int64(DefaultRetryAfter/4)+1))
	}
	return d
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.deps.Sleep != nil {
		return c.deps.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// CurrentUser returns the authenticated user. The anonymous user (a Data Center server with
// anonymous access answers a wrong token that way) is reported as wrong credentials.
func (c *Client) CurrentUser(ctx context.Context) (User, error) {
	var r struct {
		Type        string `json:"type"`
		AccountType string `json:"accountType"`
		AccountID   string `json:"accountId"`
		UserKey     string `json:"userKey"`
		Username    string `json:"username"`
		DisplayName string `json:"displayName"`
	}
	if err := c.do(ctx, request{kind: "user", op: "current user", method: http.MethodGet, path: "/rest/api/user/current"}, &r); err != nil {
		return User{}, err
	}
	if strings.EqualFold(r.Type, "anonymous") || strings.EqualFold(r.AccountType, "anonymous") {
		return User{}, fmt.Errorf("confluence: current user: the server treated the request as anonymous: the token is wrong or expired (the server allows anonymous access, so it did not answer 401): %w", apperr.ErrAuth)
	}
	if r.Type == "" && r.AccountID == "" && r.UserKey == "" && r.Username == "" {
		return User{}, fmt.Errorf("confluence: current user: the answer has no user: is the base URL a Confluence site? %w", apperr.ErrUpstream)
	}
	u := User{AccountID: r.AccountID, DisplayName: r.DisplayName, Type: r.Type}
	if u.AccountID == "" {
		u.AccountID = r.UserKey
	}
	if u.AccountID == "" {
		u.AccountID = r.Username
	}
	if u.DisplayName == "" {
		u.DisplayName = r.Username
	}
	return u, nil
}

// Space returns the space with key (ErrNotFound when it does not exist or is not visible).
func (c *Client) Space(ctx context.Context, key string) (Space, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return Space{}, fmt.Errorf("confluence: space: a space key is required: %w", apperr.ErrInvalid)
	}
	var s Space
	err := c.do(ctx, request{kind: "space", op: "space", method: http.MethodGet, path: "/rest/api/space/" + url.PathEscape(key),
		notFound: func(msg string) error {
			return fmt.Errorf("confluence: space %q not found (or not visible to this user)%s: %w", key, withMsg(msg), apperr.ErrNotFound)
		}}, &s)
	if err != nil {
		return Space{}, err
	}
	if s.Key == "" {
		return Space{}, fmt.Errorf("confluence: space %q: the answer has no space: is the base URL a Confluence site? %w", key, apperr.ErrUpstream)
	}
	return s, nil
}

// content is the v1 content shape (the parts we use).
type content struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title"`
	Space *struct {
		Key string `json:"key"`
	} `json:"space"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
	Body *struct {
		Storage *struct {
			Value string `json:"value"`
		} `json:"storage"`
	} `json:"body"`
	Links struct {
		Base  string `json:"base"`
		WebUI string `json:"webui"`
	} `json:"_links"`
}

func (c *Client) page(ct content) Page {
	p := Page{ID: ct.ID, Title: ct.Title}
	if ct.Version != nil {
		p.Version = ct.Version.Number
	}
	if ct.Space != nil {
		p.SpaceKey = ct.Space.Key
	}
	if ct.Body != nil && ct.Body.Storage != nil {
		p.Body = ct.Body.Storage.Value
	}
	if ct.Links.WebUI != "" {
		base := ct.Links.Base
		if base == "" {
			base = c.root.String()
		}
		p.URL = strings.TrimRight(base, "/") + "/" + strings.TrimLeft(ct.Links.WebUI, "/")
	}
	return p
}

func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func gone(id string) func(string) error {
	return func(msg string) error {
		return fmt.Errorf("confluence: page %s no longer exists (deleted on the server?)%s: %w", id, withMsg(msg), apperr.ErrGone)
	}
}

// Page reads a page with its version and storage body (ErrGone when it no longer exists).
func (c *Client) Page(ctx context.Context, id string) (Page, error) {
	if !validID(id) {
		return Page{}, fmt.Errorf("confluence: page: %q is not a page id (digits): %w", id, apperr.ErrInvalid)
	}
	var ct content
	err := c.do(ctx, request{kind: "page", op: "read page", method: http.MethodGet, path: "/rest/api/content/" + id,
		query: url.Values{"expand": {"version,body.storage,space"}}, notFound: gone(id)}, &ct)
	if err != nil {
		return Page{}, err
	}
	return c.page(ct), nil
}

// FindByTitle returns the page titled title in the configured space (titles are unique in a
// space), and false when there is none.
func (c *Client) FindByTitle(ctx context.Context, title string) (Page, bool, error) {
	var res struct {
		Results []content `json:"results"`
		Links   struct {
			Base string `json:"base"`
		} `json:"_links"`
	}
	err := c.do(ctx, request{kind: "find", op: "find page by title", method: http.MethodGet, path: "/rest/api/content",
		query: url.Values{"spaceKey": {c.cfg.SpaceKey}, "title": {strings.TrimSpace(title)}, "type": {"page"}, "expand": {"version,body.storage,space"}}}, &res)
	if err != nil || len(res.Results) == 0 {
		return Page{}, false, err
	}
	ct := res.Results[0]
	if ct.Links.Base == "" {
		ct.Links.Base = res.Links.Base
	}
	return c.page(ct), true, nil
}

type storageBody struct {
	Storage struct {
		Value          string `json:"value"`
		Representation string `json:"representation"`
	} `json:"storage"`
}

type keyRef struct {
	Key string `json:"key"`
}

type idRef struct {
	ID string `json:"id"`
}

type versionRef struct {
	Number int `json:"number"`
}

type pageBody struct {
	ID        string      `json:"id,omitempty"`
	Type      string      `json:"type"`
	Title     string      `json:"title"`
	Space     keyRef      `json:"space"`
	Ancestors []idRef     `json:"ancestors,omitempty"`
	Body      storageBody `json:"body"`
	Version   *versionRef `json:"version,omitempty"`
}

func checkInput(op string, in PageInput) error {
	switch {
	case strings.TrimSpace(in.title) == "":
		return fmt.Errorf("confluence: %s: a page title is required: %w", op, apperr.ErrInvalid)
	case utf8.RuneCountInString(in.title) > 255:
		return fmt.Errorf("confluence: %s: the title is longer than 255 characters: %w", op, apperr.ErrInvalid)
	}
	return nil
}

// Create creates a page in the configured space, under the configured parent when one is set.
func (c *Client) Create(ctx context.Context, in PageInput) (Page, error) {
	if err := checkInput("create page", in); err != nil {
		return Page{}, err
	}
	if c.cfg.SpaceKey == "" {
		return Page{}, fmt.Errorf("confluence: create page: no space key configured: %w", apperr.ErrInvalid)
	}
	b := pageBody{Type: "page", Title: strings.TrimSpace(in.title), Space: keyRef{Key: c.cfg.SpaceKey}}
	if c.cfg.ParentID != "" {
		b.Ancestors = []idRef{{ID: c.cfg.ParentID}}
	}
	b.Body.Storage.Value, b.Body.Storage.Representation = in.body, "storage"
	raw, err := json.Marshal(b)
	if err != nil {
		return Page{}, fmt.Errorf("confluence: create page: %w", err)
	}
	var ct content
	err = c.do(ctx, request{kind: "create", op: "create page", method: http.MethodPost, path: "/rest/api/content", body: raw,
		notFound: func(msg string) error {
			what := fmt.Sprintf("space %q", c.cfg.SpaceKey)
			if c.cfg.ParentID != "" {
				what += fmt.Sprintf(" or parent page %s", c.cfg.ParentID)
			}
			return fmt.Errorf("confluence: create page: %s not found%s: %w", what, withMsg(msg), apperr.ErrNotFound)
		}}, &ct)
	if err != nil {
		return Page{}, err
	}
	p := c.page(ct)
	if p.ID == "" {
		return Page{}, fmt.Errorf("confluence: create page: the answer has no page id: %w", apperr.ErrUpstream)
	}
	p.Body = ""
	return p, nil
}

// Update replaces a page's title and body: it reads the current version and writes version + 1.
// When someone else saved in between (409) it re-reads and tries once more, then reports
// ErrConflict. A page deleted on the server is ErrGone.
func (c *Client) Update(ctx context.Context, id string, in PageInput) (Page, error) {
	if err := checkInput("update page", in); err != nil {
		return Page{}, err
	}
	var last error
	for try := 0; try < 2; try++ {
		cur, err := c.Page(ctx, id)
		if err != nil {
			return Page{}, err
		}
		b := pageBody{ID: id, Type: "page", Title: strings.TrimSpace(in.title), Space: keyRef{Key: cur.SpaceKey},
			Version: &versionRef{Number: cur.Version + 1}}
		b.Body.Storage.Value, b.Body.Storage.Representation = in.body, "storage"
		raw, err := json.Marshal(b)
		if err != nil {
			return Page{}, fmt.Errorf("confluence: update page %s: %w", id, err)
		}
		var ct content
		err = c.do(ctx, request{kind: "update", op: "update page " + id, method: http.MethodPut, path: "/rest/api/content/" + id, body: raw, notFound: gone(id)}, &ct)
		if err == nil {
			p := c.page(ct)
			p.Body = ""
			if p.ID == "" {
				p.ID = id
			}
			return p, nil
		}
		if !errors.Is(err, apperr.ErrConflict) || strings.Contains(err.Error(), "title already exists") {
			return Page{}, err
		}
		last = err
	}
	return Page{}, fmt.Errorf("confluence: update page %s: someone else changed the page while publishing, twice; try again: %w", id, last)
}

// Attach uploads a file to a page, replacing the data of an attachment with the same name.
// AttachAll uploads the attachments of in to page pageID (creating or updating each by name).
func (c *Client) AttachAll(ctx context.Context, pageID string, in PageInput) error {
	for _, a := range in.attachments {
		if err := c.attach(ctx, pageID, a); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) attach(ctx context.Context, pageID string, a Attachment) error {
	if !validID(pageID) {
		return fmt.Errorf("confluence: attach: %q is not a page id (digits): %w", pageID, apperr.ErrInvalid)
	}
	name := strings.TrimSpace(a.Filename)
	if name == "" || strings.ContainsAny(name, "/\\\x00\r\n") {
		return fmt.Errorf("confluence: attach: %q is not a file name: %w", a.Filename, apperr.ErrInvalid)
	}
	var existing struct {
		Results []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"results"`
	}
	base := "/rest/api/content/" + pageID + "/child/attachment"
	if err := c.do(ctx, request{kind: "attachments", op: fmt.Sprintf("find attachment %q", name), method: http.MethodGet, path: base,
		query: url.Values{"filename": {name}}, notFound: gone(pageID)}, &existing); err != nil {
		return err
	}
	path := base
	for _, r := range existing.Results {
		if r.Title == name && r.ID != "" {
			path = base + "/" + url.PathEscape(r.ID) + "/data"
			break
		}
	}
	body, ctype, err := multipartFile(name, a.ContentType, a.Data)
	if err != nil {
		return fmt.Errorf("confluence: attach %q: %w", name, err)
	}
	return c.do(ctx, request{kind: "attach", op: fmt.Sprintf("attach %q", name), method: http.MethodPost, path: path, body: body, contentType: ctype,
		header: map[string]string{"X-Atlassian-Token": "nocheck"}, notFound: gone(pageID)}, nil)
}
