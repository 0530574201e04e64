package logs

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// TestSanitizerMatchesReference checks the sanitizer (fast path included) against a rune-by-rune
// reference on random mixes of ASCII, valid multi-byte runes and invalid bytes, read through
// readers that cut the input anywhere.
func TestSanitizerMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := [][]byte{[]byte("plain ascii text "), []byte("\n"), []byte("é"), []byte("日本"), []byte("😀"),
		{0xff}, {0xc3}, {0xe6, 0x97}, {0xf0, 0x9f, 0x98}, {0x80}, {0xed, 0xa0, 0x80}}
	for iter := range 300 {
		var in []byte
		for k := r.IntN(400); k > 0; k-- {
			in = append(in, pieces[r.IntN(len(pieces))]...)
		}
		var want []byte
		var wantInvalid int64
		for i := 0; i < len(in); {
			ru, size := utf8.DecodeRune(in[i:])
			if ru == utf8.RuneError && size == 1 {
				want = append(want, replacement...)
				wantInvalid++
			} else {
				want = append(want, in[i:i+size]...)
			}
			i += size
		}
		for name, wrap := range map[string]func(io.Reader) io.Reader{
			"whole": func(r io.Reader) io.Reader { return r },
			"byte":  iotest.OneByteReader,
			"half":  iotest.HalfReader,
		} {
			var invalid int64
			got, err := io.ReadAll(transform.NewReader(wrap(bytes.NewReader(in)), &sanitizer{invalid: &invalid}))
			if err != nil {
				t.Fatalf("iter %d %s: %v", iter, name, err)
			}
			if !bytes.Equal(got, want) || invalid != wantInvalid {
				t.Fatalf("iter %d %s: input %q\ngot  %q (%d invalid)\nwant %q (%d invalid)", iter, name, in, got, invalid, want, wantInvalid)
			}
		}
	}
}
