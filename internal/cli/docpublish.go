package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/boot"
	"tftsr/internal/docs/publish"
	"tftsr/internal/egress"
)

const docExportUsage = `Usage: tftsr doc export DOC --format md|html|pdf -o FILE [--force] [--json]
Writes the document's current version to FILE (the extension is added when missing). An existing
FILE is replaced only with --force.
`

func docExport(e *env, args []string) error {
	fs := newFlags("doc export")
	format := fs.String("format", "", "md, html or pdf (required)")
	out := fs.String("o", "", "file to write (required)")
	force := fs.Bool("force", false, "replace FILE if it exists")
	fs.Bool("json", false, "print the result as JSON")
	pos, err := e.parse(fs, docExportUsage, args)
	if err != nil {
		return err
	}
	id, err := oneID("doc export", pos)
	if err != nil {
		return &usageError{msg: err.Error(), usage: docExportUsage}
	}
	if *format == "" || *out == "" {
		return &usageError{msg: "doc export: --format and -o are required", usage: docExportUsage}
	}
	path, err := filepath.Abs(*out)
	if err != nil {
		return fmt.Errorf("doc export: %w", err)
	}
	return e.withSystem(func(sys *boot.System) error {
		res, err := sys.Publisher.Export(e.ctx, id, strings.ToLower(*format), path, *force)
		if err != nil {
			if apperr.Code(err) == "exists" {
				return fmt.Errorf("doc export: %s already exists (use --force to replace it): %w", publish.WithExtension(path, strings.ToLower(*format)), apperr.ErrExists)
			}
			return err
		}
		if e.json {
			return e.printJSON(res)
		}
		_, err = fmt.Fprintf(e.stdout, "%s  %s  %d bytes  sha256 %s  (version %d)\n", clean(res.Path), res.Format, res.Bytes, res.SHA256, res.Version)
		return err
	})
}

const docPublishUsage = `Usage: tftsr doc publish DOC [--findings redact|keep] [--recreate] [--json]
Publishes the document to the Confluence space configured with "tftsr confluence configure":
creates the page, or updates the page it was published to before. The document is checked for
personal data and secrets first; when it has findings they are listed and nothing is sent unless
--findings says what to do with all of them (redact replaces each by its placeholder). Decide them
one by one in the app. --recreate creates a new page when the old one was deleted in Confluence.
Prints the page id, its version and URL.
`

func docPublish(e *env, args []string) error {
	fs := newFlags("doc publish")
	findings := fs.String("findings", "", "redact or keep every finding in the document")
	recreate := fs.Bool("recreate", false, "create a new page when the published one was deleted")
	fs.Bool("json", false, "print the publication as JSON")
	pos, err := e.parse(fs, docPublishUsage, args)
	if err != nil {
		return err
	}
	id, err := oneID("doc publish", pos)
	if err != nil {
		return &usageError{msg: err.Error(), usage: docPublishUsage}
	}
	var decision egress.Decision
	switch *findings {
	case "":
	case "redact":
		decision = egress.Redact
	case "keep":
		decision = egress.Keep
	default:
		return &usageError{msg: fmt.Sprintf("doc publish: --findings must be redact or keep, not %q", *findings), usage: docPublishUsage}
	}
	return e.withSystem(func(sys *boot.System) error {
		d, subject, err := sys.Publisher.Review(e.ctx, id)
		if err != nil {
			return err
		}
		det, disabled, err := sys.Redaction.Detector(e.ctx)
		if err != nil {
			return err
		}
		known, err := sys.Gate.Known(e.ctx, d.IssueID)
		if err != nil {
			return err
		}
		r := egress.NewReviewKnown(det, known.Without(disabled), subject)
		fsd := r.Findings()
		if len(fsd) > 0 && *findings == "" {
			var b strings.Builder
			for i, f := range fsd {
				if i == 10 {
					fmt.Fprintf(&b, "\n  … and %d more", len(fsd)-10)
					break
				}
				// Where, not what: values are printed only by "pii scan --show-values".
				if line := strings.Count(subject[:f.Start], "\n") - 1; line < 1 {
					fmt.Fprintf(&b, "\n  %s in the title", f.Type)
				} else {
					fmt.Fprintf(&b, "\n  %s on line %d", f.Type, line)
				}
			}
			what := "findings"
			if len(fsd) == 1 {
				what = "finding"
			}
			return fmt.Errorf("doc publish: the document has %d %s; nothing was sent. Decide them in the app, or pass --findings redact|keep:%s: %w",
				len(fsd), what, clean(b.String(), '\n'), apperr.ErrInvalid)
		}
		for i := range fsd {
			if err := r.Decide(i, decision); err != nil {
				return err
			}
		}
		a, _, err := sys.Gate.ApproveText(e.ctx, d.IssueID, r, "confluence")
		if err != nil {
			return err
		}
		pub, err := sys.Publisher.Publish(e.ctx, d.ID, d.Version, a, publish.Options{Recreate: *recreate, OnWait: func(w time.Duration, status int) {
			fmt.Fprintf(e.stderr, "Confluence answered %d: waiting %s before trying again…\n", status, w.Round(100*time.Millisecond))
		}})
		if apperr.Code(err) == "gone" {
			return fmt.Errorf("%w (pass --recreate to create a new page)", err)
		}
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(pub)
		}
		_, err = fmt.Fprintf(e.stdout, "page %s  version %d  %s\n", clean(pub.PageID), pub.PageVersion, clean(pub.URL))
		return err
	})
}
