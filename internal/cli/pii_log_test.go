package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/incident"
	"tftsr/internal/logs"
)

const (
	piiEmail = "alice.smith@example.com"
	piiIP    = "10.20.30.40"
	// piiText has the email on line 2 at byte column 12 and the IPv4 on line 3 at byte column 9
	// (after a two-byte "é", so byte and rune columns differ).
	piiText = "nothing here\nlogin user " + piiEmail + " ok\nfrom é " + piiIP + "\n"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runNoDB runs a command that must not open the database, with stdin as standard input.
func runNoDB(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, noOpen(t), testVersion)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestPIIScan(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "app.log", piiText)
	emailStart := strings.Index(piiText, piiEmail)
	ipStart := strings.Index(piiText, piiIP)
	want := []piiFinding{
		{Type: "email", Rule: "email", Start: emailStart, End: emailStart + len(piiEmail), Line: 2, Column: 12},
		{Type: "ipv4", Rule: "ipv4", Start: ipStart, End: ipStart + len(piiIP), Line: 3, Column: 9},
	}

	// Plain, from a file and from stdin: positions and types, never the values.
	for _, tt := range []struct {
		name, stdin string
		args        []string
	}{
		{name: "file", args: []string{"pii", "scan", file}},
		{name: "stdin", stdin: piiText, args: []string{"pii", "scan", "-"}},
	} {
		t.Run("plain/"+tt.name, func(t *testing.T) {
			r := runNoDB(t, tt.stdin, tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if diff := cmp.Diff("2:12 email email\n3:9 ipv4 ipv4\n", r.stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if strings.Contains(r.stdout, piiEmail) || strings.Contains(r.stdout, piiIP) {
				t.Errorf("a value was printed without --show-values:\n%s", r.stdout)
			}
		})
	}

	// --json, from stdin, with the flag after "-".
	r := runNoDB(t, piiText, "pii", "scan", "-", "--json")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("scan --json: exit %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, piiEmail) || strings.Contains(r.stdout, `"value"`) {
		t.Errorf("scan --json printed a value without --show-values:\n%s", r.stdout)
	}
	var got []piiFinding
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("scan --json: decode %q: %v", r.stdout, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan --json (-want +got):\n%s", diff)
	}
	for _, f := range got {
		if piiText[f.Start:f.End] != map[string]string{"email": piiEmail, "ipv4": piiIP}[f.Type] {
			t.Errorf("finding %+v: offsets do not select the value", f)
		}
	}

	// --show-values adds the values, in JSON and in plain output.
	r = runNoDB(t, "", "pii", "scan", "--show-values", "--json", file)
	got = nil
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 {
		t.Fatalf("scan --show-values --json: exit %d, %q: %v", r.code, r.stdout, err)
	}
	want[0].Value, want[1].Value = piiEmail, piiIP
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan --show-values --json (-want +got):\n%s", diff)
	}
	r = runNoDB(t, "", "pii", "scan", file, "--show-values")
	if wantOut := "2:12 email email " + piiEmail + "\n3:9 ipv4 ipv4 " + piiIP + "\n"; r.code != 0 || r.stdout != wantOut {
		t.Errorf("scan --show-values: exit %d, stdout %q, want %q", r.code, r.stdout, wantOut)
	}

	// No findings: exit 0, no output; JSON is an empty array.
	quiet := writeTemp(t, "clear.log", "all quiet\n")
	if r := runNoDB(t, "", "pii", "scan", quiet); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("scan without findings: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runNoDB(t, "", "pii", "scan", quiet, "--json"); r.code != 0 || r.stdout != "[]\n" {
		t.Errorf("scan --json without findings: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestPIIRedact(t *testing.T) {
	t.Parallel()
	text := piiText + "again " + piiEmail + "\n"
	want := "nothing here\nlogin user [EMAIL-1] ok\nfrom é [IPV4-1]\nagain [EMAIL-1]\n"
	file := writeTemp(t, "app.log", text)
	for name, r := range map[string]result{
		"file":  runNoDB(t, "", "pii", "redact", file),
		"stdin": runNoDB(t, text, "pii", "redact", "-"),
	} {
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
		if diff := cmp.Diff(want, r.stdout); diff != "" {
			t.Errorf("%s: redacted text (-want +got):\n%s", name, diff)
		}
		if strings.Contains(r.stdout, piiEmail) || strings.Contains(r.stdout, piiIP) {
			t.Errorf("%s: a value survived redaction:\n%s", name, r.stdout)
		}
	}
}

func TestPIIErrors(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing.log")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
		wantJSON   string
	}{
		{name: "without subcommand", args: []string{"pii"}, wantCode: 2, wantStderr: "missing subcommand"},
		{name: "unknown subcommand", args: []string{"pii", "mask"}, wantCode: 2, wantStderr: `unknown subcommand "mask"`},
		{name: "scan without file", args: []string{"pii", "scan"}, wantCode: 2, wantStderr: "missing FILE"},
		{name: "scan two files", args: []string{"pii", "scan", "a", "b"}, wantCode: 2, wantStderr: "expected one FILE"},
		{name: "scan missing file", args: []string{"pii", "scan", missing}, wantCode: 1, wantStderr: "file " + missing + " does not exist"},
		{name: "scan missing file json", args: []string{"pii", "scan", missing, "--json"}, wantCode: 1, wantJSON: "not_found"},
		{name: "scan directory", args: []string{"pii", "scan", t.TempDir()}, wantCode: 2, wantStderr: "is a directory"},
		{name: "redact missing file", args: []string{"pii", "redact", missing}, wantCode: 1, wantStderr: "file " + missing + " does not exist"},
		{name: "redact unknown flag", args: []string{"pii", "redact", "-", "--show-values"}, wantCode: 2, wantStderr: "-show-values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runNoDB(t, "", tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d (stdout %q, stderr %q)", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			if tt.wantJSON != "" {
				var got struct{ Error apperr.Error }
				if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Error.Code != tt.wantJSON || r.stderr != "" {
					t.Errorf("stdout %q, stderr %q: want a JSON error with code %q (err %v)", r.stdout, r.stderr, tt.wantJSON, err)
				}
				return
			}
			if !strings.HasPrefix(r.stderr, "tftsr: ") || !strings.Contains(r.stderr, tt.wantStderr) || r.stdout != "" {
				t.Errorf("stdout %q, stderr %q; want nothing and \"tftsr: …%s…\"", r.stdout, r.stderr, tt.wantStderr)
			}
		})
	}
}

func TestLogAdd(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	is := runJSON[incident.Issue](h, "issue", "create", "--title", "Disk full", "--json")
	first := writeTemp(t, "syslog.log", "one\ntwo\nthree\n")
	second := writeTemp(t, "app.log", "only line\n")

	// --json: the stored logs.
	res := runJSON[[]logs.Result](h, "log", "add", "--issue", is.ID, first, "--json")
	if len(res) != 1 {
		t.Fatalf("log add --json: %d results, want 1: %+v", len(res), res)
	}
	if r := res[0]; r.LogFileID == "" || r.FileName != "syslog.log" || r.FilePath != first || r.Lines != 3 || r.Size != 14 {
		t.Errorf("log add --json: result %+v, want syslog.log, 3 lines, 14 bytes", r)
	}

	// Plain: one line per log.
	r := h.run("log", "add", second, "--issue", is.ID)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("log add: exit %d, stderr %q", r.code, r.stderr)
	}
	m := regexp.MustCompile(`^(\S+)  app\.log  1 lines  10 bytes\n$`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("log add: stdout %q, want \"LOGID  app.log  1 lines  10 bytes\"", r.stdout)
	}

	// issue show lists both logs.
	detail := runJSON[incident.Detail](h, "issue", "show", is.ID, "--json")
	ids := map[string]string{}
	for _, lf := range detail.LogFiles {
		ids[lf.ID] = lf.FileName
	}
	if diff := cmp.Diff(map[string]string{res[0].LogFileID: "syslog.log", m[1]: "app.log"}, ids); diff != "" {
		t.Errorf("issue show logFiles (-want +got):\n%s", diff)
	}

	missing := filepath.Join(t.TempDir(), "missing.log")
	binary := writeTemp(t, "core.bin", "\x00\x01\x02\x00ELF\x00\x00")
	tests := []errorCase{
		{name: "no --issue", args: []string{"log", "add", first}, noOpen: true, wantCode: 2, wantStderr: "--issue is required"},
		{name: "no --issue json", args: []string{"log", "add", first, "--json"}, noOpen: true, wantCode: 2, wantJSON: "invalid"},
		{name: "no file", args: []string{"log", "add", "--issue", is.ID}, noOpen: true, wantCode: 2, wantStderr: "missing FILE"},
		{name: "without subcommand", args: []string{"log"}, noOpen: true, wantCode: 2, wantStderr: "missing subcommand"},
		{name: "missing file", args: []string{"log", "add", "--issue", is.ID, first, missing}, wantCode: 1, wantStderr: missing},
		{name: "unknown issue", args: []string{"log", "add", "--issue", "no-such-id", first}, wantCode: 1, wantStderr: `issue "no-such-id"`},
		{name: "unknown issue json", args: []string{"log", "add", "--issue", "no-such-id", first, "--json"}, wantCode: 1, wantJSON: "not_found"},
		{name: "binary file", args: []string{"log", "add", "--issue", is.ID, binary}, wantCode: 2, wantStderr: "not a text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkError(t, h, tt) })
	}

	// The failed adds stored nothing (an ingest is all or nothing).
	if n := len(runJSON[incident.Detail](h, "issue", "show", is.ID, "--json").LogFiles); n != 2 {
		t.Errorf("after failed adds: %d log files, want 2", n)
	}
}
