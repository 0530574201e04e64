// Package logsummary condenses a log into what a model (or a person) needs first: how many
// lines, the time range, how many errors and warnings, the most frequent line shapes and the
// first problem lines. It works on text it is given and adds only counts, timestamps copied from
// the text and fixed words — so a summary of an applied redacted version contains nothing that
// version does not (package egress relies on this).
package logsummary

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Limits.
const (
	MaxTemplates      = 50_000 // distinct line shapes tracked; later new shapes are not counted
	TopFrequent       = 10
	FirstProblems     = 8
	MaxLineRunes      = 300
	templateMaxPrefix = 200
)

// Count is a line shape and how often it occurs.
type Count struct {
	Template string `json:"template"`
	N        int    `json:"n"`
}

// Problem is an error or warning line.
type Problem struct {
	Line  int    `json:"line"`
	Level string `json:"level"` // error | warning
	Text  string `json:"text"`
}

// Summary of one log.
type Summary struct {
	Lines     int       `json:"lines"`
	Errors    int       `json:"errors"`
	Warnings  int       `json:"warnings"`
	FirstTime string    `json:"firstTime"` // "" when no timestamp was recognised
	LastTime  string    `json:"lastTime"`
	Frequent  []Count   `json:"frequent"`
	Problems  []Problem `json:"problems"`  // the first error and warning lines, in order
	Truncated bool      `json:"truncated"` // more shapes than MaxTemplates
}

// Builder accumulates lines.
type Builder struct {
	s      Summary
	counts map[string]int
	order  []string
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{counts: map[string]int{}} }

var timeRe = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}`)

// Add adds line n (1-based) with its text.
func (b *Builder) Add(n int, text string) {
	b.s.Lines++
	head := text
	if len(head) > 64 {
		head = head[:64]
	}
	if t := timeRe.FindString(head); t != "" {
		if b.s.FirstTime == "" {
			b.s.FirstTime = t
		}
		b.s.LastTime = t
	}
	switch level(text) {
	case "error":
		b.s.Errors++
		b.problem(n, "error", text)
	case "warning":
		b.s.Warnings++
		b.problem(n, "warning", text)
	}
	tpl := Template(text)
	if tpl == "" {
		return
	}
	if _, ok := b.counts[tpl]; !ok {
		if len(b.counts) >= MaxTemplates {
			b.s.Truncated = true
			return
		}
		b.order = append(b.order, tpl)
	}
	b.counts[tpl]++
}

func (b *Builder) problem(n int, lvl, text string) {
	if len(b.s.Problems) < FirstProblems {
		b.s.Problems = append(b.s.Problems, Problem{Line: n, Level: lvl, Text: clip(strings.TrimSpace(text), MaxLineRunes)})
	}
}

// Summary returns the summary so far.
func (b *Builder) Summary() Summary {
	s := b.s
	s.Frequent = []Count{}
	for _, t := range b.order {
		s.Frequent = append(s.Frequent, Count{Template: t, N: b.counts[t]})
	}
	// Most frequent first; ties keep first appearance.
	sort.SliceStable(s.Frequent, func(i, j int) bool { return s.Frequent[i].N > s.Frequent[j].N })
	if len(s.Frequent) > TopFrequent {
		s.Frequent = s.Frequent[:TopFrequent]
	}
	if s.Problems == nil {
		s.Problems = []Problem{}
	}
	return s
}

var levelWords = map[string]string{
	"error": "error", "err": "error", "fatal": "error", "crit": "error", "critical": "error", "panic": "error",
	"severe": "error", "emerg": "error", "emergency": "error", "alert": "error", "exception": "error",
	"warn": "warning", "warning": "warning",
}

// level finds a severity word in the first 200 bytes of a line ("" when none).
func level(text string) string {
	if len(text) > 200 {
		text = text[:200]
	}
	found := ""
	start := -1
	for i := 0; i <= len(text); i++ {
		letter := i < len(text) && (text[i]|0x20 >= 'a' && text[i]|0x20 <= 'z')
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if l, ok := levelWords[strings.ToLower(text[start:i])]; ok {
				if l == "error" {
					return l
				}
				found = l
			}
			start = -1
		}
	}
	return found
}

// Template is a line's shape: digits and long hex runs become '#', whitespace is collapsed, and
// it is cut at 200 characters. Lines that differ only in numbers, ids or times share a shape.
func Template(text string) string {
	if len(text) > templateMaxPrefix*2 {
		text = text[:templateMaxPrefix*2]
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(text) && isHexOrDigit(text[j]) {
				j++
			}
			b.WriteByte('#')
			i = j
			space = false
			continue
		case c == ' ' || c == '\t':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteByte(c)
			space = false
		}
		i++
	}
	return clip(strings.TrimSpace(b.String()), templateMaxPrefix)
}

func isHexOrDigit(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func clip(s string, runes int) string {
	if utf8.RuneCountInString(s) <= runes {
		return s
	}
	r := []rune(s)
	return string(r[:runes]) + "…"
}

// Render writes the summary of log number idx (1-based) as Markdown. The log's name is not
// included: a file name is user data that no review has seen.
func Render(idx int, s Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Log %d: %d lines, %d error lines, %d warning lines", idx, s.Lines, s.Errors, s.Warnings)
	if s.FirstTime != "" {
		fmt.Fprintf(&b, ", from %s to %s", s.FirstTime, s.LastTime)
	}
	b.WriteString(".\n")
	if len(s.Frequent) > 0 {
		b.WriteString("\nMost frequent lines (numbers shown as #):\n")
		for _, c := range s.Frequent {
			fmt.Fprintf(&b, "- %d× `%s`\n", c.N, strings.ReplaceAll(c.Template, "`", "'"))
		}
	}
	if len(s.Problems) > 0 {
		b.WriteString("\nFirst error and warning lines:\n")
		for _, p := range s.Problems {
			fmt.Fprintf(&b, "- line %d (%s): `%s`\n", p.Line, p.Level, strings.ReplaceAll(p.Text, "`", "'"))
		}
	}
	if s.Truncated {
		fmt.Fprintf(&b, "\n(More than %d different line shapes; the counts cover the first %d.)\n", MaxTemplates, MaxTemplates)
	}
	return strings.TrimRight(b.String(), "\n")
}
