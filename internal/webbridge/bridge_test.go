package webbridge

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
)

type Greeter struct{ calls int }

type Greeting struct {
	Text string `json:"text"`
}

func (g *Greeter) Hello(name string, n int) (Greeting, error) {
	g.calls++
	if name == "" {
		return Greeting{}, errors.New("greeter: name is empty: " + apperr.ErrInvalid.Error())
	}
	return Greeting{Text: strings.Repeat("hi "+name+" ", n)}, nil
}

func (g *Greeter) Fail() error { return apperr.ErrNotFound }

func (g *Greeter) Count() int { return g.calls }

func newTestServer(t *testing.T) (*httptest.Server, *Greeter) {
	t.Helper()
	g := &Greeter{}
	assets := fstest.MapFS{
		"index.html":  {Data: []byte("<html><head><title>x</title></head><body></body></html>")},
		"assets/a.js": {Data: []byte("console.log(1)")},
	}
	b, err := New([]any{g}, func(err error) any { return apperr.From(err) }, assets, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return srv, g
}

func post(t *testing.T, url, body string) map[string]any {
	t.Helper()
	resp, err := http.Post(url+"/wails/call", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCall(t *testing.T) {
	srv, g := newTestServer(t)
	tests := []struct {
		name string
		body string
		want map[string]any
	}{
		{name: "result", body: `{"name":"webbridge.Greeter.Hello","args":["ann",2]}`, want: map[string]any{"result": map[string]any{"text": "hi ann hi ann "}}},
		{name: "error is formatted", body: `{"name":"webbridge.Greeter.Fail","args":[]}`, want: map[string]any{"result": nil, "error": map[string]any{"code": "not_found", "message": "not found"}}},
		{name: "no error return", body: `{"name":"webbridge.Greeter.Count","args":[]}`, want: map[string]any{"result": float64(1)}},
		{name: "unknown method", body: `{"name":"webbridge.Greeter.Nope","args":[]}`, want: map[string]any{"result": nil, "error": "method 'webbridge.Greeter.Nope' not registered"}},
		{name: "wrong arity", body: `{"name":"webbridge.Greeter.Hello","args":["x"]}`, want: map[string]any{"result": nil, "error": "webbridge.Greeter.Hello takes 2 arguments, got 1"}},
		{name: "bad argument type", body: `{"name":"webbridge.Greeter.Hello","args":[1,2]}`, want: map[string]any{"result": nil, "error": "error parsing arguments: json: cannot unmarshal number into Go value of type string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, post(t, srv.URL, tt.body)); diff != "" {
				t.Errorf("call (-want +got):\n%s", diff)
			}
		})
	}
	if g.calls != 1 {
		t.Errorf("Hello ran %d times, want 1 (arity and type errors must not call it)", g.calls)
	}
}

func TestIndexLoadsBridgeFirst(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, p := range []string{"/", "/index.html"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.HasPrefix(string(body), `<html><head><script src="/wails/bridge.js"></script><title>`) {
			t.Errorf("GET %s = %q, want the bridge script first in <head>", p, body)
		}
	}
	resp, err := http.Get(srv.URL + "/assets/a.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "console.log(1)" {
		t.Errorf("asset body = %q", body)
	}
}

func TestNewRejectsNonStruct(t *testing.T) {
	if _, err := New([]any{func() {}}, nil, fstest.MapFS{"index.html": {}}, nil); err == nil {
		t.Error("New with a func binding: want error")
	}
}

func TestEventsReachAConnectedPage(t *testing.T) {
	ev := NewEvents()
	b, err := New(nil, nil, fstest.MapFS{"index.html": {Data: []byte("<head></head>")}}, ev)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/wails/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type = %q", ct)
	}
	rd := bufio.NewReader(resp.Body)
	if l, _ := rd.ReadString('\n'); l != ": connected\n" {
		t.Fatalf("first line = %q", l)
	}
	_, _ = rd.ReadString('\n')
	ev.Emit("chat:stream", map[string]int{"seq": 1})
	line, err := rd.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if want := `data: {"name":"chat:stream","data":[{"seq":1}]}` + "\n"; line != want {
		t.Errorf("event line = %q, want %q", line, want)
	}
}
