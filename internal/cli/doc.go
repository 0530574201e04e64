package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"tftsr/internal/apperr"
	"tftsr/internal/boot"
	"tftsr/internal/docs"
)

const docUsage = `Usage: tftsr doc <subcommand> [arguments]

  generate ISSUE --template NAME [--json]   generate a document from the incident (prints ID, version, title)
  list     ISSUE [--json]                   list the incident's documents, most recently updated first
  set      DOC FILE|- [--title T] [--json]  replace the content from a Markdown file, as a new version
  show     DOC [--version N] [--json]       print the current (or version N's) Markdown
  export   DOC --format md|html|pdf -o FILE [--force] [--json]
  publish  DOC [--findings redact|keep] [--recreate] [--json]

Templates: rca, postmortem, google-sre, pagerduty, atlassian.
`

func runDoc(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "doc: missing subcommand", usage: docUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "generate":
		return docGenerate(e, rest)
	case "list", "ls":
		return docList(e, rest)
	case "set":
		return docSet(e, rest)
	case "show":
		return docShow(e, rest)
	case "export":
		return docExport(e, rest)
	case "publish":
		return docPublish(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, docUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("doc: unknown subcommand %q", sub), usage: docUsage}
}

// oneArg checks that exactly one positional argument (an id) was given.
func oneArg(cmd, what string, pos []string) (string, error) {
	switch {
	case len(pos) == 0:
		return "", usagef("%s: missing %s", cmd, what)
	case len(pos) > 1:
		return "", usagef("%s: expected one %s, got %d arguments: %s", cmd, what, len(pos), strings.Join(pos, " "))
	case strings.TrimSpace(pos[0]) == "":
		return "", usagef("%s: %s must not be empty", cmd, what)
	}
	return strings.TrimSpace(pos[0]), nil
}

// withUsage attaches usage to a usage error.
func withUsage(err error, usage string) error {
	var ue *usageError
	if errors.As(err, &ue) {
		return &usageError{msg: ue.msg, usage: usage}
	}
	return err
}

// printDocLine prints "ID  vN  TITLE", the plain result of generate and set.
func (e *env) printDocLine(d docs.Summary) error {
	_, err := fmt.Fprintf(e.stdout, "%s  v%d  %s\n", clean(d.ID), d.Version, clean(d.Title))
	return err
}

const docGenerateUsage = `Usage: tftsr doc generate ISSUE --template NAME [--json]
Generates a document filled from what the incident holds. Prints: DOCID  vVERSION  TITLE.
Templates: rca, postmortem, google-sre, pagerduty, atlassian.
`

func docGenerate(e *env, args []string) error {
	fs := newFlags("doc generate")
	template := fs.String("template", "", "template (required): "+strings.Join(docs.TemplateIDs(), ", "))
	fs.Bool("json", false, "print the document (without its content) as JSON")
	pos, err := e.parse(fs, docGenerateUsage, args)
	if err != nil {
		return err
	}
	issueID, err := oneArg("doc generate", "incident ID", pos)
	if err != nil {
		return withUsage(err, docGenerateUsage)
	}
	if strings.TrimSpace(*template) == "" {
		return &usageError{msg: "doc generate: --template is required (" + strings.Join(docs.TemplateIDs(), ", ") + ")", usage: docGenerateUsage}
	}
	return e.withSystem(func(sys *boot.System) error {
		d, err := sys.Docs.Generate(e.ctx, issueID, strings.TrimSpace(*template))
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(d.Summary)
		}
		return e.printDocLine(d.Summary)
	})
}

const docListUsage = `Usage: tftsr doc list ISSUE [--json]
Lists the incident's documents, most recently updated first.
`

func docList(e *env, args []string) error {
	fs := newFlags("doc list")
	fs.Bool("json", false, "print the documents as JSON")
	pos, err := e.parse(fs, docListUsage, args)
	if err != nil {
		return err
	}
	issueID, err := oneArg("doc list", "incident ID", pos)
	if err != nil {
		return withUsage(err, docListUsage)
	}
	return e.withSystem(func(sys *boot.System) error {
		list, err := sys.Docs.List(e.ctx, issueID)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(list)
		}
		if len(list) == 0 {
			_, err := fmt.Fprintln(e.stdout, "No documents.")
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tVERSION\tTEMPLATE\tUPDATED\tPUBLISHED\tTITLE")
		for _, d := range list {
			pub := "-"
			if d.Publication != nil {
				pub = fmt.Sprintf("v%d as page %s", d.Publication.DocVersion, clean(d.Publication.PageID))
			}
			fmt.Fprintf(tw, "%s\tv%d\t%s\t%s\t%s\t%s\n", clean(d.ID), d.Version, orDash(clean(d.Template)), clean(d.UpdatedAt),
				pub, clean(truncate(d.Title, listTitleWidth)))
		}
		return tw.Flush()
	})
}

