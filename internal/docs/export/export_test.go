package export

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

var sampleOut = flag.String("sample", "", "write the sample document's PDF to this path")

var fixed = Meta{Subject: "RCA", Author: "TFTSR", Created: time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)}

func sample(t testing.TB) string {
	t.Helper()
	return readTestdata(t, "sample.md")
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pdfText extracts the text layer with poppler's pdftotext.
func pdfText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), in, "-")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

func TestWriteSample(t *testing.T) {
	if *sampleOut == "" {
		return
	}
	pdf, err := PDF("Database outage 2026-03-14 — root cause analysis", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*sampleOut, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", *sampleOut, len(pdf))
	h, err := HTML("Database outage 2026-03-14 — root cause analysis", sample(t)+"\n"+hostile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(*sampleOut, ".pdf")+".html", h, 0o644); err != nil {
		t.Fatal(err)
	}
	ar, err := PDF("", readTestdata(t, "arabic.md"), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(*sampleOut, ".pdf")+"-arabic.pdf", ar, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPDFTextLayer(t *testing.T) {
	pdf, err := PDF("Database outage 2026-03-14 — root cause analysis", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfText(t, pdf)
	for _, want := range []string{
		"user_id_field", "__init__", "→", "Ελληνικά", "Русский", "数据库连接池耗尽", "データベース",
		"데이터베이스", "<script>alert(\"x\")</script>", "KeyError when missing",
		"SELECT user_id_field FROM users WHERE id = 42;", "db_primary_down",
		"Page 1 of", "☑", "☐", "Backfill", "[U+1F525]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("text layer lacks %q", want)
		}
	}
	// bidi.go draws RTL words in visual order; poppler reads them back in
	// logical order. Arabic is drawn (so extracted) as presentation forms,
	// which NFKC maps back to the letters.
	arabic := norm.NFKC.String(got)
	for _, want := range []string{"قاعدة", "البيانات"} {
		if !strings.Contains(arabic, want) {
			t.Errorf("text layer lacks %q in logical order (after NFKC)", want)
		}
	}
	if want := "מסד נתונים"; !strings.Contains(got, want) {
		t.Errorf("text layer lacks %q in logical order", want)
	}
	// Whatever the order, every letter is there.
	for _, r := range "قاعدة" {
		if !strings.ContainsRune(arabic, r) {
			t.Errorf("text layer lacks %q (%U) after NFKC", r, r)
		}
	}
	for _, r := range "מסדנתונים" {
		if !strings.ContainsRune(got, r) {
			t.Errorf("text layer lacks %q (%U)", r, r)
		}
	}
	flat := strings.Join(strings.Fields(got), "")
	for _, want := range []string{
		"deliberatelylongsothatitmustwrapacrossseverallinesinsideitscolumnratherthanrunningofftheright-handedgeofthepage",
		"Averyveryverylongunbrokenidentifier_with_underscores_that_goes_on_and_on_and_on_without_any_space_at_all_0123456789_abcdefghijklmnopqrstuvwxyz",
		"https://example.com/a/really/long/path/segment/that/keeps/going/and/going/until/it/must/wrap/somewhere/in/the/line?query=value&other=thing",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("text layer lacks (spaces ignored) %q", want)
		}
	}
}

// longRCA builds a realistic RCA of roughly pages*1 A4 pages: prose,
// timeline tables, code, lists.
func longRCA(sections int) string {
	var b strings.Builder
	b.WriteString("# Checkout outage — root cause analysis\n\n")
	for i := 1; i <= sections; i++ {
		fmt.Fprintf(&b, "## Section %d: findings for service_%d\n\n", i, i)
		for p := 0; p < 3; p++ {
			fmt.Fprintf(&b, "During window %d the `payment_gateway` retried requests → the queue depth for `order_events_%d` grew "+
				"past its limit. Operators saw **elevated latency** and *intermittent* 502s; see https://grafana.example.com/d/abc%d. "+
				"Ελληνικά, Русский, 数据库 and user_id_field all appear in real incident notes.\n\n", p, i, i)
		}
		b.WriteString("| Time | Event | Owner |\n|---|---|---|\n")
		for r := 0; r < 6; r++ {
			fmt.Fprintf(&b, "| 10:%02d | Step %d of the failover for service_%d: replica lag measured, traffic shifted, alerts acknowledged | SRE |\n", r*7, r, i)
		}
		b.WriteString("\n```go\n")
		for l := 0; l < 8; l++ {
			fmt.Fprintf(&b, "if err := client.Retry(ctx, \"order_events_%d\", %d); err != nil { return fmt.Errorf(\"retry: %%w\", err) }\n", i, l)
		}
		b.WriteString("```\n\n")
		b.WriteString("- [x] Mitigated\n- [ ] Add alert on queue depth\n  - nested follow-up\n\n")
	}
	return b.String()
}

var (
	outlineTitleRE = regexp.MustCompile(`<</Title \(((?:\\.|[^\\)])*)\)\s*/Parent`)
	footerRE       = regexp.MustCompile(`(?m)^Page \d+ of \d+$`)
	pageCountRE    = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)
	wordRE         = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
	pageBoxRE      = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
)

// outline returns the bookmark titles in document order.
func outline(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, m := range outlineTitleRE.FindAllSubmatch(pdf, -1) {
		var raw []byte
		s := m[1]
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
				switch s[i] {
				case 'r':
					raw = append(raw, '\r')
				case 'n':
					raw = append(raw, '\n')
				default:
					raw = append(raw, s[i])
				}
				continue
			}
			raw = append(raw, s[i])
		}
		raw = bytes.TrimPrefix(raw, []byte{0xFE, 0xFF})
		u := make([]uint16, len(raw)/2)
		for i := range u {
			u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return out
}

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	m := pageCountRE.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no /Pages /Count in the PDF")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// checkInsideMargins fails if any word of the text layer lies outside the
// page's text area (the old exporter let rows run off the page).
func checkInsideMargins(t *testing.T, pdf []byte) {
	t.Helper()
	bbox := pdfText(t, pdf, "-bbox")
	pm := pageBoxRE.FindStringSubmatch(bbox)
	if pm == nil {
		t.Fatal("pdftotext -bbox: no page box")
	}
	w, _ := strconv.ParseFloat(pm[1], 64)
	h, _ := strconv.ParseFloat(pm[2], 64)
	const mm = 72 / 25.4
	words := wordRE.FindAllStringSubmatch(bbox, -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox: no words")
	}
	for _, m := range words {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		y1, _ := strconv.ParseFloat(m[4], 64)
		if x0 < marginL*mm-1 || x1 > w-marginR*mm+1 || y1 > h-5*mm {
			t.Errorf("word at x %.1f–%.1f, y %.1f lies outside the text area (page %.0fx%.0f)", x0, x1, y1, w, h)
		}
	}
}

func TestPDFStaysInsideMargins(t *testing.T) {
	pdf, err := PDF("Sample", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkInsideMargins(t, pdf)
}

func TestPDFOutline(t *testing.T) {
	md := "# Incident 42\n\nintro\n\n## Summary\n\ntext\n\n### Détails → more\n\ntext\n\n## Timeline\n\n#### Deep heading after a skip\n\ntext\n\n## 数据库 user_id_field\n"
	pdf, err := PDF("Incident 42", md, fixed)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Incident 42", "Summary", "Détails → more", "Timeline", "Deep heading after a skip", "数据库 user_id_field"}
	if diff := cmp.Diff(want, outline(t, pdf)); diff != "" {
		t.Errorf("outline (-want +got):\n%s", diff)
	}
	// The first H1 equals the title: printed once.
	if n := strings.Count(pdfText(t, pdf), "Incident 42"); n != 1 {
		t.Errorf("title printed %d times, want 1", n)
	}
}

func TestPDFPagesGrowAndFooter(t *testing.T) {
	short, err := PDF("Short", "one paragraph", fixed)
	if err != nil {
		t.Fatal(err)
	}
	long, err := PDF("Long", longRCA(25), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if got := pageCount(t, short); got != 1 {
		t.Errorf("short doc: %d pages, want 1", got)
	}
	n := pageCount(t, long)
	if n < 20 {
		t.Fatalf("long doc: %d pages, want at least 20", n)
	}
	last := pdfText(t, long, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n))
	if want := fmt.Sprintf("Page %d of %d", n, n); !strings.Contains(last, want) {
		t.Errorf("last page lacks footer %q:\n%s", want, last)
	}
	if !strings.Contains(pdfText(t, short), "Page 1 of 1") {
		t.Error("short doc lacks footer Page 1 of 1")
	}
	checkInsideMargins(t, long)
}

func TestPDFTableLongCellWraps(t *testing.T) {
	var cell strings.Builder
	for i := range 400 {
		fmt.Fprintf(&cell, "word%d ", i)
	}
	cell.WriteString("Averyveryverylongtokenwithoutspaces_" + strings.Repeat("x", 300) + "_end")
	md := "| key | value |\n|---|---|\n| user_id_field | " + cell.String() + " |\n| short | row |\n"
	pdf, err := PDF("Table", md, fixed)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfText(t, pdf)
	flat := strings.Join(strings.Fields(got), "")
	if want := strings.ReplaceAll(cell.String(), " ", ""); !strings.Contains(flat, want) {
		t.Error("long cell text not fully present in order")
	}
	for _, w := range []string{"user_id_field", "short", "row"} {
		if !strings.Contains(got, w) {
			t.Errorf("table text lacks %q", w)
		}
	}
	checkInsideMargins(t, pdf)
}

func TestPDFTableRowSplitsAcrossPagesWithHeader(t *testing.T) {
	var cell strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&cell, "w%d ", i)
	}
	md := "| Heading_A | Heading_B |\n|---|---|\n| a | " + cell.String() + " |\n"
	pdf, err := PDF("T", md, fixed)
	if err != nil {
		t.Fatal(err)
	}
	n := pageCount(t, pdf)
	if n < 2 {
		t.Fatalf("%d pages, want the row split over at least 2", n)
	}
	p2 := pdfText(t, pdf, "-f", "2", "-l", "2")
	if !strings.Contains(p2, "Heading_A") {
		t.Error("header row not repeated on page 2")
	}
	body := footerRE.ReplaceAllString(pdfText(t, pdf, "-raw"), "")
	flat := strings.Join(strings.Fields(body), "")
	flat = strings.ReplaceAll(flat, "Heading_AHeading_B", "")
	if want := strings.ReplaceAll(cell.String(), " ", ""); !strings.Contains(flat, want) {
		t.Error("split row lost text")
	}
}

