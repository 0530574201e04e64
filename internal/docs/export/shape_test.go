package export

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// codes renders runes as U+XXXX for readable diffs.
func codes(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, fmt.Sprintf("%U", r))
	}
	return out
}

func TestShapeArabic(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []rune
	}{
		// qaf init, alef fina (alef never joins the next letter), ain init, dal fina, teh marbuta isolated.
		{"qaida", "قاعدة", []rune{0xFED7, 0xFE8E, 0xFECB, 0xFEAA, 0x0629}},
		{"salam with lam-alef", "سلام", []rune{0xFEB3, 0xFEFC, 0x0645}},
		{"lam-alef isolated", "لا", []rune{0xFEFB}},
		{"lam-alef hamza above", "لأن", []rune{0xFEF7, 0x0646}},
		{"lam-alef hamza below", "إلإ", []rune{0x0625, 0xFEF9}},
		{"lam-alef madda", "لآن", []rune{0xFEF5, 0x0646}},
		// alef isolated, lam init, lam medi, heh fina.
		{"allah", "الله", []rune{0x0627, 0xFEDF, 0xFEE0, 0xFEEA}},
		{"al-bayanat", "البيانات", []rune{0x0627, 0xFEDF, 0xFE92, 0xFEF4, 0xFE8E, 0xFEE7, 0xFE8E, 0x062A}},
		// Harakat are transparent: they keep their code point and do not break the join.
		{"harakat", "كَتَبَ", []rune{0xFEDB, 0x064E, 0xFE98, 0x064E, 0xFE90, 0x064E}},
		{"shadda and superscript alef", "الرَّحْمٰن", []rune{0x0627, 0xFEDF, 0xFEAE, 0x064E, 0x0651, 0xFEA3, 0x0652, 0xFEE4, 0x0670, 0xFEE6}},
		{"lam mark alef still ligates", "لَا", []rune{0xFEFB, 0x064E}},
		{"word then latin and digits", "قاعدة-db42", []rune{0xFED7, 0xFE8E, 0xFECB, 0xFEAA, 0x0629, '-', 'd', 'b', '4', '2'}},
		{"latin glued before", "v2في", []rune{'v', '2', 0xFED3, 0xFEF2}},
		{"digit inside breaks the join", "ب2ب", []rune{0x0628, '2', 0x0628}},
		{"single letter", "ب", []rune{0x0628}},
		{"single right-joining letter", "و", []rune{0x0648}},
		{"two words", "في قاعدة", []rune{0xFED3, 0xFEF2, ' ', 0xFED7, 0xFE8E, 0xFECB, 0xFEAA, 0x0629}},
		// Tatweel joins on both sides, so a lone letter between tatweels is medial.
		{"tatweel", "ـبـ", []rune{0x0640, 0xFE92, 0x0640}},
		{"tatweel inside a word", "كـتـاب", []rune{0xFEDB, 0x0640, 0xFE98, 0x0640, 0xFE8E, 0x0628}},
		{"zero width joiner", "ب\u200d", []rune{0xFE91, 0x200D}},
		{"zero width non-joiner", "ب\u200cب", []rune{0x0628, 0x200C, 0x0628}},
		{"hamza does not join", "سماء", []rune{0xFEB3, 0xFEE4, 0xFE8E, 0x0621}},
		{"teh marbuta and alef maksura", "مدرسة على", []rune{0xFEE3, 0xFEAA, 0x0631, 0xFEB3, 0xFE94, ' ', 0xFECB, 0xFEE0, 0xFEF0}},
		// Persian letters shaped with Forms-A.
		{"persian", "پایگاه", []rune{0xFB58, 0xFE8E, 0xFBFE, 0xFB95, 0xFE8E, 0x0647}},
		{"persian keheh and yeh", "یک", []rune{0xFBFE, 0xFB8F}},
		{"persian jeh is right-joining", "مژگان", []rune{0xFEE3, 0xFB8B, 0xFB94, 0xFE8E, 0x0646}},
		// Letters outside the table stay and do not join: keheh with a dot (U+063B) has no presentation forms.
		{"unknown letter", "بػب", []rune{0x0628, 0x063B, 0x0628}},
		{"hebrew untouched", "שלום", []rune("שלום")},
		{"latin untouched", "user_id_field", []rune("user_id_field")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := shapeString(tc.in, dejavuHas)
			if diff := cmp.Diff(codes(string(tc.want)), codes(got)); diff != "" {
				t.Errorf("shapeString(%q) (-want +got):\n%s", tc.in, diff)
			}
			// The text layer extracts what is drawn: compatibility
			// normalisation must give the input back.
			if a, b := norm.NFKC.String(tc.in), norm.NFKC.String(got); a != b && !strings.Contains(tc.name, "mark alef") {
				t.Errorf("NFKC(shaped) = %q, want %q", b, a)
			}
		})
	}
}

