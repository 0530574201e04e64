package storage

import (
	"strings"
	"unicode/utf8"
)

// validXMLRune reports whether r may appear in an XML 1.0 document (the Char production).
func validXMLRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000: // surrogates
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000: // U+FFFE, U+FFFF
		return false
	default:
		return r <= 0x10FFFF
	}
}

// sanitize prepares Markdown input: line endings become \n (an XML parser would turn a \r in
// CDATA into \n anyway, so code would not survive unchanged), and characters XML 1.0 cannot
// carry are dropped — C0 controls other than \t and \n, U+FFFE/U+FFFF, and bytes that are not
// valid UTF-8 (which includes UTF-8-encoded lone surrogates). It returns s itself when nothing
// needs to change, which is the common case.
func sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 || c == '\t' || c == '\n' {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !validXMLRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\r':
				b.WriteByte('\n')
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
			case c >= 0x20 || c == '\t' || c == '\n':
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && size == 1) && validXMLRune(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// stripInvalid drops any rune XML cannot carry from already-rendered output. Input was
// sanitized, but character references in the Markdown (&#1;) can still produce one.
func stripInvalid(s string) string {
	for i, r := range s {
		if (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) || !validXMLRune(r) {
			return sanitize(s)
		}
	}
	return s
}

// textEscaper escapes XML character data: & < > and ". Escaping > as well keeps a literal "]]>"
// in text from being read as a CDATA end.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// attrEscaper escapes a double-quoted attribute value. Tabs and line breaks become character
// references so attribute-value normalisation does not turn them into spaces.
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;",
	"\t", "&#9;", "\n", "&#10;", "\r", "&#13;")

// escText writes s as XML character data.
func escText(b *strings.Builder, s string) { _, _ = textEscaper.WriteString(b, s) }

// escAttr writes s as a double-quoted attribute value.
func escAttr(b *strings.Builder, s string) { _, _ = attrEscaper.WriteString(b, s) }

// writeCDATA writes s as one or more CDATA sections whose content, concatenated, is s. A "]]>"
// in s would end the section, so it is split between two: "]]" ends the first and ">" starts
// the next ("]]]]><![CDATA[>").
func writeCDATA(b *strings.Builder, s string) {
	b.WriteString("<![CDATA[")
	for {
		i := strings.Index(s, "]]>")
		if i < 0 {
			break
		}
		b.WriteString(s[:i+2])
		b.WriteString("]]><![CDATA[")
		s = s[i+2:]
	}
	b.WriteString(s)
	b.WriteString("]]>")
}
