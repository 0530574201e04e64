package storage

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// The namespaces Confluence's storage format uses; the fragment is checked inside a root that
// declares them, as Confluence itself parses it.
const (
	nsAC = "http://atlassian.com/content"
	nsRI = "http://atlassian.com/resource/identifier"
)

// parsed is what a storage-format fragment holds, as an XML parser reads it.
type parsed struct {
	text   string   // all character data (CDATA included) plus image alt text
	codes  []string // code macro bodies, CDATA sections reassembled
	langs  []string // code macro language parameters
	hrefs  []string
	images []string // ri:attachment filenames
}

// allowedAttrs is every element the converter may write, with the attributes it may carry.
// Anything else in the output means Markdown source leaked through as markup.
var allowedAttrs = map[string][]string{
	"p": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"strong": nil, "em": nil, "del": nil, "code": nil, "br": nil, "hr": nil, "blockquote": nil,
	"ul": nil, "ol": {"start"}, "li": nil,
	"table": nil, "tbody": nil, "tr": nil, "th": {"style"}, "td": {"style"},
	"a":                   {"href", "title"},
	"ac:structured-macro": {"ac:name"},
	"ac:parameter":        {"ac:name"},
	"ac:plain-text-body":  nil,
	"ac:task-list":        nil,
	"ac:task":             nil,
	"ac:task-status":      nil,
	"ac:task-body":        nil,
	"ac:image":            {"ac:alt", "ac:title"},
	"ri:attachment":       {"ri:filename"},
	"ri:url":              {"ri:value"},
}

func qname(n xml.Name) string {
	switch n.Space {
	case nsAC:
		return "ac:" + n.Local
	case nsRI:
		return "ri:" + n.Local
	case "":
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseStorage parses a fragment strictly with encoding/xml and checks its vocabulary.
func parseStorage(fragment string) (parsed, error) {
	doc := `<root xmlns:ac="` + nsAC + `" xmlns:ri="` + nsRI + `">` + fragment + `</root>`
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var (
		p     parsed
		text  strings.Builder
		stack []string
		code  *strings.Builder
		lang  *strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p, fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := qname(t.Name)
			if len(stack) > 0 { // not the wrapper
				allowed, ok := allowedAttrs[name]
				if !ok {
					return p, fmt.Errorf("element <%s> is not one the converter writes", name)
				}
				for _, a := range t.Attr {
					if !slices.Contains(allowed, qname(a.Name)) {
						return p, fmt.Errorf("attribute %s on <%s> is not one the converter writes", qname(a.Name), name)
					}
					switch qname(a.Name) {
					case "href":
						if !linkSchemeOK(a.Value) {
							return p, fmt.Errorf("unsafe href %q", a.Value)
						}
						p.hrefs = append(p.hrefs, a.Value)
					case "ri:value":
						if !strings.HasPrefix(a.Value, "http://") && !strings.HasPrefix(a.Value, "https://") {
							return p, fmt.Errorf("image url %q is not http(s)", a.Value)
						}
					case "ri:filename":
						p.images = append(p.images, a.Value)
					case "ac:alt", "ac:title":
						text.WriteString(" " + a.Value + " ")
					case "ac:name":
						if name == "ac:structured-macro" && a.Value != "code" {
							return p, fmt.Errorf("macro %q", a.Value)
						}
					}
				}
			}
			switch {
			case name == "ac:plain-text-body":
				code = &strings.Builder{}
			case name == "ac:parameter" && len(t.Attr) == 1 && t.Attr[0].Value == "language":
				lang = &strings.Builder{}
			}
			stack = append(stack, name)
		case xml.EndElement:
			name := qname(t.Name)
			switch {
			case name == "ac:plain-text-body":
				p.codes = append(p.codes, code.String())
				code = nil
			case name == "ac:parameter" && lang != nil:
				p.langs = append(p.langs, lang.String())
				lang = nil
			}
			stack = stack[:len(stack)-1]
			// Block ends separate words, as they do on the page.
			switch name {
			case "strong", "em", "del", "code", "a":
			default:
				text.WriteByte('\n')
			}
		case xml.CharData:
			switch {
			case code != nil:
				code.Write(t)
			case lang != nil:
				lang.Write(t)
			}
			text.Write(t)
		case xml.Comment, xml.ProcInst, xml.Directive:
			return p, fmt.Errorf("unexpected %T in output", t)
		}
	}
	p.text = text.String()
	return p, nil
}

// linkSchemeOK is the test's own statement of the link rule: the scheme, if any, is http,
// https or mailto. A colon after the first / ? or # is part of a path, not a scheme.
func linkSchemeOK(href string) bool {
	scheme, _, found := strings.Cut(strings.ToLower(href), ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return true
	}
	return scheme == "http" || scheme == "https" || scheme == "mailto"
}

// checkStorage asserts the properties every conversion must have.
func checkStorage(md string, res Result) (parsed, error) {
	p, err := parseStorage(res.XHTML)
	if err != nil {
		return p, err
	}
	for _, l := range p.langs {
		if !slices.Contains(Languages(), l) {
			return p, fmt.Errorf("code macro language %q is not in Languages()", l)
		}
	}
	names := map[string]bool{}
	for _, a := range res.Attachments {
		if names[a.Filename] {
			return p, fmt.Errorf("attachment filename %q twice", a.Filename)
		}
		names[a.Filename] = true
		if len(a.Data) == 0 || a.ContentType == "" {
			return p, fmt.Errorf("attachment %q is empty or untyped", a.Filename)
		}
	}
	for _, f := range p.images {
		if !names[f] {
			return p, fmt.Errorf("image refers to %q, which is not among the attachments", f)
		}
	}
	want := sourceCodeBlocks(md)
	if !slices.Equal(p.codes, want) {
		return p, fmt.Errorf("code bodies do not reassemble to the source's code blocks:\n got %q\nwant %q", p.codes, want)
	}
	return p, nil
}

// sourceCodeBlocks lists the source's code blocks as goldmark parses them (after the documented
// removal of characters XML cannot carry), each without its final line break.
func sourceCodeBlocks(md string) []string {
	src := []byte(sanitize(md))
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			out = append(out, strings.TrimSuffix(b.String(), "\n"))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// isWordRune: ASCII letters, digits and '_', and any non-ASCII letter, digit, mark or symbol
// (CJK, Arabic, Hebrew, →, emoji and their joiners).
func isWordRune(r rune) bool {
	if r < 0x80 {
		return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsSymbol(r) || r == 0x200D
}

// words splits s into words. Leading and trailing '_' are trimmed, since _x_ and __x__ are
// Markdown emphasis; underscores inside a word stay part of it.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		if w = strings.Trim(w, "_"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// markdownOnly removes what Markdown consumes rather than displays: link and image
// destinations, reference definitions, fence info strings, character references, task
// checkboxes and ordered-list numbers.
var markdownOnly = []struct{ from, to string }{
	{`\]\([^)\n]*\)`, "]"},
	{`\]\[[^\]\n]*\]`, "]"},
	{`(?m)^\s*\[[^\]]+\]:\s.*$`, ""},
	{"(?m)^(\\s*(?:```+|~~~+)).*$", "$1"},
	{`&#?[A-Za-z0-9]+;`, " "},
	{`(?m)^(\s*)([-*+]|\d+[.)])\s+\[[ xX]\]`, "$1$2"},
	{`(?m)^(\s*)\d+[.)](\s|$)`, "$1-$2"},
}
