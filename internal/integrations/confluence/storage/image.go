package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// imageTypes are the data-URI media types turned into attachments, with the file extension.
var imageTypes = map[string]string{
	"image/png":     "png",
	"image/jpeg":    "jpg",
	"image/jpg":     "jpg", // seen in the wild; stored as image/jpeg
	"image/gif":     "gif",
	"image/svg+xml": "svg",
}

// image writes an image: a data: URI becomes an attachment, an http(s) URL an external image,
// and anything else (a local path, another scheme) its alt text. Local files are never read:
// publishing them would send data nobody reviewed.
func (r *renderer) image(n *ast.Image) {
	b := &r.b
	alt := r.altText(n)
	dest := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(n.Destination))))
	var title string
	if n.Title != nil {
		title = r.plain(n.Title)
	}
	open := func() {
		b.WriteString("<ac:image")
		if alt != "" {
			b.WriteString(` ac:alt="`)
			escAttr(b, alt)
			b.WriteString(`"`)
		}
		if title != "" {
			b.WriteString(` ac:title="`)
			escAttr(b, title)
			b.WriteString(`"`)
		}
		b.WriteString(">")
	}
	switch {
	case hasPrefixFold(dest, "data:"):
		if name, ok := r.dataImage(dest, alt); ok {
			open()
			b.WriteString(`<ri:attachment ri:filename="`)
			escAttr(b, name)
			b.WriteString(`"/></ac:image>`)
			return
		}
	case hasPrefixFold(dest, "http://") || hasPrefixFold(dest, "https://"):
		open()
		b.WriteString(`<ri:url ri:value="`)
		escAttr(b, string(util.URLEscape([]byte(dest), false)))
		b.WriteString(`"/></ac:image>`)
		return
	}
	escText(b, alt)
}

// dataImage decodes a data: URI into an attachment and returns its filename. It refuses media
// types other than PNG, JPEG, GIF and SVG, payloads that do not decode, and payloads whose
// bytes are not the declared type.
func (r *renderer) dataImage(uri, alt string) (string, bool) {
	header, payload, ok := strings.Cut(uri[len("data:"):], ",")
	if !ok {
		return "", false
	}
	params := strings.Split(header, ";")
	mime := strings.ToLower(strings.TrimSpace(params[0]))
	ext, ok := imageTypes[mime]
	if !ok {
		return "", false
	}
	if mime == "image/jpg" {
		mime = "image/jpeg"
	}
	isBase64 := false
	for _, p := range params[1:] {
		if strings.EqualFold(strings.TrimSpace(p), "base64") {
			isBase64 = true
		}
	}
	var data []byte
	if isBase64 {
		data = decodeBase64(payload)
	} else if s, err := url.PathUnescape(payload); err == nil {
		data = []byte(s)
	}
	if len(data) == 0 || !looksLike(mime, data) {
		return "", false
	}
	sum := sha256.Sum256(data)
	key := mime + "\x00" + string(sum[:])
	if name, ok := r.images[key]; ok {
		return name, true
	}
	// The index makes the name unique: it is the only part after the last '-' and differs
	// for every attachment.
	name := fileBase(alt) + "-" + strconv.Itoa(len(r.attachments)+1) + "." + ext
	r.images[key] = name
	r.attachments = append(r.attachments, Attachment{Filename: name, ContentType: mime, Data: data})
	return name, true
}

func decodeBase64(s string) []byte {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if d, err := enc.DecodeString(s); err == nil {
			return d
		}
	}
	return nil
}

// looksLike checks the magic bytes of data against mime, so a payload labelled as an image
// that is something else (HTML, an executable) is not uploaded under an image name.
func looksLike(mime string, data []byte) bool {
	switch mime {
	case "image/png":
		return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
	case "image/jpeg":
		return bytes.HasPrefix(data, []byte("\xff\xd8\xff"))
	case "image/gif":
		return bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a"))
	case "image/svg+xml":
		return bytes.Contains(data[:min(len(data), 4096)], []byte("<svg"))
	}
	return false
}

// fileBase makes an attachment name from alt text: ASCII letters, digits, '.', '_' and '-',
// other runs as one '-', at most 40 bytes; "image" when nothing is left.
func fileBase(alt string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(alt) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.'
		if !ok {
			if b.Len() > 0 {
				dash = true
			}
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(c)
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), ".-_")
	if s == "" {
		return "image"
	}
	return s
}