const docSetUsage = `Usage: tftsr doc set DOC FILE|- [--title T] [--json]
Replaces the document's content with FILE ("-" reads standard input), byte for byte, as a new
version (source "import"); --title also replaces the title. Prints: DOCID  vVERSION  TITLE.
`

func docSet(e *env, args []string) error {
	fs := newFlags("doc set")
	title := fs.String("title", "", "new title (default: keep the current one)")
	fs.Bool("json", false, "print the document (without its content) as JSON")
	pos, err := e.parse(fs, docSetUsage, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || strings.TrimSpace(pos[0]) == "" || pos[1] == "" {
		return &usageError{msg: fmt.Sprintf("doc set: expected DOC and FILE, got %d arguments", len(pos)), usage: docSetUsage}
	}
	docID := strings.TrimSpace(pos[0])
	titleSet := setFlags(fs)["title"]
	content, err := e.readDocFile(pos[1])
	if err != nil {
		return err
	}
	return e.withSystem(func(sys *boot.System) error {
		in := docs.SaveInput{Title: *title, ContentMD: content}
		if !titleSet {
			cur, err := sys.Docs.Get(e.ctx, docID)
			if err != nil {
				return err
			}
			in.Title = cur.Title
		}
		d, err := sys.Docs.Replace(e.ctx, docID, in, docs.SourceImport)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(d.Summary)
		}
		return e.printDocLine(d.Summary)
	})
}

// readDocFile reads a Markdown file (or standard input for "-"), refusing more than a document
// holds before reading it all.
func (e *env) readDocFile(name string) (string, error) {
	var r io.Reader
	label := name
	if name == "-" {
		if e.stdin == nil {
			return "", fmt.Errorf("doc set: no standard input: %w", apperr.ErrInvalid)
		}
		r, label = e.stdin, "standard input"
	} else {
		fi, err := os.Stat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("doc set: file %s does not exist: %w", name, apperr.ErrNotFound)
		case err != nil:
			return "", fmt.Errorf("doc set: cannot read %s: %w", name, err)
		case fi.IsDir():
			return "", fmt.Errorf("doc set: %s is a directory, not a file: %w", name, apperr.ErrInvalid)
		}
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("doc set: cannot read %s: %w", name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, docs.MaxContentBytes+1))
	if err != nil {
		return "", fmt.Errorf("doc set: cannot read %s: %w", label, err)
	}
	if len(b) > docs.MaxContentBytes {
		return "", fmt.Errorf("doc set: %s is larger than a document can hold (%d bytes): %w", label, docs.MaxContentBytes, apperr.ErrInvalid)
	}
	return string(b), nil
}

const docShowUsage = `Usage: tftsr doc show DOC [--version N] [--json]
Prints the document's current Markdown, or version N's. Control characters other than tab and
line endings are replaced on the terminal; --json and doc export keep the text exactly.
`

func docShow(e *env, args []string) error {
	fs := newFlags("doc show")
	version := fs.Int("version", 0, "the version to print (default: the current one)")
	fs.Bool("json", false, "print the document or version as JSON")
	pos, err := e.parse(fs, docShowUsage, args)
	if err != nil {
		return err
	}
	docID, err := oneArg("doc show", "document ID", pos)
	if err != nil {
		return withUsage(err, docShowUsage)
	}
	if setFlags(fs)["version"] && *version < 1 {
		return &usageError{msg: "doc show: --version must be 1 or more", usage: docShowUsage}
	}
	return e.withSystem(func(sys *boot.System) error {
		var (
			content string
			out     any
		)
		if *version > 0 {
			v, err := sys.Docs.Version(e.ctx, docID, *version)
			if err != nil {
				return err
			}
			content, out = v.ContentMD, v
		} else {
			d, err := sys.Docs.Get(e.ctx, docID)
			if err != nil {
				return err
			}
			content, out = d.ContentMD, d
		}
		if e.json {
			return e.printJSON(out)
		}
		text := clean(content, '\n', '\r', '\t')
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		_, err := fmt.Fprint(e.stdout, text)
		return err
	})
}
