// Package cli is TFTSR's headless command line: the same binary, started with arguments, runs one
// command against the encrypted store and exits. It only parses arguments and formats output; all
// rules live in the domain services reached through boot.System.
//
// Output contract: results go to stdout. Errors go to stderr as "tftsr: <message>", or, when
// --json was given, to stdout as {"error":{"code":…,"message":…}} so a script reads one stream.
// Exit status: 0 success, 2 usage or invalid input, 1 anything else (not found, key, storage, a
// broken audit chain).
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/boot"
)

// Opener opens the system for commands that need the database.
type Opener func(ctx context.Context) (*boot.System, error)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a command-line mistake (unknown command, bad flag, missing argument). It maps to
// exit status 2 and the "invalid" code.
type usageError struct {
	msg   string
	usage string // printed after the message in text mode, when set
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Unwrap() error { return apperr.ErrInvalid }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// statusError carries a non-zero status for an outcome that is not an error message of its own
// (a broken audit chain has already been reported on stdout).
type statusError struct{ code int }

func (e *statusError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// env is what every command receives.
type env struct {
	ctx     context.Context
	stdin   io.Reader // read by commands given "-" as FILE
	stdout  io.Writer
	stderr  io.Writer
	open    Opener
	version string
	json    bool // --json was given: results and errors as JSON on stdout
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

// commands is the dispatch table; the order is the order of the usage text.
var commands []command

func init() {
	commands = []command{
		{"version", "print the version", runVersion},
		{"help", "show this help", nil}, // handled in Run
		{"issue", "create, list, show, update and delete incidents", runIssue},
		{"search", "full-text search over incident titles and descriptions", runSearch},
		{"audit", "verify the tamper-evident audit chain", runAudit},
		{"db", "show where the database is and how it is protected", runDB},
		{"pii", "scan text for personal data and secrets, or redact them", runPII},
		{"log", "add log files to an incident", runLog},
		{"doc", "generate, edit, export and publish RCA and post-mortem documents", runDoc},
		{"confluence", "configure and test the Confluence connection", runConfluence},
	}
}

const usageText = `Usage: tftsr [command] [arguments]

Without arguments tftsr starts the desktop app; with arguments it runs one command and exits.

Commands:
  tftsr version [--json]                    print the version (also --version, -v)
  tftsr help                                show this help (also -h, --help)
  tftsr issue create --title T [--description D] [--severity S] [--domain D]
                     [--assignee A] [--tag T]... [--json]
  tftsr issue list [--status S]... [--severity S]... [--domain D] [--assignee A] [--tag T]
                   [--sort updated|created|severity|title|status] [--asc]
                   [--limit N] [--offset N] [--json]
  tftsr issue show ID [--json]
  tftsr issue update ID [--title T] [--description D] [--severity S] [--domain D]
                     [--assignee A] [--tag T]... [--status S] [--json]
  tftsr issue delete ID --yes [--json]
  tftsr search QUERY... [--limit N] [--json]
  tftsr audit verify [--json]
  tftsr db info [--json]
  tftsr pii scan FILE|- [--show-values] [--json]
  tftsr pii redact FILE|-
  tftsr log add --issue ID FILE... [--json]
  tftsr doc generate ISSUE --template NAME [--json]
  tftsr doc list ISSUE [--json]
  tftsr doc show DOC [--version N] [--json]
  tftsr doc set DOC FILE|- [--title T] [--json]
  tftsr doc export DOC --format md|html|pdf -o FILE [--force] [--json]
  tftsr doc publish DOC [--findings redact|keep] [--recreate] [--json]
  tftsr confluence configure --base-url URL --deployment cloud|datacenter --space KEY
                             [--parent ID] [--email E] [--json]    (token read from stdin)
  tftsr confluence test [--json]

Severities: critical, high, medium, low. Statuses: open, investigating, resolved, closed.
Flags may come before or after positional arguments; "--" ends the flags.
FILE "-" reads standard input. confluence configure reads the token from standard input (empty
input keeps the stored token). pii scan prints found values only with --show-values; pii
commands never open the database.
--json prints machine-readable results on stdout; errors then are {"error":{"code","message"}}
on stdout too. Exit status: 0 ok, 2 usage or invalid input, 1 any other error.

Environment:
  TFTSR_DATA_DIR   directory of the database (default: the platform data dir + /tftsr)
  TFTSR_DB_KEY     passphrase of the database; when unset the key comes from the OS keyring
                   (or the key file fallback in the config dir)
`

// Run executes args (os.Args[1:], non-empty) and returns the process exit status.
// Commands given "-" as FILE read os.Stdin.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, open Opener, version string) int {
	return run(ctx, args, os.Stdin, stdout, stderr, open, version)
}

// run is Run with the standard input as a parameter (tests pass their own).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, open Opener, version string) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, open: open, version: version, json: wantsJSON(args)}
	if len(args) == 0 {
		return e.finish(&usageError{msg: "no command given", usage: usageText})
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	case "--version", "-version", "-v":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name && c.run != nil {
			return e.finish(c.run(e, rest))
		}
	}
	return e.finish(&usageError{msg: fmt.Sprintf("unknown command %q (see tftsr help)", name), usage: usageText})
}

// wantsJSON reports whether --json (or -json, --json=true) appears among the flags.
func wantsJSON(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		switch a {
		case "--json", "-json", "--json=true", "-json=true", "--json=1", "-json=1":
			return true
		}
	}
	return false
}

// finish reports err (if any) and returns the exit status.
func (e *env) finish(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var se *statusError
	if errors.As(err, &se) {
		return se.code
	}
	status := exitError
	if apperr.Code(err) == "invalid" {
		status = exitUsage
	}
	if e.json {
		b, merr := json.MarshalIndent(map[string]apperr.Error{"error": apperr.From(err)}, "", "  ")
		if merr == nil {
			fmt.Fprintln(e.stdout, string(b))
			return status
		}
	}
	fmt.Fprintf(e.stderr, "tftsr: %s\n", apperr.Message(err))
	var ue *usageError
	if errors.As(err, &ue) && ue.usage != "" {
		fmt.Fprintf(e.stderr, "\n%s", ue.usage)
	}
	return status
}

// withSystem opens the system, runs fn and closes it, reporting a close error only when fn
// succeeded.
func (e *env) withSystem(fn func(sys *boot.System) error) (err error) {
	sys, err := e.open(e.ctx)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := sys.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return fn(sys)
}

// printJSON writes v as indented JSON to stdout.
func (e *env) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("cli: encode json: %w", err)
	}
	_, err = fmt.Fprintln(e.stdout, string(b))
	return err
}

// newFlags returns a FlagSet that prints nothing itself: errors come back from parse.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args with fs, allowing flags after positional arguments (as in
// "tftsr issue show ID --json"). Everything after "--" is positional. It returns the positional
// arguments. -h/--help prints usage to stdout and returns flag.ErrHelp.
func (e *env) parse(fs *flag.FlagSet, usage string, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, usage)
				return nil, flag.ErrHelp
			}
			return nil, &usageError{msg: fmt.Sprintf("%s: %v", fs.Name(), err), usage: usage}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
