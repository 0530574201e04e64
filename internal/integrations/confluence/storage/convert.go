package storage

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"tftsr/internal/apperr"
)

// MaxInputBytes bounds the Markdown Convert accepts. Confluence refuses page bodies far smaller
// than this; the bound only keeps a runaway input from exhausting memory.
const MaxInputBytes = 64 << 20

// Result is a converted document.
type Result struct {
	// XHTML is the storage-format body: a fragment, with no XML declaration and no root element.
	XHTML string
	// Attachments are the images embedded as data: URIs, to upload as attachments of the page
	// before (or right after) the body that references them by filename.
	Attachments []Attachment
}

// Attachment is an image the body refers to with <ri:attachment ri:filename="…"/>.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Convert turns Markdown into Confluence storage format.
func Convert(md string) (Result, error) {
	if len(md) > MaxInputBytes {
		return Result{}, fmt.Errorf("storage: document is %d bytes, more than the %d allowed: %w", len(md), MaxInputBytes, apperr.ErrInvalid)
	}
	src := []byte(sanitize(md))
	gm := goldmark.New(goldmark.WithExtensions(
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
		extension.Table,
		extension.Strikethrough,
		extension.TaskList,
	))
	doc := gm.Parser().Parse(text.NewReader(src))

	r := &renderer{src: src, images: map[string]string{}}
	r.b.Grow(len(src) + len(src)/4)
	r.blocks(doc)
	return Result{XHTML: stripInvalid(r.b.String()), Attachments: r.attachments}, nil
}

// renderer walks goldmark's AST and writes storage format. It never writes markup that came
// from the Markdown source: every byte of source text goes through escText, escAttr or
// writeCDATA.
type renderer struct {
	src         []byte
	b           strings.Builder
	attachments []Attachment
	images      map[string]string // data-URI payload key → filename, so a repeated image is uploaded once
}

// builderWriter lets goldmark's text writer (which resolves backslash escapes and entity
// references, then HTML-escapes) write into a strings.Builder.
type builderWriter struct{ *strings.Builder }

func (builderWriter) Available() int { return 4096 }
func (builderWriter) Buffered() int  { return 0 }
func (builderWriter) Flush() error   { return nil }

// text writes Markdown text with escapes and references resolved, XML-escaped. goldmark's
// escaping covers & < > and ", the same set escText writes.
func (r *renderer) text(b *strings.Builder, v []byte) {
	ghtml.DefaultWriter.Write(builderWriter{b}, v)
}

func (r *renderer) blocks(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		r.block(n)
	}
}

func (r *renderer) block(n ast.Node) {
	b := &r.b
	switch n := n.(type) {
	case *ast.Heading:
		lvl := min(max(n.Level, 1), 6)
		fmt.Fprintf(b, "<h%d>", lvl)
		r.inlines(n)
		fmt.Fprintf(b, "</h%d>\n", lvl)
	case *ast.Paragraph:
		b.WriteString("<p>")
		r.inlines(n)
		b.WriteString("</p>\n")
	case *ast.TextBlock:
		// A tight list item's text: inline content without a <p>. A following block in the
		// same item starts on its own line.
		r.inlines(n)
		if n.NextSibling() != nil {
			b.WriteByte('\n')
		}
	case *ast.ThematicBreak:
		b.WriteString("<hr/>\n")
	case *ast.Blockquote:
		b.WriteString("<blockquote>\n")
		r.blocks(n)
		b.WriteString("</blockquote>\n")
	case *ast.FencedCodeBlock:
		lang := "none"
		if n.Info != nil {
			info := n.Info.Segment.Value(r.src)
			info = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(info)))
			lang = codeLanguage(string(info))
		}
		r.codeMacro(lang, n.Lines())
	case *ast.CodeBlock:
		r.codeMacro("none", n.Lines())
	case *ast.HTMLBlock:
		r.htmlBlock(n)
	case *ast.List:
		r.list(n)
	case *east.Table:
		r.table(n)
	default:
		// A block kind this renderer does not know (none with the extensions enabled):
		// keep its content rather than lose it.
		if n.Type() == ast.TypeInline {
			r.inline(n)
		} else {
			r.blocks(n)
		}
	}
}

