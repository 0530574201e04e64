package storage

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// blocks are the elements that separate text visually: their boundaries become line breaks in
// VisibleText, while inline elements (strong, em, code, a) join their text as a reader sees it.
var blocks = map[string]bool{"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "td": true, "th": true, "tr": true, "pre": true, "blockquote": true, "br": true, "hr": true,
	"task-body": true, "plain-text-body": true, "parameter": true, "image": true}

// VisibleText is the text a reader of the page sees in a storage-format body: character data
// with character references decoded and CDATA included, blocks on their own lines, inline
// formatting joined. Publishing scans it, because Markdown escapes and character references
// (`&#64;`, `\@`) can spell out a value the review of the Markdown source did not see.
func VisibleText(xhtml string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">` + xhtml + `</root>`))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return b.String(), nil
			}
			return "", fmt.Errorf("storage: read the converted page: %w", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if blocks[t.Name.Local] {
				b.WriteByte('\n')
			}
			for _, a := range t.Attr { // alt texts and link targets are shown too
				if a.Name.Local == "alt" || a.Name.Local == "href" || a.Name.Local == "value" {
					b.WriteString("\n" + a.Value + "\n")
				}
			}
		case xml.EndElement:
			if blocks[t.Name.Local] {
				b.WriteByte('\n')
			}
		}
	}
}
