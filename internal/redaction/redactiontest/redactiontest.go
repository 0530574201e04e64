// Package redactiontest builds a real redaction.Service over a fresh encrypted database for
// other packages' tests (no fakes: the same store, logs and settings code as the app).
package redactiontest

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/logs"
	"tftsr/internal/redaction"
	"tftsr/internal/settings"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

// Env is an opened database with the services over it.
type Env struct {
	DB        *store.DB
	Audit     *audit.Log
	Incidents *incident.Service
	Logs      *logs.Service
	Settings  *settings.Service
	Red       *redaction.Service
	Master    []byte // the key material the services derive subkeys from
}

// New opens a fresh encrypted database and builds the services with a random master key.
func New(t testing.TB) *Env {
	t.Helper()
	db := storetest.New(t)
	log := audit.New(time.Now)
	e := &Env{DB: db, Audit: log, Incidents: incident.NewService(db, log, time.Now), Logs: logs.NewService(db, log, time.Now)}
	e.Settings = settings.NewService(db, log, time.Now)
	master := make([]byte, 32)
	if _, err := rand.Read(master); err != nil {
		t.Fatal(err)
	}
	red, err := redaction.NewService(db, log, e.Logs, e.Settings, master, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	e.Red, e.Master = red, master
	return e
}

// Issue creates an incident and returns its id.
func (e *Env) Issue(t testing.TB, title string) string {
	t.Helper()
	inc, err := e.Incidents.Create(context.Background(), incident.CreateInput{Title: title})
	if err != nil {
		t.Fatal(err)
	}
	return inc.ID
}

// AddLog stores text as a log of issueID with chunks of at most chunkLines lines (0: default).
func (e *Env) AddLog(t testing.TB, issueID, name, text string, chunkLines int) string {
	t.Helper()
	res, err := e.Logs.IngestReader(context.Background(), issueID, name, strings.NewReader(text), int64(len(text)),
		logs.Options{ChunkLines: chunkLines}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res[0].LogFileID
}

// Scan scans a log and fails the test on error.
func (e *Env) Scan(t testing.TB, logID string) redaction.Summary {
	t.Helper()
	sum, err := e.Red.Scan(context.Background(), logID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}
