package cli

import (
	"fmt"
	"strings"

	"tftsr/internal/boot"
	"tftsr/internal/logs"
)

const logUsage = `Usage: tftsr log <subcommand> [arguments]

  add --issue ID FILE... [--json]   store text log files (gzip, zip and tar are expanded) with an incident
`

func runLog(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "log: missing subcommand", usage: logUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "add":
		return logAdd(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, logUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("log: unknown subcommand %q", sub), usage: logUsage}
}

const logAddUsage = `Usage: tftsr log add --issue ID FILE... [--json]
Stores the files as logs of the incident, all of them or none. Prints one line per stored log:
LOGID  NAME  LINES lines  SIZE bytes.
`

func logAdd(e *env, args []string) error {
	fs := newFlags("log add")
	issueID := fs.String("issue", "", "incident ID (required)")
	fs.Bool("json", false, "print the stored logs as JSON")
	pos, err := e.parse(fs, logAddUsage, args)
	if err != nil {
		return err
	}
	id := strings.TrimSpace(*issueID)
	if id == "" {
		return &usageError{msg: "log add: --issue is required", usage: logAddUsage}
	}
	if len(pos) == 0 {
		return &usageError{msg: "log add: missing FILE", usage: logAddUsage}
	}
	return e.withSystem(func(sys *boot.System) error {
		res, err := sys.Logs.Ingest(e.ctx, id, pos, logs.Options{}, nil)
		if err != nil {
			return err
		}
		// Like the app: every stored log is scanned for PII, so its review is ready.
		for _, r := range res {
			if _, err := sys.Redaction.Scan(e.ctx, r.LogFileID, nil); err != nil {
				return fmt.Errorf("log add: %s was stored, but its PII scan failed (rescan it from the review): %w", r.FileName, err)
			}
		}
		if e.json {
			return e.printJSON(res)
		}
		var b strings.Builder
		for _, r := range res {
			fmt.Fprintf(&b, "%s  %s  %d lines  %d bytes\n", clean(r.LogFileID), clean(r.FileName), r.Lines, r.Size)
		}
		_, err = fmt.Fprint(e.stdout, b.String())
		return err
	})
}
