package cli

import (
	"fmt"
	"strings"

	"tftsr/internal/boot"
	"tftsr/internal/incident"
)

const issueUsage = `Usage: tftsr issue <subcommand> [arguments]

  create --title T [--description D] [--severity S] [--domain D] [--assignee A] [--tag T]... [--json]
  list   [--status S]... [--severity S]... [--domain D] [--assignee A] [--tag T]
         [--sort updated|created|severity|title|status] [--asc] [--limit N] [--offset N] [--json]
  show   ID [--json]
  update ID [--title T] [--description D] [--severity S] [--domain D] [--assignee A]
         [--tag T]... [--status S] [--json]      (--tag replaces all tags; --tag "" clears them)
  delete ID --yes [--json]
`

func runIssue(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "issue: missing subcommand", usage: issueUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "create":
		return issueCreate(e, rest)
	case "list", "ls":
		return issueList(e, rest)
	case "show", "get":
		return issueShow(e, rest)
	case "update":
		return issueUpdate(e, rest)
	case "delete", "rm":
		return issueDelete(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, issueUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("issue: unknown subcommand %q", sub), usage: issueUsage}
}

// oneID checks that exactly one positional argument (the incident id) was given.
func oneID(cmd string, pos []string) (string, error) {
	switch {
	case len(pos) == 0:
		return "", usagef("%s: missing incident ID", cmd)
	case len(pos) > 1:
		return "", usagef("%s: expected one incident ID, got %d arguments: %s", cmd, len(pos), strings.Join(pos, " "))
	case strings.TrimSpace(pos[0]) == "":
		return "", usagef("%s: incident ID must not be empty", cmd)
	}
	return strings.TrimSpace(pos[0]), nil
}

func noArgs(cmd string, pos []string) error {
	if len(pos) > 0 {
		return usagef("%s: unexpected arguments: %s", cmd, strings.Join(pos, " "))
	}
	return nil
}

const createUsage = `Usage: tftsr issue create --title T [--description D] [--severity critical|high|medium|low]
                          [--domain D] [--assignee A] [--tag T]... [--json]
`

func issueCreate(e *env, args []string) error {
	fs := newFlags("issue create")
	var (
		in   incident.CreateInput
		tags stringList
	)
	fs.StringVar(&in.Title, "title", "", "title (required, 1–300 characters)")
	fs.StringVar(&in.Description, "description", "", "description")
	fs.StringVar(&in.Severity, "severity", "", "critical, high, medium (default) or low")
	fs.StringVar(&in.Domain, "domain", "", "IT domain, e.g. Linux")
	fs.StringVar(&in.AssignedTo, "assignee", "", "assignee")
	fs.Var(&tags, "tag", "tag (repeatable)")
	fs.Bool("json", false, "print the incident as JSON")
	pos, err := e.parse(fs, createUsage, args)
	if err != nil {
		return err
	}
	if err := noArgs("issue create", pos); err != nil {
		return err
	}
	if !setFlags(fs)["title"] {
		return &usageError{msg: "issue create: --title is required", usage: createUsage}
	}
	in.Tags = []string(tags)
	in.Source = incident.SourceCLI
	return e.withSystem(func(sys *boot.System) error {
		is, err := sys.Incidents.Create(e.ctx, in)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(is)
		}
		_, err = fmt.Fprintln(e.stdout, is.ID)
		return err
	})
}

const listUsage = `Usage: tftsr issue list [--status S]... [--severity S]... [--domain D] [--assignee A] [--tag T]
                        [--sort updated|created|severity|title|status] [--asc]
                        [--limit N] [--offset N] [--json]
Newest first (by --sort, default updated) unless --asc is given.
`

func issueList(e *env, args []string) error {
	fs := newFlags("issue list")
	var (
		f        incident.ListFilter
		status   stringList
		severity stringList
		asc      bool
	)
	fs.Var(&status, "status", "status filter (repeatable)")
	fs.Var(&severity, "severity", "severity filter (repeatable)")
	fs.StringVar(&f.Domain, "domain", "", "domain filter")
	fs.StringVar(&f.AssignedTo, "assignee", "", "assignee filter")
	fs.StringVar(&f.Tag, "tag", "", "tag filter")
	fs.StringVar(&f.Sort, "sort", incident.SortUpdated, "sort field")
	fs.BoolVar(&asc, "asc", false, "ascending order")
	fs.IntVar(&f.Limit, "limit", incident.DefaultListLimit, "page size")
	fs.IntVar(&f.Offset, "offset", 0, "rows to skip")
	fs.Bool("json", false, "print the ListResult as JSON")
	pos, err := e.parse(fs, listUsage, args)
	if err != nil {
		return err
	}
	if err := noArgs("issue list", pos); err != nil {
		return err
	}
	f.Status = []string(status)
	f.Severity = []string(severity)
	f.Desc = !asc
	if f.Limit == 0 {
		// The service reads 0 as "default"; on the command line it is a mistake.
		return usagef("issue list: --limit must be 1–%d (got 0)", incident.MaxListLimit)
	}
	return e.withSystem(func(sys *boot.System) error {
		res, err := sys.Incidents.List(e.ctx, f)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(res)
		}
		return writeList(e.stdout, res, f.Offset)
	})
}

