package logs

import (
	"bufio"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names stored in log_file_meta.encoding.
const (
	EncUTF8        = "utf-8"
	EncUTF16LE     = "utf-16le"
	EncUTF16BE     = "utf-16be"
	EncWindows1252 = "windows-1252"
)

// detectEncoding picks the encoding of a text from its first bytes: a BOM decides; otherwise
// valid UTF-8 is UTF-8, and so is input with invalid bytes that also holds at least one valid
// multi-byte UTF-8 sequence (Latin-1 text practically never does; the invalid bytes are then
// replaced and counted); anything else is Windows-1252 (a superset of the printable Latin-1).
func detectEncoding(sample []byte, atEOF bool) string {
	switch {
	case len(sample) >= 3 && sample[0] == 0xEF && sample[1] == 0xBB && sample[2] == 0xBF:
		return EncUTF8
	case len(sample) >= 2 && sample[0] == 0xFF && sample[1] == 0xFE:
		return EncUTF16LE
	case len(sample) >= 2 && sample[0] == 0xFE && sample[1] == 0xFF:
		return EncUTF16BE
	}
	s := sample
	if !atEOF { // the sample may end inside a rune
		for i := len(s) - 1; i >= 0 && i >= len(s)-3; i-- {
			if utf8.RuneStart(s[i]) {
				if !utf8.FullRune(s[i:]) {
					s = s[:i]
				}
				break
			}
		}
	}
	if utf8.Valid(s) {
		return EncUTF8
	}
	multi := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r != utf8.RuneError || size > 1 {
			multi++
		}
		i += size
	}
	if multi > 0 {
		return EncUTF8
	}
	return EncWindows1252
}

// decoder returns r converted from enc to valid UTF-8 (a BOM is dropped). For UTF-8 input,
// invalid sequences become U+FFFD and are counted in *invalid.
func decoder(enc string, r *bufio.Reader, invalid *int64) (io.Reader, error) {
	switch enc {
	case EncUTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()), nil
	case EncUTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()), nil
	case EncWindows1252:
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	}
	if b, _ := r.Peek(3); len(b) == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		if _, err := r.Discard(3); err != nil {
			return nil, err
		}
	}
	return transform.NewReader(r, &sanitizer{invalid: invalid}), nil
}

// sanitizer is a transform.Transformer that copies valid UTF-8 and replaces each invalid byte
// with U+FFFD, counting the replacements.
type sanitizer struct {
	transform.NopResetter
	invalid *int64
}

const replacement = "\uFFFD"

func (s *sanitizer) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	// Fast path: a valid prefix (the whole src, usually) is copied as is. It stops before a rune
	// that is cut by the end of src or dst; the loop below handles that rune and anything invalid.
	n := min(len(src), len(dst))
	for i := n - 1; i >= 0 && i >= n-3; i-- {
		if utf8.RuneStart(src[i]) {
			if !utf8.FullRune(src[i:n]) {
				n = i
			}
			break
		}
	}
	if utf8.Valid(src[:n]) {
		nDst = copy(dst, src[:n])
		nSrc = n
	}
	for nSrc < len(src) {
		b := src[nSrc]
		if b < utf8.RuneSelf {
			// copy the ASCII run in one go
			end := nSrc + 1
			for end < len(src) && src[end] < utf8.RuneSelf && end-nSrc < len(dst)-nDst {
				end++
			}
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], src[nSrc:end])
			nSrc = end
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if len(dst)-nDst < len(replacement) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], replacement)
			nSrc++
			*s.invalid++
			continue
		}
		if len(dst)-nDst < size {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		nSrc += size
	}
	return nDst, nSrc, nil
}

// isBinary reports whether decoded text looks binary: a NUL, or more than 30% control
// characters other than tab, line breaks, form feed and escape (ANSI colours).
func isBinary(text []byte) bool {
	var runes, ctrl int
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		i += size
		runes++
		switch {
		case r == 0:
			return true
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == 0x1b:
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			ctrl++
		}
	}
	return runes > 0 && ctrl*10 > runes*3
}
