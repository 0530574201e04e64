// Package custom is the provider for a REST endpoint that speaks none of the known formats,
// described by an ai.CustomFormat: where the request goes (BaseURL + Path), how the key is sent
// (AuthHeader: AuthPrefix + key), where the request carries the model, the [{role, content}]
// messages and the system prompt, and where the response carries the answer and token counts.
//
// Field paths are dot-separated names with numeric array indexes: "input.messages",
// "choices.0.message.content", "0.generated_text" (a response that is an array). Writing a path
// creates the objects (and arrays, for an index) along it; reading a missing path is an error
// that names the path.
//
// The answer is one JSON document (no streaming): its whole text is delivered in one onText
// call. CustomFormat has no fields for the sampling settings, so a configured temperature and
// max tokens go in the top-level "temperature" and "max_tokens" fields (the most common names).
package custom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
)

// Top-level request fields for the sampling settings.
const (
	TemperatureField = "temperature"
	MaxTokensField   = "max_tokens"
)

const (
	maxErrorBody    = 64 << 10
	maxResponseBody = 32 << 20
	// maxIndex bounds a numeric path segment: writing index n creates n+1 array items.
	maxIndex = 1000
)

// Provider talks to one custom endpoint.
type Provider struct {
	cfg    ai.Config
	f      ai.CustomFormat
	deps   ai.Deps
	client *http.Client
	url    string
	paths  paths
}

type paths struct {
	model, messages, system, text, in, out path
}

// New validates cfg.Custom and returns the provider. A format error wraps apperr.ErrInvalid and
// names the field that is wrong.
func New(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
	if cfg.Kind == "" {
		cfg.Kind = ai.KindCustom
	}
	if cfg.Kind != ai.KindCustom {
		return nil, fmt.Errorf("custom: config is for provider %q: %w", cfg.Kind, apperr.ErrInvalid)
	}
	if cfg.Custom == nil {
		return nil, fmt.Errorf("custom: the endpoint format is not configured: %w", apperr.ErrInvalid)
	}
	f := *cfg.Custom
	endpoint, err := endpointURL(cfg.BaseURL, f.Path)
	if err != nil {
		return nil, err
	}
	if err := checkAuth(f); err != nil {
		return nil, err
	}
	p := &Provider{cfg: cfg, f: f, deps: deps, url: endpoint}
	fields := []struct {
		name, value      string
		required, onBody bool // onBody: a request path (the body is an object)
		dst              *path
	}{
		{"ModelField", f.ModelField, false, true, &p.paths.model},
		{"MessagesField", f.MessagesField, true, true, &p.paths.messages},
		{"SystemField", f.SystemField, false, true, &p.paths.system},
		{"TextField", f.TextField, true, false, &p.paths.text},
		{"InputTokensField", f.InputTokensField, false, false, &p.paths.in},
		{"OutputTokensField", f.OutputTokensField, false, false, &p.paths.out},
	}
	for _, fl := range fields {
		if fl.value == "" {
			if fl.required {
				return nil, fmt.Errorf("custom: %s is required: %w", fl.name, apperr.ErrInvalid)
			}
			continue
		}
		pp, err := parsePath(fl.value)
		if err != nil {
			return nil, fmt.Errorf("custom: %s: %w: %w", fl.name, err, apperr.ErrInvalid)
		}
		if fl.onBody && pp[0].isIndex {
			return nil, fmt.Errorf("custom: %s %q: a request path must start with a field name (the body is a JSON object): %w", fl.name, fl.value, apperr.ErrInvalid)
		}
		*fl.dst = pp
	}
	// A dry run with every request field: two fields that write into each other are caught now.
	if _, err := p.build("system", []ai.Turn{{Role: ai.RoleUser, Text: "x"}}); err != nil {
		return nil, fmt.Errorf("%w: %w", err, apperr.ErrInvalid)
	}
	client, err := deps.Client(cfg)
	if err != nil {
		return nil, fmt.Errorf("custom: %w", err)
	}
	p.client = client
	return p, nil
}

func endpointURL(base, path string) (string, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		return "", fmt.Errorf("custom: BaseURL is required: %w", apperr.ErrInvalid)
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return "", fmt.Errorf("custom: BaseURL %q must be an http(s) URL without a query: %w", base, apperr.ErrInvalid)
	}
	switch {
	case path == "":
		return "", fmt.Errorf("custom: Path is required (e.g. \"/v1/generate\"): %w", apperr.ErrInvalid)
	case !strings.HasPrefix(path, "/"):
		return "", fmt.Errorf("custom: Path %q must start with \"/\": %w", path, apperr.ErrInvalid)
	case strings.ContainsAny(path, " \t\r\n#"):
		return "", fmt.Errorf("custom: Path %q must not contain spaces or '#': %w", path, apperr.ErrInvalid)
	}
	if _, err := url.Parse(base + path); err != nil {
		return "", fmt.Errorf("custom: Path %q does not make a valid URL: %w", path, apperr.ErrInvalid)
	}
	return base + path, nil
}

