package export

import (
	_ "embed"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// The fonts are embedded so that the PDF never depends on what the user's
// system has installed; fpdf subsets them, so a document only carries the
// glyphs it uses. Licenses: fonts/LICENSE-*.txt.
//
// Never hand these slices to fpdf directly: it modifies the font bytes it is
// given (see pdfDoc.use).
var (
	//go:embed fonts/DejaVuSans.ttf
	ttfSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	ttfSansB []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	ttfSansI []byte
	//go:embed fonts/DejaVuSans-BoldOblique.ttf
	ttfSansBI []byte
	//go:embed fonts/DejaVuSansMono.ttf
	ttfMono []byte
	//go:embed fonts/DejaVuSansMono-Bold.ttf
	ttfMonoB []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	ttfCJK []byte
	//go:embed fonts/NanumSquareR.ttf
	ttfHangul []byte
)

type face int

const (
	faceSans face = iota
	faceSansB
	faceSansI
	faceSansBI
	faceMono
	faceMonoB
	faceCJK    // Droid Sans Fallback: CJK and other scripts DejaVu lacks
	faceHangul // NanumSquare: the Hangul syllables Droid Sans Fallback lacks
	numFaces
)

var faceInfo = [numFaces]struct {
	ttf           *[]byte
	family, style string
}{
	faceSans:   {&ttfSans, "dejavu", ""},
	faceSansB:  {&ttfSansB, "dejavu", "B"},
	faceSansI:  {&ttfSansI, "dejavu", "I"},
	faceSansBI: {&ttfSansBI, "dejavu", "BI"},
	faceMono:   {&ttfMono, "dejavumono", ""},
	faceMonoB:  {&ttfMonoB, "dejavumono", "B"},
	faceCJK:    {&ttfCJK, "droid", ""},
	faceHangul: {&ttfHangul, "nanum", ""},
}

func fontBytes(fc face) []byte { return *faceInfo[fc].ttf }

// coverage is the set of BMP runes a face has a glyph for, read from the
// font's cmap once per process. fpdf encodes text as 2-byte CIDs, so runes
// above U+FFFF can never be drawn and are not tracked.
type coverage struct {
	once sync.Once
	bits []uint64
}

var coverages [numFaces]coverage

func covered(fc face, r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	c := &coverages[fc]
	c.once.Do(func() {
		c.bits = make([]uint64, 0x10000/64)
		f, err := sfnt.Parse(fontBytes(fc))
		if err != nil {
			panic("export: parse embedded font: " + err.Error())
		}
		var buf sfnt.Buffer
		for r := rune(0x20); r <= 0xFFFF; r++ {
			if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
				c.bits[r/64] |= 1 << (uint(r) % 64)
			}
		}
	})
	return c.bits[r/64]&(1<<(uint(r)%64)) != 0
}
