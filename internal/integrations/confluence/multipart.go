package confluence

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"net/textproto"
)

// multipartFile builds the upload body once, so a retry re-sends the same bytes (and hash).
func multipartFile(name, contentType string, data []byte) ([]byte, string, error) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	if _, _, err := mime.ParseMediaType(contentType); err != nil {
		return nil, "", fmt.Errorf("content type %q: %w", contentType, err)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name}))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(data); err != nil {
		return nil, "", err
	}
	// A minor edit does not notify the page's watchers about each attachment.
	if err := w.WriteField("minorEdit", "true"); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}