// codeMacro writes the code macro. The body is the block's lines exactly, without the final
// line break that ends the last line.
func (r *renderer) codeMacro(lang string, lines *text.Segments) {
	var code strings.Builder
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(r.src))
	}
	body := strings.TrimSuffix(code.String(), "\n")
	b := &r.b
	b.WriteString(`<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">`)
	b.WriteString(lang) // from codeLanguages: plain ASCII words
	b.WriteString(`</ac:parameter><ac:plain-text-body>`)
	writeCDATA(b, body)
	b.WriteString("</ac:plain-text-body></ac:structured-macro>\n")
}

// htmlBlock shows raw HTML as the text it is, line by line, never as markup.
func (r *renderer) htmlBlock(n *ast.HTMLBlock) {
	var lines []string
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		lines = append(lines, strings.TrimSuffix(string(seg.Value(r.src)), "\n"))
	}
	if n.HasClosure() {
		lines = append(lines, strings.TrimSuffix(string(n.ClosureLine.Value(r.src)), "\n"))
	}
	b := &r.b
	b.WriteString("<p>")
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br/>\n")
		}
		escText(b, l)
	}
	b.WriteString("</p>\n")
}

// taskBox returns the checkbox that starts list item li, if it is a GFM task item.
func taskBox(li ast.Node) *east.TaskCheckBox {
	first := li.FirstChild()
	if first == nil {
		return nil
	}
	box, _ := first.FirstChild().(*east.TaskCheckBox)
	return box
}

func (r *renderer) list(n *ast.List) {
	b := &r.b
	allTasks := n.FirstChild() != nil
	for li := n.FirstChild(); li != nil; li = li.NextSibling() {
		if taskBox(li) == nil {
			allTasks = false
			break
		}
	}
	if allTasks {
		r.taskList(n)
		return
	}
	tag := "ul"
	if n.IsOrdered() {
		tag = "ol"
	}
	b.WriteString("<" + tag)
	if n.IsOrdered() && n.Start != 1 {
		b.WriteString(` start="` + strconv.Itoa(n.Start) + `"`)
	}
	b.WriteString(">\n")
	for li := n.FirstChild(); li != nil; li = li.NextSibling() {
		b.WriteString("<li>")
		r.blocks(li)
		b.WriteString("</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
}

// taskList writes a list whose every item is a task as a Confluence task list. A list that
// mixes tasks and plain items stays a list; its checkboxes are written as "[x]" / "[ ]".
func (r *renderer) taskList(n *ast.List) {
	b := &r.b
	b.WriteString("<ac:task-list>\n")
	for li := n.FirstChild(); li != nil; li = li.NextSibling() {
		status := "incomplete"
		if taskBox(li).IsChecked {
			status = "complete"
		}
		b.WriteString("<ac:task>\n<ac:task-status>" + status + "</ac:task-status>\n<ac:task-body>")
		// The first paragraph is the task's text, inline; anything after it (a nested
		// list, more paragraphs) follows inside the body.
		first := li.FirstChild()
		for c := first.FirstChild(); c != nil; c = c.NextSibling() {
			if _, ok := c.(*east.TaskCheckBox); !ok {
				r.inline(c)
			}
		}
		if first.NextSibling() != nil {
			b.WriteByte('\n')
			for c := first.NextSibling(); c != nil; c = c.NextSibling() {
				r.block(c)
			}
		}
		b.WriteString("</ac:task-body>\n</ac:task>\n")
	}
	b.WriteString("</ac:task-list>\n")
}

func (r *renderer) table(n *east.Table) {
	b := &r.b
	b.WriteString("<table><tbody>\n")
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		cellTag := "td"
		if _, ok := row.(*east.TableHeader); ok {
			cellTag = "th"
		}
		b.WriteString("<tr>")
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			b.WriteString("<" + cellTag)
			if cell, ok := c.(*east.TableCell); ok {
				switch cell.Alignment {
				case east.AlignLeft:
					b.WriteString(` style="text-align: left;"`)
				case east.AlignCenter:
					b.WriteString(` style="text-align: center;"`)
				case east.AlignRight:
					b.WriteString(` style="text-align: right;"`)
				}
			}
			b.WriteString(">")
			r.inlines(c)
			b.WriteString("</" + cellTag + ">")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
}

func (r *renderer) inlines(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		r.inline(n)
	}
}

func (r *renderer) inline(n ast.Node) {
	b := &r.b
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		if n.IsRaw() {
			escText(b, string(v))
		} else {
			r.text(b, v)
		}
		switch {
		case n.HardLineBreak():
			b.WriteString("<br/>\n")
		case n.SoftLineBreak():
			b.WriteByte('\n')
		}
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			escText(b, string(n.Value))
		} else {
			r.text(b, n.Value)
		}
	case *ast.CodeSpan:
		b.WriteString("<code>")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			var v []byte
			switch c := c.(type) {
			case *ast.Text:
				v = c.Segment.Value(r.src)
			case *ast.String:
				v = c.Value
			}
			// A line break inside a code span is a space (CommonMark).
			s := string(v)
			if strings.HasSuffix(s, "\n") {
				s = s[:len(s)-1] + " "
			}
			escText(b, s)
		}
		b.WriteString("</code>")
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		b.WriteString("<" + tag + ">")
		r.inlines(n)
		b.WriteString("</" + tag + ">")
	case *east.Strikethrough:
		b.WriteString("<del>")
		r.inlines(n)
		b.WriteString("</del>")
	case *ast.Link:
		dest := string(util.URLEscape(n.Destination, true))
		if !safeURL(dest) {
			r.inlines(n) // the label stays, as plain text
			return
		}
		b.WriteString(`<a href="`)
		escAttr(b, dest)
		if n.Title != nil {
			b.WriteString(`" title="`)
			escAttr(b, r.plain(n.Title))
		}
		b.WriteString(`">`)
		if n.FirstChild() == nil {
			escText(b, dest) // [](url): an empty label would make an invisible link
		}
		r.inlines(n)
		b.WriteString("</a>")
	case *ast.AutoLink:
		label := string(n.Label(r.src))
		url := string(n.URL(r.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(url, "mailto:") {
			url = "mailto:" + url
		}
		url = string(util.URLEscape([]byte(url), false))
		if !safeURL(url) {
			// Only <scheme:…> reaches here (linkify makes http, https and mailto links), so
			// show it as typed: "<ac:task>" in prose stays "<ac:task>", not "ac:task".
			escText(b, "<"+label+">")
			return
		}
		b.WriteString(`<a href="`)
		escAttr(b, url)
		b.WriteString(`">`)
		escText(b, label)
		b.WriteString("</a>")
	case *ast.Image:
		r.image(n)
	case *ast.RawHTML:
		// Inline HTML is shown as typed, never interpreted.
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			escText(b, string(seg.Value(r.src)))
		}
	case *east.TaskCheckBox:
		// Only reached for a task item in a list that also has plain items.
		if n.IsChecked {
			b.WriteString("[x] ")
		} else {
			b.WriteString("[ ] ")
		}
	default:
		r.inlines(n)
	}
}