const showUsage = "Usage: tftsr issue show ID [--json]\n"

func issueShow(e *env, args []string) error {
	fs := newFlags("issue show")
	fs.Bool("json", false, "print the Detail as JSON")
	pos, err := e.parse(fs, showUsage, args)
	if err != nil {
		return err
	}
	id, err := oneID("issue show", pos)
	if err != nil {
		return err
	}
	return e.withSystem(func(sys *boot.System) error {
		d, err := sys.Incidents.Get(e.ctx, id)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(d)
		}
		return writeDetail(e.stdout, d)
	})
}

const updateUsage = `Usage: tftsr issue update ID [--title T] [--description D] [--severity S] [--domain D]
                          [--assignee A] [--tag T]... [--status S] [--json]
Only the flags given are changed. --tag replaces all tags (--tag "" clears them); --status is
applied after the other fields.
`

func issueUpdate(e *env, args []string) error {
	fs := newFlags("issue update")
	var (
		title, description, severity, domain, assignee, status string
		tags                                                   stringList
	)
	fs.StringVar(&title, "title", "", "new title")
	fs.StringVar(&description, "description", "", "new description")
	fs.StringVar(&severity, "severity", "", "new severity")
	fs.StringVar(&domain, "domain", "", "new domain (\"\" clears it)")
	fs.StringVar(&assignee, "assignee", "", "new assignee (\"\" clears it)")
	fs.Var(&tags, "tag", "tag (repeatable; replaces all tags)")
	fs.StringVar(&status, "status", "", "new status")
	fs.Bool("json", false, "print the updated incident as JSON")
	pos, err := e.parse(fs, updateUsage, args)
	if err != nil {
		return err
	}
	id, err := oneID("issue update", pos)
	if err != nil {
		return err
	}
	set := setFlags(fs)
	var in incident.UpdateInput
	fields := false
	if set["title"] {
		in.Title, fields = &title, true
	}
	if set["description"] {
		in.Description, fields = &description, true
	}
	if set["severity"] {
		in.Severity, fields = &severity, true
	}
	if set["domain"] {
		in.Domain, fields = &domain, true
	}
	if set["assignee"] {
		in.AssignedTo, fields = &assignee, true
	}
	if set["tag"] {
		t := []string(tags)
		if len(t) == 1 && strings.TrimSpace(t[0]) == "" {
			t = []string{}
		}
		in.Tags, fields = &t, true
	}
	if !fields && !set["status"] {
		return &usageError{msg: "issue update: nothing to update (give at least one of --title, --description, " +
			"--severity, --domain, --assignee, --tag, --status)", usage: updateUsage}
	}
	if set["status"] {
		// Refuse a bad status before any field is written, so the update is all or nothing as
		// far as input validation goes.
		if err := incident.ValidateStatus(status); err != nil {
			return err
		}
	}
	return e.withSystem(func(sys *boot.System) error {
		var (
			is  incident.Issue
			err error
		)
		if fields {
			if is, err = sys.Incidents.Update(e.ctx, id, in); err != nil {
				return err
			}
		}
		if set["status"] {
			if is, err = sys.Incidents.SetStatus(e.ctx, id, status); err != nil {
				return err
			}
		}
		if e.json {
			return e.printJSON(is)
		}
		return writeIssue(e.stdout, is)
	})
}

const deleteUsage = `Usage: tftsr issue delete ID --yes [--json]
Deletes the incident with its log files, resolution steps and conversations. There is no prompt:
--yes is required.
`

func issueDelete(e *env, args []string) error {
	fs := newFlags("issue delete")
	yes := fs.Bool("yes", false, "really delete")
	fs.Bool("json", false, "print the result as JSON")
	pos, err := e.parse(fs, deleteUsage, args)
	if err != nil {
		return err
	}
	id, err := oneID("issue delete", pos)
	if err != nil {
		return err
	}
	if !*yes {
		return usagef("issue delete: refusing to delete %s without --yes (deletion is permanent and there is no prompt)", id)
	}
	return e.withSystem(func(sys *boot.System) error {
		if err := sys.Incidents.Delete(e.ctx, id); err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]string{"deleted": id})
		}
		_, err := fmt.Fprintf(e.stdout, "deleted %s\n", id)
		return err
	})
}
