package export

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HTML returns a standalone HTML5 page: inline CSS, no script, no external
// stylesheet or font, printable. Raw HTML in the Markdown is shown as text;
// links are kept only for http, https, mailto and #fragment targets, images
// only for http(s) and data:image URLs.
//
// No bluemonday pass: the page is produced only by goldmark plus the
// overrides below, which never pass raw markup through, and a CSP meta tag
// (script-src none) backs that up. A sanitizer would need a policy mirroring
// this renderer and would add a dependency without closing any gap.
func HTML(title, md string) ([]byte, error) {
	md = normalizeNewlines(md)
	src := []byte(md)
	var body bytes.Buffer
	if err := htmlMarkdown.Convert(src, &body); err != nil {
		return nil, fmt.Errorf("export: render html: %w", err)
	}
	var out bytes.Buffer
	out.Grow(body.Len() + len(pageCSS) + 512)
	out.WriteString("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
	out.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:\">\n")
	out.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	out.WriteString("<title>" + html.EscapeString(title) + "</title>\n")
	out.WriteString("<style>" + pageCSS + "</style>\n</head>\n<body>\n<main>\n")
	if title != "" && !startsWithTitle(strings.TrimLeft(md, "\n"), strings.TrimSpace(title)) {
		out.WriteString("<h1 class=\"doc-title\" dir=\"auto\">" + html.EscapeString(title) + "</h1>\n")
	}
	out.Write(body.Bytes())
	out.WriteString("</main>\n</body>\n</html>\n")
	return out.Bytes(), nil
}

var htmlMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(dirAuto{}, 100)),
	),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100)),
	),
)

const pageCSS = `
:root{color-scheme:light}
body{margin:0;background:#fff;color:#1f2328;font:15px/1.55 -apple-system,"Segoe UI","DejaVu Sans","Noto Sans",Helvetica,Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem}
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.4em 0 .5em}
h1{font-size:1.9em;border-bottom:1px solid #d0d7de;padding-bottom:.25em}
h2{font-size:1.45em;border-bottom:1px solid #d8dee4;padding-bottom:.2em}
h3{font-size:1.2em}h4{font-size:1.05em}h5,h6{font-size:.95em}
p,ul,ol,table,pre,blockquote{margin:0 0 1em}
p,li,td,th,h1,h2,h3,h4,h5,h6{overflow-wrap:anywhere}
a{color:#0969da}
code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}
code{background:#eff1f3;padding:.1em .3em;border-radius:4px}
pre{background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;padding:.8em 1em;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
blockquote{margin-left:0;padding:0 1em;color:#59636e;border-left:.25em solid #d0d7de}
table{border-collapse:collapse;width:100%;table-layout:auto}
th,td{border:1px solid #d0d7de;padding:.35em .6em;vertical-align:top;text-align:left}
th{background:#f6f8fa}
tr{break-inside:avoid}
hr{border:0;border-top:1px solid #d0d7de;margin:1.5em 0}
img{max-width:100%}
li>input[type=checkbox]{margin:0 .4em 0 -1.3em}
.raw-html{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em;color:#59636e;white-space:pre-wrap}
@page{size:A4;margin:18mm 16mm}
@media print{body{font-size:11pt}main{max-width:none;padding:0}pre,blockquote,table{break-inside:auto}h1,h2,h3,h4{break-after:avoid}a{color:inherit}}
`

// dirAuto marks text blocks dir="auto" so right-to-left paragraphs lay out
// right to left in the browser.
type dirAuto struct{}

func (dirAuto) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHeading, ast.KindListItem, ast.KindBlockquote, extast.KindTableCell:
			n.SetAttributeString("dir", []byte("auto"))
		}
		return ast.WalkContinue, nil
	})
}

// safeRenderer overrides goldmark's renderers for the nodes that can carry
// foreign markup or URLs.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlockAsText)
	reg.Register(ast.KindRawHTML, renderRawHTMLAsText)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
}

func renderHTMLBlockAsText(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<pre class="raw-html">`)
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</pre>\n")
	return ast.WalkSkipChildren, nil
}

func renderRawHTMLAsText(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	_, _ = w.WriteString(`<code class="raw-html">`)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	_, _ = w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

func renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !linkAllowed(string(n.Destination)) {
		return ast.WalkContinue, nil // children render as plain text
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	if !strings.HasPrefix(string(n.Destination), "#") {
		_, _ = w.WriteString(` rel="noopener noreferrer"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := string(n.URL(src))
	label := n.Label(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	if !linkAllowed(url) {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(url), false)))
	_, _ = w.WriteString(`" rel="noopener noreferrer">`)
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := plainText(n, src)
	if !imageAllowed(string(n.Destination)) {
		_, _ = w.WriteString(`<span class="img-alt">`)
		_, _ = w.Write(util.EscapeHTML([]byte(alt)))
		_, _ = w.WriteString("</span>")
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(util.EscapeHTML([]byte(alt)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(">")
	return ast.WalkSkipChildren, nil
}

// linkAllowed: only targets that cannot run code or reach local files.
func linkAllowed(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") ||
		strings.HasPrefix(d, "mailto:") || (strings.HasPrefix(d, "#") && len(d) > 1)
}

// externalLink: a link a PDF viewer can open (fragments have no target there).
func externalLink(dest string) bool {
	return linkAllowed(dest) && !strings.HasPrefix(strings.TrimSpace(dest), "#")
}

func imageAllowed(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") ||
		(strings.HasPrefix(d, "data:image/") && !strings.HasPrefix(d, "data:image/svg"))
}

// plainText is the text content of an inline subtree (image alt text).
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(inlineText(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// inlineText resolves Markdown backslash escapes and entity references the
// way goldmark's HTML writer does, giving the characters the reader sees.
func inlineText(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}