func TestPDFLongCodeBlockSpansPages(t *testing.T) {
	var b strings.Builder
	b.WriteString("```\n")
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&b, "line_%03d\tuser_id_field = compute(__init__, %d)\n", i, i)
	}
	b.WriteString("x := \"" + strings.Repeat("0123456789", 40) + "\"\n```\n")
	pdf, err := PDF("Code", b.String(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if n := pageCount(t, pdf); n < 3 {
		t.Errorf("%d pages, want ≥3 for 300 code lines", n)
	}
	got := strings.Join(strings.Fields(footerRE.ReplaceAllString(pdfText(t, pdf, "-raw"), "")), " ")
	last := -1
	for i := 1; i <= 300; i++ {
		want := fmt.Sprintf("line_%03d user_id_field = compute(__init__, %d)", i, i)
		at := strings.Index(got, want)
		if at < 0 {
			t.Fatalf("code line %d missing (want %q)", i, want)
		}
		if at < last {
			t.Fatalf("code line %d out of order", i)
		}
		last = at
	}
	flat := strings.Join(strings.Fields(got), "")
	if !strings.Contains(flat, strings.Repeat("0123456789", 40)) {
		t.Error("long code line cut")
	}
	checkInsideMargins(t, pdf)
}

func TestPDFFontsEmbeddedNoBase14(t *testing.T) {
	pdf, err := PDF("Fonts", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(pdf, []byte("/FontFile2")); n < 3 {
		t.Errorf("%d embedded TrueType font files, want ≥3 (sans, mono, CJK)", n)
	}
	for _, base14 := range []string{"/Helvetica", "/Times", "/Courier", "/Symbol", "/ZapfDingbats"} {
		if bytes.Contains(pdf, []byte(base14)) {
			t.Errorf("PDF references standard font %s", base14)
		}
	}
}

func TestPDFDeterministic(t *testing.T) {
	a, err := PDF("Same", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PDF("Same", sample(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renders with the same Meta.Created differ")
	}
	if !bytes.Contains(a, []byte("D:20260315100000")) {
		t.Error("creation date not from Meta.Created")
	}
}

func TestPDFEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name, title, md string
		want            []string
	}{
		{name: "empty", want: []string{"Page 1 of 1"}},
		{name: "only title", title: "Only_title", want: []string{"Only_title"}},
		{name: "crlf and escapes", md: "a\\_b \\*c\\* &amp; &#x2192;\r\nnext", want: []string{"a_b *c* & →", "next"}},
		{name: "hard break", md: "first  \nsecond", want: []string{"first\nsecond"}},
		{name: "raw html block", md: "<div onclick=\"x()\">\n<p>hi_there</p>\n</div>\n", want: []string{`<div onclick="x()">`, "<p>hi_there</p>"}},
		{name: "image and links", md: "![diagram_1](https://x.example/d.png) [rel](./local) [js](javascript:alert(1))", want: []string{"[image: diagram_1]", "rel", "js"}},
		{name: "control chars", md: "tab\there bell\x07end", want: []string{"tab here bellend"}},
		{name: "deep nesting", md: strings.Repeat("> ", 12) + "deep_quote\n\n" + nestedList(15), want: []string{"deep_quote", "item_14"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := PDF(tc.title, tc.md, fixed)
			if err != nil {
				t.Fatal(err)
			}
			got := pdfText(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("text lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestPDFDeepNestingStaysOnPage(t *testing.T) {
	md := strings.Repeat("> ", 40) + "deep_quote " + strings.Repeat("word ", 60) + "\n\n" + nestedList(40) +
		strings.Repeat("  ", 40) + "```\n" + strings.Repeat("code_", 40) + "\n```\n"
	pdf, err := PDF("Deep", md, fixed)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfText(t, pdf)
	for _, w := range []string{"deep_quote", "item_39"} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	checkInsideMargins(t, pdf)
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, "%s- item_%d\n", strings.Repeat("  ", i), i)
	}
	return b.String()
}

func TestPickFace(t *testing.T) {
	for _, tc := range []struct {
		st   style
		r    rune
		want face
	}{
		{style{}, 'a', faceSans},
		{style{}, '→', faceSans},
		{style{}, 'Ж', faceSans},
		{style{}, 'ק', faceSans},
		{style{}, '数', faceCJK},
		{style{bold: true}, '数', faceCJK},
		{style{mono: true}, '_', faceMono},
		{style{mono: true}, '数', faceCJK},
		{style{}, '한', faceHangul},
		{style{bold: true}, '국', faceHangul},
		{style{bold: true, italic: true}, 'x', faceSansBI},
		{style{}, '☐', faceSans},
		{style{}, '☑', faceSans},
	} {
		if got := pickFace(tc.st, tc.r); got != tc.want {
			t.Errorf("pickFace(%+v, %q) = %v, want %v", tc.st, tc.r, got, tc.want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ name, title, md, want string }{
		{"adds title", "RCA 1", "## Summary\r\ntext\r\n", "# RCA 1\n\n## Summary\ntext\n"},
		{"keeps existing title", "RCA 1", "# RCA 1\n\nbody", "# RCA 1\n\nbody\n"},
		{"existing title with closing hashes", "RCA 1", "# RCA 1 #\n\nbody\n\n\n", "# RCA 1 #\n\nbody\n"},
		{"different h1 gets title", "RCA 1", "# Other\n", "# RCA 1\n\n# Other\n"},
		{"old mac line ends", "", "a\rb\r", "a\nb\n"},
		{"underscores kept", "user_id_field", "__init__ → 数据库", "# user_id_field\n\n__init__ → 数据库\n"},
		{"empty", "", "", "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, string(Markdown(tc.title, tc.md))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func BenchmarkPDF(b *testing.B) {
	md := longRCA(55)
	var size int
	for b.Loop() {
		pdf, err := PDF("Checkout outage", md, fixed)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/doc")
}

func BenchmarkHTML(b *testing.B) {
	md := longRCA(55)
	var size int
	for b.Loop() {
		h, err := HTML("Checkout outage", md)
		if err != nil {
			b.Fatal(err)
		}
		size = len(h)
	}
	b.ReportMetric(float64(size), "bytes/doc")
}

func TestConcurrentRenders(t *testing.T) {
	md := sample(t)
	want, err := PDF("T", md, fixed)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := PDF("T", md, fixed)
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent render differs")
			}
			if err == nil {
				_, err = HTML("T", md)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// Korean is drawn with the embedded NanumSquare (Droid Sans Fallback has no Hangul), and only when
// the document has some.
func TestPDFEmbedsHangulFontOnlyWhenUsed(t *testing.T) {
	meta := Meta{Created: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	ko, err := PDF("장애 보고서", "데이터베이스 연결 풀 고갈 → 재시작.\n", meta)
	if err != nil {
		t.Fatal(err)
	}
	en, err := PDF("Report", "Plain text.\n", meta)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ko, []byte("/BaseFont /utf8nanum")) {
		t.Error("the Korean document does not embed NanumSquare")
	}
	if bytes.Contains(en, []byte("/BaseFont /utf8nanum")) {
		t.Error("a document without Hangul embeds NanumSquare")
	}
}

// Arabic is drawn shaped (joined presentation forms); the text layer still
// yields the words once NFKC-normalised.
func TestPDFArabicShaped(t *testing.T) {
	pdf, err := PDF("", readTestdata(t, "arabic.md"), fixed)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfText(t, pdf)
	// قاعدة as drawn: qaf initial, alef final, ain initial, dal final, teh marbuta.
	if shaped := string([]rune{0xFED7, 0xFE8E, 0xFECB, 0xFEAA, 0x0629}); !strings.Contains(got, shaped) {
		t.Errorf("text layer lacks the shaped قاعدة %q:\n%s", shaped, got)
	}
	if strings.Contains(got, "قاعدة") {
		t.Error("قاعدة drawn unshaped")
	}
	if !strings.ContainsRune(got, 0xFEFB) {
		t.Error("no lam-alef ligature drawn")
	}
	nfkc := norm.NFKC.String(got)
	for _, want := range []string{
		"Error", "قاعدة البيانات", "سلام", "لا", "الله", "بِسْمِ", "كـتـاب", "پایگاه", "مژگان", "ٹیبل",
		"جدول الأحداث", "فشل الاتصال بقاعدة البيانات الرئيسية", "كتاب",
	} {
		if !strings.Contains(nfkc, norm.NFKC.String(want)) {
			t.Errorf("NFKC text layer lacks %q", want)
		}
	}
	if !strings.Contains(got, "מסד נתונים") {
		t.Error("Hebrew changed")
	}
	checkInsideMargins(t, pdf)
}
