package cli

import (
	"fmt"
	"strings"

	"tftsr/internal/audit"
	"tftsr/internal/boot"
	"tftsr/internal/incident"
)

const versionUsage = "Usage: tftsr version [--json]\n"

func runVersion(e *env, args []string) error {
	fs := newFlags("version")
	fs.Bool("json", false, "print as JSON")
	pos, err := e.parse(fs, versionUsage, args)
	if err != nil {
		return err
	}
	if err := noArgs("version", pos); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]string{"version": e.version})
	}
	_, err = fmt.Fprintf(e.stdout, "tftsr %s\n", e.version)
	return err
}

const searchUsage = `Usage: tftsr search QUERY... [--limit N] [--json]
Words are matched as prefixes and all must match; best matches first.
`

func runSearch(e *env, args []string) error {
	fs := newFlags("search")
	limit := fs.Int("limit", incident.DefaultSearchLimit, "maximum number of hits")
	fs.Bool("json", false, "print the SearchResult as JSON")
	pos, err := e.parse(fs, searchUsage, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return &usageError{msg: "search: missing query", usage: searchUsage}
	}
	if *limit == 0 {
		return usagef("search: --limit must be 1–%d (got 0)", incident.MaxSearchLimit)
	}
	return e.withSystem(func(sys *boot.System) error {
		res, err := sys.Incidents.Search(e.ctx, query, *limit)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(res)
		}
		return writeSearch(e.stdout, res, highlighter(e.stdout))
	})
}

const auditUsage = `Usage: tftsr audit verify [--json]
Checks every link of the audit chain. Exit status 1 when the chain is broken.
`

func runAudit(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "audit: missing subcommand", usage: auditUsage}
	}
	switch args[0] {
	case "verify":
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, auditUsage)
		return nil
	default:
		return &usageError{msg: fmt.Sprintf("audit: unknown subcommand %q", args[0]), usage: auditUsage}
	}
	fs := newFlags("audit verify")
	fs.Bool("json", false, "print the report as JSON")
	pos, err := e.parse(fs, auditUsage, args[1:])
	if err != nil {
		return err
	}
	if err := noArgs("audit verify", pos); err != nil {
		return err
	}
	var rep audit.Report
	err = e.withSystem(func(sys *boot.System) error {
		var err error
		rep, err = audit.Verify(e.ctx, sys.DB.Read())
		return err
	})
	if err != nil {
		return err
	}
	if e.json {
		if err := e.printJSON(rep); err != nil {
			return err
		}
	} else if rep.OK {
		fmt.Fprintf(e.stdout, "audit chain OK: %d entries\n", rep.Entries)
	} else {
		fmt.Fprintf(e.stdout, "audit chain BROKEN at entry #%d (%s): %s\n", rep.BrokenAtSeq, clean(rep.BrokenID), clean(rep.Reason))
	}
	if !rep.OK {
		return &statusError{code: exitError}
	}
	return nil
}

const dbUsage = `Usage: tftsr db info [--json]
Shows the database path, data dir, schema version, encryption and where the key comes from
(never the key itself).
`

func runDB(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "db: missing subcommand", usage: dbUsage}
	}
	switch args[0] {
	case "info":
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, dbUsage)
		return nil
	default:
		return &usageError{msg: fmt.Sprintf("db: unknown subcommand %q", args[0]), usage: dbUsage}
	}
	fs := newFlags("db info")
	fs.Bool("json", false, "print as JSON")
	pos, err := e.parse(fs, dbUsage, args[1:])
	if err != nil {
		return err
	}
	if err := noArgs("db info", pos); err != nil {
		return err
	}
	return e.withSystem(func(sys *boot.System) error {
		info, err := sys.Security(e.ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(info)
		}
		return writeSecurity(e.stdout, info)
	})
}
