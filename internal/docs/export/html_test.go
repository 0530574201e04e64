package export

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const hostile = `# Report

<script>alert("block")</script>

Inline <script>alert("inline")</script> and <img src=x onerror=alert(1)> and <a href="javascript:alert(2)">a</a>.

[js link](javascript:alert(3)) [data link](data:text/html;base64,PHNjcmlwdD4=) [file](file:///etc/passwd)
[vb](vbscript:msgbox) [rel](../secret) [ok](https://example.com/ok_path) [mail](mailto:sre@example.com) [frag](#report)

<javascript:alert(4)> <https://example.com/auto_link>

![bad](javascript:alert(5)) ![file img](file:///etc/passwd) ![svg](data:image/svg+xml;base64,PHN2Zz4=)
![good](https://example.com/diagram.png) ![inline](data:image/png;base64,iVBORw0KGgo=)

<iframe src="https://evil.example"></iframe>
<style>body{display:none}</style>
`

type htmlDoc struct {
	root  *html.Node
	text  string
	elems map[string][]*html.Node
}

func parseHTML(t *testing.T, b []byte) htmlDoc {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	d := htmlDoc{root: root, elems: map[string][]*html.Node{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			d.elems[n.Data] = append(d.elems[n.Data], n)
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				text.WriteString(n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	d.text = text.String()
	return d
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func TestHTMLNeutralizesHostileMarkdown(t *testing.T) {
	out, err := HTML("Report", hostile)
	if err != nil {
		t.Fatal(err)
	}
	d := parseHTML(t, out)
	for _, tag := range []string{"script", "iframe", "object", "embed", "form", "link", "base"} {
		if n := len(d.elems[tag]); n > 0 {
			t.Errorf("%d <%s> elements in output", n, tag)
		}
	}
	if n := len(d.elems["style"]); n != 1 {
		t.Errorf("%d <style> elements, want only the page's own", n)
	}
	for tag, nodes := range d.elems {
		for _, n := range nodes {
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s> has event handler %s", tag, a.Key)
				}
			}
		}
	}
	var hrefs, srcs []string
	for _, a := range d.elems["a"] {
		h, _ := attr(a, "href")
		hrefs = append(hrefs, h)
	}
	for _, img := range d.elems["img"] {
		s, _ := attr(img, "src")
		srcs = append(srcs, s)
	}
	wantHrefs := []string{"https://example.com/ok_path", "mailto:sre@example.com", "#report", "https://example.com/auto_link"}
	if strings.Join(hrefs, " ") != strings.Join(wantHrefs, " ") {
		t.Errorf("hrefs = %q, want %q", hrefs, wantHrefs)
	}
	wantSrcs := []string{"https://example.com/diagram.png", "data:image/png;base64,iVBORw0KGgo="}
	if strings.Join(srcs, " ") != strings.Join(wantSrcs, " ") {
		t.Errorf("img srcs = %q, want %q", srcs, wantSrcs)
	}
	// Raw HTML is visible text, not dropped.
	for _, want := range []string{
		`<script>alert("block")</script>`, `<script>alert("inline")</script>`, `<img src=x onerror=alert(1)>`,
		`<iframe src="https://evil.example"></iframe>`, "js link", "file", "bad", "file img",
	} {
		if !strings.Contains(d.text, want) {
			t.Errorf("visible text lacks %q", want)
		}
	}
	if bytes.Contains(out, []byte("raw HTML omitted")) {
		t.Error("raw HTML was dropped instead of shown")
	}
}

func TestHTMLPage(t *testing.T) {
	const title = "Database outage 2026-03-14 — root cause analysis"
	out, err := HTML(title, sample(t))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "<!DOCTYPE html>") {
		t.Error("no HTML5 doctype")
	}
	d := parseHTML(t, out)
	if got := d.elems["title"]; len(got) != 1 || got[0].FirstChild == nil || got[0].FirstChild.Data != title {
		t.Errorf("title element wrong: %v", got)
	}
	charset := false
	for _, m := range d.elems["meta"] {
		if v, ok := attr(m, "charset"); ok && strings.EqualFold(v, "utf-8") {
			charset = true
		}
	}
	if !charset {
		t.Error("no <meta charset=utf-8>")
	}
	for _, tag := range []string{"table", "th", "td", "pre", "code", "blockquote", "ol", "ul", "del", "hr", "h2", "h3"} {
		if len(d.elems[tag]) == 0 {
			t.Errorf("no <%s> element", tag)
		}
	}
	checked := 0
	boxes := d.elems["input"]
	for _, in := range boxes {
		if _, ok := attr(in, "checked"); ok {
			checked++
		}
	}
	if len(boxes) != 3 || checked != 1 {
		t.Errorf("task list: %d checkboxes, %d checked; want 3 and 1", len(boxes), checked)
	}
	for _, want := range []string{"user_id_field", "__init__", "→", "Ελληνικά", "Русский", "数据库连接池耗尽", "قاعدة البيانات", "מסד נתונים", "🔥",
		"KeyError when missing", "SELECT user_id_field FROM users WHERE id = 42;", "deliberately long"} {
		if !strings.Contains(d.text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, p := range d.elems["p"] {
		if v, _ := attr(p, "dir"); v != "auto" {
			t.Error(`<p> without dir="auto"`)
			break
		}
	}
	for _, css := range []string{"white-space:pre-wrap", "@page", "border-collapse"} {
		if !strings.Contains(s, css) {
			t.Errorf("CSS lacks %q", css)
		}
	}
	// Self-contained: the only URLs are the document's own links.
	for _, tag := range []string{"link", "script", "img"} {
		if n := len(d.elems[tag]); n > 0 {
			t.Errorf("%d <%s> elements in a document without images", n, tag)
		}
	}
	if strings.Contains(s, "@import") || strings.Contains(s, "url(") {
		t.Error("CSS loads an external resource")
	}
	// The H1 equal to the title is not duplicated.
	if n := len(d.elems["h1"]); n != 1 {
		t.Errorf("%d <h1>, want 1", n)
	}
}

func TestHTMLTitleAdded(t *testing.T) {
	out, err := HTML("RCA_1 <b>", "## Summary\n\ntext")
	if err != nil {
		t.Fatal(err)
	}
	d := parseHTML(t, out)
	h1 := d.elems["h1"]
	if len(h1) != 1 || h1[0].FirstChild == nil || h1[0].FirstChild.Data != "RCA_1 <b>" {
		t.Errorf("h1 = %v, want the escaped title", h1)
	}
	if len(d.elems["b"]) != 0 {
		t.Error("title markup became an element")
	}
	if tt := d.elems["title"]; len(tt) != 1 || tt[0].FirstChild == nil || tt[0].FirstChild.Data != "RCA_1 <b>" {
		t.Errorf("<title> = %v, want the escaped title", tt)
	}
}
