// Package webbridge serves the built frontend over plain HTTP and dispatches its calls to the
// very same bound service values Wails binds, by the same names ("app.IncidentService.Create").
// It exists so end-to-end tests can drive the real UI in a real browser against the real Go
// services and a real encrypted database. It is linked only into the test binary
// (internal/webbridge/cmd/tftsr-e2e), never into the desktop app, and listens on loopback.
package webbridge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"reflect"
)

//go:embed bridge.js
var bridgeJS []byte

type method struct {
	fn reflect.Value
	in []reflect.Type
}

// Bridge dispatches calls and serves assets.
type Bridge struct {
	methods   map[string]method
	formatErr func(error) any
	assets    fs.FS
	index     []byte
	events    *Events
}

var errorType = reflect.TypeFor[error]()

// New registers every exported method of each binding (pointers to structs) under
// "<package>.<Type>.<Method>", as Wails does, and serves assets (which must hold index.html).
// events (may be nil) is the bus the services emit on; pages receive it at /wails/events.
func New(bindings []any, formatErr func(error) any, assets fs.FS, events *Events) (*Bridge, error) {
	if events == nil {
		events = NewEvents()
	}
	b := &Bridge{methods: map[string]method{}, formatErr: formatErr, assets: assets, events: events}
	for _, binding := range bindings {
		v := reflect.ValueOf(binding)
		t := v.Type()
		if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			return nil, fmt.Errorf("webbridge: binding %T is not a pointer to a struct", binding)
		}
		prefix := path.Base(t.Elem().PkgPath()) + "." + t.Elem().Name() + "."
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			in := make([]reflect.Type, 0, m.Type.NumIn()-1)
			for j := 1; j < m.Type.NumIn(); j++ {
				in = append(in, m.Type.In(j))
			}
			b.methods[prefix+m.Name] = method{fn: v.Method(i), in: in}
		}
	}
	index, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		return nil, fmt.Errorf("webbridge: assets: %w", err)
	}
	// Load the bridge before any module script so window.go exists when the app starts.
	b.index = bytes.Replace(index, []byte("<head>"), []byte(`<head><script src="/wails/bridge.js"></script>`), 1)
	return b, nil
}

type callRequest struct {
	Name string            `json:"name"`
	Args []json.RawMessage `json:"args"`
}

type callResponse struct {
	Result any `json:"result"`
	Error  any `json:"error,omitempty"`
}

// ServeHTTP implements http.Handler.
func (b *Bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/wails/call" && r.Method == http.MethodPost:
		b.serveCall(w, r)
	case r.URL.Path == "/wails/events":
		b.events.serve(w, r)
	case r.URL.Path == "/wails/bridge.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(bridgeJS)
	case r.URL.Path == "/" || r.URL.Path == "/index.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b.index)
	default:
		http.FileServerFS(b.assets).ServeHTTP(w, r)
	}
}

func (b *Bridge) serveCall(w http.ResponseWriter, r *http.Request) {
	var req callRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, callResponse{Error: "error parsing call: " + err.Error()})
		return
	}
	res, callErr := b.Call(req.Name, req.Args)
	if callErr != nil {
		writeJSON(w, http.StatusOK, callResponse{Error: callErr})
		return
	}
	writeJSON(w, http.StatusOK, callResponse{Result: res})
}

// Call invokes the named method with JSON arguments. Like Wails, argument errors come back as a
// plain string and method errors through formatErr.
func (b *Bridge) Call(name string, args []json.RawMessage) (result any, callErr any) {
	m, ok := b.methods[name]
	if !ok {
		return nil, fmt.Sprintf("method '%s' not registered", name)
	}
	if len(args) != len(m.in) {
		return nil, fmt.Sprintf("%s takes %d arguments, got %d", name, len(m.in), len(args))
	}
	in := make([]reflect.Value, len(args))
	for i, raw := range args {
		p := reflect.New(m.in[i])
		if err := json.Unmarshal(raw, p.Interface()); err != nil {
			return nil, fmt.Sprintf("error parsing arguments: %v", err)
		}
		in[i] = p.Elem()
	}
	out := m.fn.Call(in)
	if n := len(out); n > 0 && out[n-1].Type() == errorType {
		if err, _ := out[n-1].Interface().(error); err != nil {
			return nil, b.formatErr(err)
		}
		out = out[:n-1]
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out[0].Interface(), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// An encoding error leaves a truncated body, which the client reports as a failed call.
	_ = json.NewEncoder(w).Encode(v)
}
