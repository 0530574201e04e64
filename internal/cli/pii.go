package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/pii"
)

// maxPIIInput is the largest input pii scan/redact reads; the whole text is held in memory.
const maxPIIInput = 256 << 20

const piiUsage = `Usage: tftsr pii <subcommand> [arguments]

  scan   FILE|- [--show-values] [--json]   list the personal data and secrets found in FILE
  redact FILE|-                            print FILE with every finding replaced by a pseudonym
"-" reads standard input. Neither command opens the database.
`

func runPII(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "pii: missing subcommand", usage: piiUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "scan":
		return piiScan(e, rest)
	case "redact":
		return piiRedact(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, piiUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("pii: unknown subcommand %q", sub), usage: piiUsage}
}

// oneInput checks that exactly one positional argument (a file or "-") was given.
func oneInput(cmd string, pos []string, usage string) (string, error) {
	switch {
	case len(pos) == 0:
		return "", &usageError{msg: cmd + ": missing FILE (or - for standard input)", usage: usage}
	case len(pos) > 1:
		return "", usagef("%s: expected one FILE, got %d arguments: %s", cmd, len(pos), strings.Join(pos, " "))
	case pos[0] == "":
		return "", usagef("%s: FILE must not be empty", cmd)
	}
	return pos[0], nil
}

// readInput reads the file at name, or standard input for "-", up to maxPIIInput bytes.
func (e *env) readInput(cmd, name string) (string, error) {
	var r io.Reader
	label := name
	if name == "-" {
		if e.stdin == nil {
			return "", fmt.Errorf("%s: no standard input: %w", cmd, apperr.ErrInvalid)
		}
		r, label = e.stdin, "standard input"
	} else {
		fi, err := os.Stat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("%s: file %s does not exist: %w", cmd, name, apperr.ErrNotFound)
		case err != nil:
			return "", fmt.Errorf("%s: cannot read %s: %v", cmd, name, err)
		case fi.IsDir():
			return "", fmt.Errorf("%s: %s is a directory, not a file: %w", cmd, name, apperr.ErrInvalid)
		}
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("%s: cannot read %s: %v", cmd, name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxPIIInput+1))
	if err != nil {
		return "", fmt.Errorf("%s: cannot read %s: %v", cmd, label, err)
	}
	if len(b) > maxPIIInput {
		return "", fmt.Errorf("%s: %s is over the %d-byte limit: %w", cmd, label, maxPIIInput, apperr.ErrInvalid)
	}
	return string(b), nil
}

// piiFinding is one finding as pii scan --json prints it. Line and Column are 1-based; Column
// and the offsets count bytes.
type piiFinding struct {
	Type   string `json:"type"`
	Rule   string `json:"rule"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Value  string `json:"value,omitempty"` // only with --show-values
}

// locate converts findings (sorted by Start, as Scan returns them) into piiFindings with line
// and column numbers.
func locate(text string, found []pii.Finding, values bool) []piiFinding {
	out := make([]piiFinding, 0, len(found))
	line, lineStart, pos := 1, 0, 0
	for _, f := range found {
		if f.Start < pos { // not sorted: count again from the top
			line, lineStart, pos = 1, 0, 0
		}
		for pos < f.Start && pos < len(text) {
			i := strings.IndexByte(text[pos:f.Start], '\n')
			if i < 0 {
				pos = f.Start
				break
			}
			pos += i + 1
			line, lineStart = line+1, pos
		}
		pf := piiFinding{Type: f.Type, Rule: f.Rule, Start: f.Start, End: f.End, Line: line, Column: f.Start - lineStart + 1}
		if values {
			pf.Value = f.Value
		}
		out = append(out, pf)
	}
	return out
}

const scanUsage = `Usage: tftsr pii scan FILE|- [--show-values] [--json]
Prints one line per finding: LINE:COL TYPE RULE (1-based; the column counts bytes). The found
values are secrets and are printed only with --show-values. Exit status 0 with or without findings.
`

func piiScan(e *env, args []string) error {
	fs := newFlags("pii scan")
	show := fs.Bool("show-values", false, "also print the found values")
	fs.Bool("json", false, "print the findings as JSON")
	pos, err := e.parse(fs, scanUsage, args)
	if err != nil {
		return err
	}
	name, err := oneInput("pii scan", pos, scanUsage)
	if err != nil {
		return err
	}
	text, err := e.readInput("pii scan", name)
	if err != nil {
		return err
	}
	found := locate(text, pii.NewDetector(pii.Options{}).Scan(text), *show)
	if e.json {
		return e.printJSON(found)
	}
	var b strings.Builder
	for _, f := range found {
		fmt.Fprintf(&b, "%d:%d %s %s", f.Line, f.Column, clean(f.Type), clean(f.Rule))
		if *show {
			b.WriteString(" " + clean(f.Value))
		}
		b.WriteByte('\n')
	}
	_, err = io.WriteString(e.stdout, b.String())
	return err
}

const redactUsage = `Usage: tftsr pii redact FILE|-
Prints the text of FILE with every finding replaced by a placeholder such as [EMAIL-1]; the same
value gets the same placeholder throughout.
`

func piiRedact(e *env, args []string) error {
	fs := newFlags("pii redact")
	pos, err := e.parse(fs, redactUsage, args)
	if err != nil {
		return err
	}
	name, err := oneInput("pii redact", pos, redactUsage)
	if err != nil {
		return err
	}
	text, err := e.readInput("pii redact", name)
	if err != nil {
		return err
	}
	out := pii.NewPseudonymizer().Redact(text, pii.NewDetector(pii.Options{}).Scan(text))
	_, err = io.WriteString(e.stdout, out)
	return err
}