// Headers the transport owns: an auth header must not replace them.
var reserved = map[string]bool{"Host": true, "Content-Length": true, "Content-Type": true, "Transfer-Encoding": true, "Connection": true}

func checkAuth(f ai.CustomFormat) error {
	if f.AuthHeader == "" {
		if f.AuthPrefix != "" {
			return fmt.Errorf("custom: AuthPrefix %q is set but AuthHeader is empty: %w", f.AuthPrefix, apperr.ErrInvalid)
		}
		return nil
	}
	for _, c := range []byte(f.AuthHeader) {
		if !isTokenChar(c) {
			return fmt.Errorf("custom: AuthHeader %q is not a valid header name (letters, digits and !#$%%&'*+-.^_`|~ only): %w", f.AuthHeader, apperr.ErrInvalid)
		}
	}
	if reserved[http.CanonicalHeaderKey(f.AuthHeader)] {
		return fmt.Errorf("custom: AuthHeader %q cannot carry the key (the HTTP client sets it): %w", f.AuthHeader, apperr.ErrInvalid)
	}
	for _, c := range []byte(f.AuthPrefix) {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return fmt.Errorf("custom: AuthPrefix %q contains a control character: %w", f.AuthPrefix, apperr.ErrInvalid)
		}
	}
	return nil
}

// isTokenChar reports whether c may appear in a header name (RFC 9110 tchar).
func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// build makes the request document.
func (p *Provider) build(system string, turns []ai.Turn) ([]byte, error) {
	var doc any = map[string]any{}
	set := func(name string, pp path, v any) error {
		d, err := pp.set(doc, v)
		if err != nil {
			return fmt.Errorf("custom: %s %q: %w", name, pp, err)
		}
		doc = d
		return nil
	}
	msgs := make([]any, 0, len(turns)+1)
	if system != "" && p.paths.system == nil {
		msgs = append(msgs, map[string]any{"role": "system", "content": system})
	}
	for _, t := range turns {
		msgs = append(msgs, map[string]any{"role": string(t.Role), "content": t.Text})
	}
	if p.paths.model != nil {
		if err := set("ModelField", p.paths.model, p.cfg.Model); err != nil {
			return nil, err
		}
	}
	if err := set("MessagesField", p.paths.messages, msgs); err != nil {
		return nil, err
	}
	if system != "" && p.paths.system != nil {
		if err := set("SystemField", p.paths.system, system); err != nil {
			return nil, err
		}
	}
	if p.cfg.Temperature != nil {
		if err := set("temperature", path{{name: TemperatureField}}, *p.cfg.Temperature); err != nil {
			return nil, err
		}
	}
	if p.cfg.MaxTokens > 0 {
		if err := set("max tokens", path{{name: MaxTokensField}}, p.cfg.MaxTokens); err != nil {
			return nil, err
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("custom: encode request: %w", err)
	}
	return b, nil
}

// Stream implements ai.Provider. The endpoint does not stream: the whole answer arrives in one
// onText call.
func (p *Provider) Stream(ctx context.Context, req ai.Request, onText func(delta string)) (ai.Result, error) {
	system, turns, err := req.Texts() // first: nothing is sent for an unapproved part
	if err != nil {
		return ai.Result{}, fmt.Errorf("custom: %w", err)
	}
	if p.paths.model != nil && p.cfg.Model == "" {
		return ai.Result{}, fmt.Errorf("custom: no model is configured (ModelField %q is set): %w", p.paths.model, apperr.ErrInvalid)
	}
	body, err := p.build(system, turns)
	if err != nil {
		return ai.Result{}, err
	}
	res := ai.Result{Model: p.cfg.Model}
	err = p.deps.Do(ctx, p.cfg, req, func(a ai.Attempt) (bool, error) {
		hr, err := http.NewRequestWithContext(a.Ctx, http.MethodPost, p.url, bytes.NewReader(body))
		if err != nil {
			return false, fmt.Errorf("custom: build request: %w", err)
		}
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Accept", "application/json")
		if p.f.AuthHeader != "" && p.cfg.APIKey != "" {
			hr.Header.Set(p.f.AuthHeader, p.f.AuthPrefix+p.cfg.APIKey)
		}
		resp, err := p.client.Do(hr)
		if err != nil {
			return false, ai.Unreachable(p.cfg.Kind, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
			return false, ai.Classify(p.cfg.Kind, resp.StatusCode, b, p.deps.RetryAfter(resp.Header))
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
		if err != nil {
			return false, ai.Interrupted(p.cfg.Kind, fmt.Errorf("custom: read response: %w", err))
		}
		if len(b) > maxResponseBody {
			return false, p.bad(resp.StatusCode, fmt.Sprintf("the response is larger than %d MB", maxResponseBody>>20), nil)
		}
		if err := p.parse(resp.StatusCode, b, &res); err != nil {
			return false, err
		}
		if res.Text != "" {
			onText(res.Text)
		}
		return res.Text != "", nil
	})
	return res, err
}

func (p *Provider) bad(status int, msg string, err error) *ai.Error {
	return &ai.Error{Kind: ai.ErrServer, Provider: p.cfg.Kind, Status: status, Message: msg, Err: err}
}

// parse reads the answer and token counts from a response document.
func (p *Provider) parse(status int, b []byte, res *ai.Result) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return p.bad(status, "the response is not valid JSON", err)
	}
	v, err := p.paths.text.get(doc)
	if err != nil {
		return p.bad(status, fmt.Sprintf("the response has no text at TextField %q: %v", p.paths.text, err), err)
	}
	text, ok := v.(string)
	if !ok {
		return p.bad(status, fmt.Sprintf("TextField %q in the response is %s, not text", p.paths.text, describe(v)), nil)
	}
	res.Text = text
	// Token counts are informational: a count the response lacks is reported as 0 rather than
	// losing the answer.
	res.Usage.InputTokens = count(doc, p.paths.in)
	res.Usage.OutputTokens = count(doc, p.paths.out)
	return nil
}

func count(doc any, pp path) int {
	if pp == nil {
		return 0
	}
	v, err := pp.get(doc)
	if err != nil {
		return 0
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0
	}
	if i, err := n.Int64(); err == nil && i >= 0 && i <= math.MaxInt32 {
		return int(i)
	}
	if f, err := n.Float64(); err == nil && f >= 0 && f <= math.MaxInt32 && f == math.Trunc(f) {
		return int(f)
	}
	return 0
}

// Models implements ai.Provider: a custom endpoint has no model list.
func (p *Provider) Models(context.Context) ([]ai.Model, error) {
	return nil, fmt.Errorf("custom: model list: %w", ai.ErrUnsupported)
}

// path is a parsed field path.
type path []segment

type segment struct {
	name    string
	index   int
	isIndex bool
}

func (pp path) String() string {
	parts := make([]string, len(pp))
	for i, s := range pp {
		if s.isIndex {
			parts[i] = strconv.Itoa(s.index)
		} else {
			parts[i] = s.name
		}
	}
	return strings.Join(parts, ".")
}

var errPath = errors.New("malformed field path")

// parsePath reads "a.b.0.c". A segment of digits is an array index.
func parsePath(s string) (path, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: empty", errPath)
	}
	var pp path
	for i, part := range strings.Split(s, ".") {
		switch {
		case part == "":
			return nil, fmt.Errorf("%w %q: part %d is empty (two dots, or a dot at an end)", errPath, s, i+1)
		case strings.ContainsFunc(part, func(r rune) bool { return r <= ' ' || r == 0x7f }):
			return nil, fmt.Errorf("%w %q: part %q contains a space or control character", errPath, s, part)
		case strings.Trim(part, "0123456789") == "":
			n, err := strconv.Atoi(part)
			if err != nil || n > maxIndex {
				return nil, fmt.Errorf("%w %q: index %s is larger than %d", errPath, s, part, maxIndex)
			}
			pp = append(pp, segment{index: n, isIndex: true})
		default:
			pp = append(pp, segment{name: part})
		}
	}
	return pp, nil
}

