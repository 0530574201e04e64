package export

import "unicode"

// Minimal bidi for left-to-right documents: fpdf draws runes in the order it
// gets them, so runs of right-to-left words (Hebrew, Arabic) are reversed
// into visual order per line. Arabic is shaped before this, in logical order
// (shape.go). Digits inside an RTL run and mirrored brackets are not
// handled. The PDF's text layer holds the runes in visual order.

type direction int

const (
	dirNeutral direction = iota
	dirLTR
	dirRTL
)

func runeDir(r rune) direction {
	switch {
	case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		if unicode.IsLetter(r) {
			return dirRTL
		}
		return dirNeutral
	case unicode.IsLetter(r):
		return dirLTR
	}
	return dirNeutral
}

func wordDir(w word) direction {
	for _, b := range w.boxes {
		for _, r := range b.text {
			if d := runeDir(r); d != dirNeutral {
				return d
			}
		}
	}
	return dirNeutral
}

// visualOrder returns ln with right-to-left runs reversed; ln itself is not
// modified. A neutral word (numbers, punctuation) joins a run only between
// two RTL words.
func visualOrder(ln []word) []word {
	dirs := make([]direction, len(ln))
	any := false
	for i, w := range ln {
		dirs[i] = wordDir(w)
		any = any || dirs[i] == dirRTL
	}
	if !any {
		return ln
	}
	out := make([]word, 0, len(ln))
	for i := 0; i < len(ln); {
		if dirs[i] != dirRTL {
			out = append(out, ln[i])
			i++
			continue
		}
		j, end := i, i+1 // run is ln[i:end]
		for j = i + 1; j < len(ln) && dirs[j] != dirLTR; j++ {
			if dirs[j] == dirRTL {
				end = j + 1
			}
		}
		run := ln[i:end]
		n := len(run)
		for k := range n {
			w := run[n-1-k]
			if dirs[i+n-1-k] == dirRTL {
				w = reverseWord(w) // numbers keep their digit order
			}
			if k == 0 {
				w.space = run[0].space
			} else {
				w.space = run[n-k].space
			}
			out = append(out, w)
		}
		i = end
	}
	return out
}

func reverseWord(w word) word {
	bs := make([]box, len(w.boxes))
	for i, b := range w.boxes {
		b.text = reverseClusters(b.text)
		bs[len(bs)-1-i] = b
	}
	w.boxes = bs
	return w
}

// reverseClusters reverses s keeping combining marks after their base, except
// after an Arabic letter: DejaVu's Arabic marks have no advance and sit right
// of the pen, so drawn before their base they land on it, not on the letter
// to its right (fpdf has no mark positioning).
func reverseClusters(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for end := len(rs); end > 0; {
		start := end - 1
		for start > 0 && unicode.Is(unicode.Mn, rs[start]) {
			start--
		}
		if end-start > 1 && isArabic(rs[start]) {
			out = append(append(out, rs[start+1:end]...), rs[start])
		} else {
			out = append(out, rs[start:end]...)
		}
		end = start
	}
	return string(out)
}

func isArabic(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}
