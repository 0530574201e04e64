// Command tftsr-e2e serves the built frontend with the web bridge on loopback, backed by the
// real services and a real encrypted database in TFTSR_DATA_DIR. Test-only; never shipped.
// The OS keyring is never touched: the key comes from TFTSR_DB_KEY or, when unset, the key
// file fallback under XDG_CONFIG_HOME (which the tests point at a temp dir).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"tftsr/internal/app"
	"tftsr/internal/boot"
	"tftsr/internal/webbridge"
)

// noKeyring behaves like a machine without a Secret Service.
type noKeyring struct{}

var errNoKeyring = errors.New("e2e: no keyring on this machine")

func (noKeyring) Get(string, string) (string, error) { return "", errNoKeyring }
func (noKeyring) Set(string, string, string) error   { return errNoKeyring }

// scriptedPicker stands in for the native open-files dialog: it "chooses" the paths listed, one
// per line, in the file named by TFTSR_E2E_PICK_FILE at the moment the dialog opens. A missing
// or empty file is the user cancelling the dialog.
type scriptedPicker struct{ path string }

func (p scriptedPicker) PickFiles(string) ([]string, error) {
	b, err := os.ReadFile(p.path)
	if err != nil {
		return nil, nil
	}
	var paths []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paths = append(paths, l)
		}
	}
	return paths, nil
}

// scriptedSaver stands in for the native save dialog: it "chooses" the path written in the file
// named by TFTSR_E2E_SAVE_FILE when the dialog opens. A missing or empty file is the user
// cancelling.
type scriptedSaver struct{ path string }

func (s scriptedSaver) SaveFile(string, string, []app.FileFilter) (string, error) {
	b, err := os.ReadFile(s.path)
	if err != nil {
		return "", nil
	}
	return strings.TrimSpace(string(b)), nil
}

// host is the bridge's stand-in for the window: the scripted dialogs and the event bus.
type host struct {
	scriptedPicker
	scriptedSaver
	*webbridge.Events
	*app.Unsaved // what the desktop window would ask about on close: GET /e2e/window/unsaved
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tftsr-e2e:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	assets := flag.String("assets", "frontend/dist", "built frontend directory")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))

	// As the desktop app does (app.go): when the store cannot be opened, only SystemService is
	// bound and the UI shows why.
	var bind []any
	events := webbridge.NewEvents()
	unsaved := &app.Unsaved{}
	hst := host{scriptedPicker{path: os.Getenv("TFTSR_E2E_PICK_FILE")}, scriptedSaver{path: os.Getenv("TFTSR_E2E_SAVE_FILE")}, events, unsaved}
	sys, err := boot.Open(ctx, boot.Options{Keyring: noKeyring{}})
	if err != nil {
		logger.Error("open store", "err", err)
		bind = []any{app.NewSystemService(ctx, "e2e", nil, err, logger)}
	} else {
		defer sys.Close()
		bind = sys.Bindings(ctx, "e2e", logger, hst)
	}
	br, err := webbridge.New(bind, app.FormatError, os.DirFS(*assets), events)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on non-loopback %s", ip)
	}
	mux := http.NewServeMux()
	mux.Handle("/", br)
	mux.HandleFunc("GET /e2e/window/unsaved", func(w http.ResponseWriter, _ *http.Request) { writeE2EJSON(w, unsaved.Keys()) })
	// TFTSR_E2E_FAKE_AI=openai: a fake OpenAI-compatible provider on loopback, scripted and
	// inspected by the tests through /e2e/ai/….
	if os.Getenv("TFTSR_E2E_FAKE_AI") == "openai" {
		ai := startFakeAI()
		defer ai.close()
		mux.Handle("/e2e/ai/", ai)
		fmt.Printf("TFTSR_E2E_FAKE_AI %s\n", ai.srv.URL())
	}
	// TFTSR_E2E_FAKE_CONFLUENCE=cloud|datacenter: a fake Confluence on loopback, scripted and
	// inspected through /e2e/confluence/… (the site URL is printed; Cloud's API is under /wiki).
	if d := os.Getenv("TFTSR_E2E_FAKE_CONFLUENCE"); d != "" {
		cf := startFakeConfluence(d)
		defer cf.close()
		mux.Handle("/e2e/confluence/", cf)
		fmt.Printf("TFTSR_E2E_FAKE_CONFLUENCE_PARENT %s\n", cf.parentID)
		fmt.Printf("TFTSR_E2E_FAKE_CONFLUENCE %s\n", cf.srv.SiteURL())
	}
	var handler http.Handler = mux
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	fmt.Printf("TFTSR_E2E_LISTENING http://%s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