// get reads the value at pp in doc (decoded JSON).
func (pp path) get(doc any) (any, error) {
	cur := doc
	for i, s := range pp {
		at := "the response"
		if i > 0 {
			at = fmt.Sprintf("%q", pp[:i])
		}
		if s.isIndex {
			arr, ok := cur.([]any)
			if !ok {
				return nil, fmt.Errorf("%s is %s, not an array", at, describe(cur))
			}
			if s.index >= len(arr) {
				return nil, fmt.Errorf("%s has %d item(s), no index %d", at, len(arr), s.index)
			}
			cur = arr[s.index]
			continue
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s is %s, not an object", at, describe(cur))
		}
		v, ok := obj[s.name]
		if !ok {
			return nil, fmt.Errorf("%s has no field %q", at, s.name)
		}
		cur = v
	}
	return cur, nil
}

// set writes v at pp into doc, creating objects (and arrays for an index) along the way, and
// returns the new document. A path that runs into a value written before is an error.
func (pp path) set(doc any, v any) (any, error) {
	if len(pp) == 0 {
		if doc != nil {
			return nil, errors.New("another field already writes there")
		}
		return v, nil
	}
	s := pp[0]
	if s.isIndex {
		var arr []any
		switch d := doc.(type) {
		case nil:
		case []any:
			arr = d
		default:
			return nil, fmt.Errorf("index %d is inside %s written by another field", s.index, describe(doc))
		}
		for len(arr) <= s.index {
			arr = append(arr, nil)
		}
		child, err := pp[1:].set(arr[s.index], v)
		if err != nil {
			return nil, err
		}
		arr[s.index] = child
		return arr, nil
	}
	var obj map[string]any
	switch d := doc.(type) {
	case nil:
		obj = map[string]any{}
	case map[string]any:
		obj = d
	default:
		return nil, fmt.Errorf("field %q is inside %s written by another field", s.name, describe(doc))
	}
	child, err := pp[1:].set(obj[s.name], v)
	if err != nil {
		return nil, err
	}
	obj[s.name] = child
	return obj, nil
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64, int:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}
