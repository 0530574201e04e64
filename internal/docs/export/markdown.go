package export

import "strings"

// Markdown returns the document as a Markdown file: "# Title\n\n" + content
// unless the content already starts with that H1; line ends are normalized to
// \n and the file ends with exactly one newline.
func Markdown(title, md string) []byte {
	md = normalizeNewlines(md)
	title = strings.TrimSpace(strings.ReplaceAll(normalizeNewlines(title), "\n", " "))
	body := strings.TrimLeft(md, "\n")
	if title != "" && !startsWithTitle(body, title) {
		body = "# " + title + "\n\n" + body
	}
	body = strings.TrimRight(body, "\n") + "\n"
	return []byte(body)
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// startsWithTitle reports whether md's first line is an ATX H1 equal to title
// (closing #s and surrounding spaces ignored).
func startsWithTitle(md, title string) bool {
	first, _, _ := strings.Cut(md, "\n")
	h, ok := strings.CutPrefix(strings.TrimRight(first, " \t"), "# ")
	if !ok {
		return false
	}
	h = strings.TrimSpace(strings.TrimRight(h, "#"))
	return h == title
}