// plain returns Markdown text with escapes and references resolved, unescaped (for attributes,
// which escAttr escapes).
func (r *renderer) plain(v []byte) string {
	var tmp strings.Builder
	r.text(&tmp, v)
	return html.UnescapeString(tmp.String())
}

// altText returns the plain text of an image's description: its inline content without
// markup, line breaks as spaces.
func (r *renderer) altText(n ast.Node) string {
	var tmp strings.Builder
	var walk func(ast.Node)
	walk = func(p ast.Node) {
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				if c.IsRaw() {
					escText(&tmp, string(c.Segment.Value(r.src)))
				} else {
					r.text(&tmp, c.Segment.Value(r.src))
				}
				if c.SoftLineBreak() || c.HardLineBreak() {
					tmp.WriteByte(' ')
				}
			case *ast.String:
				escText(&tmp, string(c.Value))
			case *ast.AutoLink:
				escText(&tmp, string(c.Label(r.src)))
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					escText(&tmp, string(seg.Value(r.src)))
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.TrimSpace(html.UnescapeString(tmp.String()))
}

// safeURL reports whether a link may point at u: http, https and mailto URLs, and references
// without a scheme (relative paths, #anchors, ?queries). Anything with another scheme —
// javascript:, data:, file:, vbscript: — is refused. A colon before the first / ? or # means
// a scheme, so "java%09script:" is refused too rather than read as a path.
func safeURL(u string) bool {
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	colon := strings.IndexByte(u[:end], ':')
	if colon < 0 {
		return true
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
