package export

import "unicode"

// Arabic contextual shaping. fpdf has no OpenType shaping (no GSUB): it draws
// one glyph per rune, so Arabic letters would print unjoined in their
// isolated forms. Instead every letter is replaced by the code point of the
// form its neighbours call for — Arabic Presentation Forms-B (U+FE70–FEFF),
// and Forms-A (U+FB50–FDFF) for the Persian/Urdu letters DejaVu Sans has —
// and lam + alef by the lam-alef ligature. This runs on logical order,
// before bidi.go reverses right-to-left runs for drawing.
//
// Not covered: letters without presentation forms in DejaVu (e.g. U+063B–063F,
// alef wasla, heh goal, yeh barree) print isolated and break the join; no
// optional ligatures (lam-meem, Allah), no kashida justification, and marks
// keep the font's default placement (bidi.go draws them before their letter).

type joining uint8

const (
	joinNone        joining = iota // U: never joins
	joinRight                      // R: joins the preceding letter only
	joinDual                       // D: joins both sides
	joinCausing                    // C: tatweel, ZWJ: join both sides, no forms
	joinTransparent                // T: marks are skipped when looking for neighbours
)

// Form indexes in arabicForms; right-joining letters have no initial and
// medial forms (0).
const (
	formIsol = iota
	formFina
	formInit
	formMedi
)

var arabicForms = map[rune][4]rune{
	0x0622: {0xFE81, 0xFE82}, // alef with madda above
	0x0623: {0xFE83, 0xFE84}, // alef with hamza above
	0x0624: {0xFE85, 0xFE86}, // waw with hamza above
	0x0625: {0xFE87, 0xFE88}, // alef with hamza below
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E}, // alef
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94}, // teh marbuta
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA}, // dal
	0x0630: {0xFEAB, 0xFEAC}, // thal
	0x0631: {0xFEAD, 0xFEAE}, // reh
	0x0632: {0xFEAF, 0xFEB0}, // zain
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE}, // waw
	0x0649: {0xFEEF, 0xFEF0}, // alef maksura
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},

	// Persian and Urdu letters with Forms-A glyphs in DejaVu Sans.
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69}, // tteh
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, // peh
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, // tcheh
	0x0688: {0xFB88, 0xFB89},                 // ddal
	0x0691: {0xFB8C, 0xFB8D},                 // rreh
	0x0698: {0xFB8A, 0xFB8B},                 // jeh
	0x06A4: {0xFB6A, 0xFB6B, 0xFB6C, 0xFB6D}, // veh
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, // keheh
	0x06AD: {0xFBD3, 0xFBD4, 0xFBD5, 0xFBD6}, // ng
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, // gaf
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD}, // heh doachashmee
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, // farsi yeh
}

const arabicLam = 0x0644

// lamAlef maps the alef after a lam to the ligature's isolated and final
// forms (the ligature is right-joining).
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

// dejavuHas is the glyph check used for the PDF: every text face falls back
// to DejaVu Sans (pickFace), so a form it has can always be drawn.
func dejavuHas(r rune) bool { return covered(faceSans, r) }

func joinType(r rune, has func(rune) bool) joining {
	switch {
	case r == 0x0640 || r == 0x200D: // tatweel, zero width joiner
		return joinCausing
	case unicode.In(r, unicode.Mn, unicode.Me):
		return joinTransparent
	}
	f, ok := arabicForms[r]
	if !ok {
		return joinNone
	}
	// A letter the font cannot draw in every form is left alone and, so that
	// its neighbours do not reach for it, treated as non-joining.
	for _, g := range f {
		if g != 0 && !has(g) {
			return joinNone
		}
	}
	if f[formInit] == 0 {
		return joinRight
	}
	return joinDual
}

func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}

// shapeArabic returns rs, in logical order, with each Arabic letter replaced
// by its final, initial or medial presentation form when it joins a
// neighbour (isolated letters keep their code point: same glyph, plainer text
// layer). A lam followed by an alef becomes the lam-alef ligature; the alef's
// slot is then 0. has reports whether the font has a glyph. The result has
// len(rs) entries.
func shapeArabic(rs []rune, has func(rune) bool) []rune {
	out := append([]rune(nil), rs...)
	types := make([]joining, len(rs))
	for i, r := range rs {
		types[i] = joinType(r, has)
	}
	joinsLeft := func(t joining) bool { return t == joinDual || t == joinCausing }
	prev := -1 // the last non-transparent rune
	for i := 0; i < len(rs); i++ {
		t := types[i]
		if t == joinTransparent {
			continue
		}
		if t != joinDual && t != joinRight {
			prev = i
			continue
		}
		next := i + 1
		for next < len(rs) && types[next] == joinTransparent {
			next++
		}
		joinsPrev := prev >= 0 && joinsLeft(types[prev])
		if rs[i] == arabicLam && next < len(rs) && types[next] == joinRight {
			if lig, ok := lamAlef[rs[next]]; ok && has(lig[0]) && has(lig[1]) {
				out[i] = lig[0]
				if joinsPrev {
					out[i] = lig[1]
				}
				out[next] = 0
				prev, i = next, next // the ligature ends right-joining, like the alef
				continue
			}
		}
		joinsNext := t == joinDual && next < len(rs) && types[next] != joinNone
		f := arabicForms[rs[i]]
		switch {
		case joinsPrev && joinsNext:
			out[i] = f[formMedi]
		case joinsPrev:
			out[i] = f[formFina]
		case joinsNext:
			out[i] = f[formInit]
		}
		prev = i
	}
	return out
}

// shapeString is shapeArabic on a string, ligated alefs dropped.
func shapeString(s string, has func(rune) bool) string {
	if !hasArabic(s) {
		return s
	}
	var b []rune
	for _, r := range shapeArabic([]rune(s), has) {
		if r != 0 {
			b = append(b, r)
		}
	}
	return string(b)
}

// shapeRuns shapes a paragraph's runs as one text, so that a word whose
// letters change style (a bold prefix, a link) stays joined. A hard break
// separates like a space.
func shapeRuns(runs []run) []run {
	found := false
	for _, rn := range runs {
		if hasArabic(rn.text) {
			found = true
			break
		}
	}
	if !found {
		return runs
	}
	var rs []rune
	var owner []int
	for i, rn := range runs {
		if rn.brk {
			rs, owner = append(rs, '\n'), append(owner, i)
			continue
		}
		for _, r := range rn.text {
			rs, owner = append(rs, r), append(owner, i)
		}
	}
	shaped := shapeArabic(rs, dejavuHas)
	out := append([]run(nil), runs...)
	texts := make([][]rune, len(runs))
	for k, r := range shaped {
		if r != 0 && !runs[owner[k]].brk {
			texts[owner[k]] = append(texts[owner[k]], r)
		}
	}
	for i := range out {
		if !out[i].brk {
			out[i].text = string(texts[i])
		}
	}
	return out
}
