package openaitest

import (
	"net/http"
	"net/http/httptest"
)

// Start starts a fake outside a test (the end-to-end server); the caller closes it.
func Start(opts Options) *Server {
	s := &Server{opts: opts}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}