// A form the font lacks is never used: the letter stays as it is and does
// not join, and a missing ligature falls back to lam and alef forms.
func TestShapeArabicMissingGlyphs(t *testing.T) {
	none := func(rune) bool { return false }
	if got := shapeString("قاعدة سلام", none); got != "قاعدة سلام" {
		t.Errorf("with no glyphs: %q, want the input", got)
	}
	noLig := func(r rune) bool { return (r < 0xFEF5 || r > 0xFEFC) && dejavuHas(r) }
	want := []rune{0xFEB3, 0xFEE0, 0xFE8E, 0x0645}
	if diff := cmp.Diff(codes(string(want)), codes(shapeString("سلام", noLig))); diff != "" {
		t.Errorf("without lam-alef ligatures (-want +got):\n%s", diff)
	}
	noBeh := func(r rune) bool { return r != 0xFE91 && dejavuHas(r) } // beh initial missing
	want = []rune{0x0628, 0x0627, 0x062F}                             // beh untouched, alef and dal isolated
	if diff := cmp.Diff(codes(string(want)), codes(shapeString("باد", noBeh))); diff != "" {
		t.Errorf("without beh's initial form (-want +got):\n%s", diff)
	}
}

// Every form in the tables is the one its Unicode name says, and DejaVu
// Sans (the face every style falls back to) has it.
func TestArabicFormsTable(t *testing.T) {
	pos := [4]string{"ISOLATED", "FINAL", "INITIAL", "MEDIAL"}
	for base, fs := range arabicForms {
		letter := strings.TrimPrefix(runenames.Name(base), "ARABIC LETTER ")
		for k, f := range fs {
			if f == 0 {
				if k < formInit {
					t.Errorf("%U: no %s form", base, pos[k])
				}
				continue
			}
			if want, got := "ARABIC LETTER "+letter+" "+pos[k]+" FORM", runenames.Name(f); got != want {
				t.Errorf("%U %s: %U is %q, want %q", base, pos[k], f, got, want)
			}
			if !dejavuHas(f) {
				t.Errorf("%U %s: DejaVu Sans lacks %U", base, pos[k], f)
			}
		}
		if fs[formInit] == 0 && fs[formMedi] != 0 {
			t.Errorf("%U: medial form without an initial one", base)
		}
	}
	for alef, lig := range lamAlef {
		a := strings.TrimPrefix(runenames.Name(alef), "ARABIC LETTER ")
		for k, f := range lig {
			if want, got := "ARABIC LIGATURE LAM WITH "+a+" "+pos[k]+" FORM", runenames.Name(f); got != want {
				t.Errorf("lam + %U: %U is %q, want %q", alef, f, got, want)
			}
		}
	}
}

func testDoc() *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	return &pdfDoc{f: f, curFace: -1, widths: map[widthKey]float64{}}
}

func flatWords(ws []word) []string {
	var out []string
	for _, w := range ws {
		var b strings.Builder
		for _, bx := range w.boxes {
			b.WriteString(bx.text)
		}
		out = append(out, b.String())
	}
	return out
}

// Shaping happens in logical order, before the bidi pass reverses the run:
// the drawn words are the shaped words, reversed.
func TestShapeBeforeBidi(t *testing.T) {
	d := testDoc()
	ws := d.words([]run{{text: "Error في قاعدة البيانات 42"}}, bodySize)
	got := flatWords(visualOrder(ws))
	want := []string{
		"Error",
		string([]rune{0x062A, 0xFE8E, 0xFEE7, 0xFE8E, 0xFEF4, 0xFE92, 0xFEDF, 0x0627}), // البيانات
		string([]rune{0x0629, 0xFEAA, 0xFECB, 0xFE8E, 0xFED7}),                         // قاعدة
		string([]rune{0xFEF2, 0xFED3}),                                                 // في
		"42",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("visual line (-want +got):\n%s", diff)
	}
	// Widths are measured on the shaped text.
	if w := d.measure(faceSans, bodySize, want[2]); ws[2].w != w {
		t.Errorf("width of قاعدة = %.3f, want the shaped width %.3f", ws[2].w, w)
	}
}

// A word whose letters change style stays joined; a hard break separates.
func TestShapeRunsAcrossStyles(t *testing.T) {
	bold := style{bold: true}
	got := shapeRuns([]run{{text: "كت", st: bold}, {text: "اب"}, {brk: true}, {text: "ب"}, {text: "ب", st: bold}})
	want := []run{
		{text: string([]rune{0xFEDB, 0xFE98}), st: bold},
		{text: string([]rune{0xFE8E, 0x0628})},
		{brk: true},
		{text: string([]rune{0xFE91})},
		{text: string([]rune{0xFE90}), st: bold},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(run{}, style{})); diff != "" {
		t.Errorf("shapeRuns (-want +got):\n%s", diff)
	}
	ligGot := shapeRuns([]run{{text: "سل", st: bold}, {text: "ام"}})
	ligWant := []run{{text: string([]rune{0xFEB3, 0xFEFC}), st: bold}, {text: "م"}}
	if diff := cmp.Diff(ligWant, ligGot, cmp.AllowUnexported(run{}, style{})); diff != "" {
		t.Errorf("lam-alef across runs (-want +got):\n%s", diff)
	}
}
