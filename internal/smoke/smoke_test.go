//go:build smoke

// The desktop smoke test: the production binary (TFTSR_BIN) in a real
// window under Xvfb, with a temp data dir. It proves the window renders the dashboard (a
// screenshot is saved and checked for content) and that the frontend's first bound call reached
// the Go backend. Run by `make test-smoke`; it fails, never skips, when a tool is missing.

package smoke

import (
	"bufio"
	"bytes"
	"context"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func binary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("TFTSR_BIN")
	if bin == "" {
		t.Fatal("TFTSR_BIN is not set: run through `make test-smoke`")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("TFTSR_BIN: %v", err)
	}
	return bin
}

// baseEnv isolates the app from the user's data, config and keyring: an unreachable session bus
// makes the OS keyring unavailable, so the key file fallback (in the temp config dir) is used.
func baseEnv(t *testing.T) []string {
	t.Helper()
	tmp := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + tmp,
		"TFTSR_DATA_DIR=" + filepath.Join(tmp, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(tmp, "config"),
		"XDG_RUNTIME_DIR=" + tmp,
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(tmp, "no-bus"),
		"WEBKIT_DISABLE_DMABUF_RENDERER=1",
		"LIBGL_ALWAYS_SOFTWARE=1",
	}
	return env
}

func startXvfb(t *testing.T) string {
	t.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("Xvfb not found: install xvfb (make deps-test does)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x820x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb display number: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

func TestDesktopSmoke(t *testing.T) {
	bin := binary(t)
	env := baseEnv(t)

	// The CLI of the same binary creates the database (and its key file) and one incident.
	create := exec.Command(bin, "issue", "create", "--title", "Smoke: disk full on db-01", "--severity", "high", "--domain", "Linux")
	create.Env = env
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("tftsr issue create: %v\n%s", err, out)
	}

	display := startXvfb(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	app := exec.CommandContext(ctx, bin)
	app.Env = append(env, "DISPLAY="+display)
	stderr, err := app.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	app.Stdout = io.Discard
	if err := app.Start(); err != nil {
		t.Fatalf("start app: %v", err)
	}
	var log bytes.Buffer
	connected := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if !once && strings.Contains(sc.Text(), "frontend connected") && strings.Contains(sc.Text(), "ready=true") {
				once = true
				close(connected)
			}
		}
	}()
	select {
	case <-connected:
	case <-ctx.Done():
		_ = app.Process.Kill()
		t.Fatalf("the frontend's first bound call never reached the backend within 90 s; app log:\n%s", log.String())
	}
	// Give the dashboard's queries time to come back and paint.
	time.Sleep(4 * time.Second)

	out := os.Getenv("TFTSR_SMOKE_OUT")
	if out == "" {
		out = t.TempDir()
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(out, "dashboard.png")
	imp := exec.Command("import", "-display", display, "-window", "root", shot)
	if b, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("screenshot (ImageMagick import): %v\n%s", err, b)
	}
	_ = app.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = app.Process.Kill()
		t.Errorf("app did not exit within 10 s of SIGTERM")
	}

	colours := distinctColours(t, shot)
	t.Logf("screenshot %s: %d distinct colours", shot, colours)
	// A blank or failed webview is one or two flat colours; the rendered dashboard has text,
	// badges and cards, i.e. many (anti-aliased) colours.
	if colours < 64 {
		t.Errorf("screenshot has %d distinct colours: the window looks blank; app log:\n%s", colours, log.String())
	}
}

func distinctColours(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	seen := map[[3]uint32]struct{}{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = struct{}{}
		}
	}
	return len(seen)
}

func TestNoDisplayExitsWithClearMessage(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin)
	cmd.Env = baseEnv(t) // no DISPLAY, no WAYLAND_DISPLAY
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 {
		t.Fatalf("tftsr without a display: err=%v, want exit status 2; output:\n%s", err, out)
	}
	if !strings.Contains(string(out), "no display found") {
		t.Errorf("output = %q, want it to say no display was found", out)
	}
	if _, err := os.Stat(filepath.Join(strings.TrimPrefix(cmd.Env[2], "TFTSR_DATA_DIR="), "tftsr.db")); err == nil {
		t.Errorf("starting without a display created a database; it should exit before touching data")
	}
}
