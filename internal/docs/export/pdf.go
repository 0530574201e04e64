package export

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Meta is the PDF's document information. A non-zero Created fixes the
// creation and modification dates, which makes the output byte-for-byte
// reproducible.
type Meta struct {
	Subject, Author string
	Created         time.Time
}

// Page geometry in mm (A4).
const (
	pageW   = 210.0
	pageH   = 297.0
	marginL = 18.0
	marginR = 18.0
	marginT = 18.0
	marginB = 20.0 // body stops here; the footer sits below
	ptMM    = 25.4 / 72

	bodySize  = 10.0
	codeSize  = 8.5
	tableSize = 9.0
	eps       = 0.01
)

var pdfMarkdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// PDF returns the document as an A4 PDF with embedded, subset Unicode fonts,
// an outline of the headings and a "Page n of N" footer.
func PDF(title, md string, meta Meta) ([]byte, error) {
	src := []byte(normalizeNewlines(md))
	root := pdfMarkdown.Parser().Parse(text.NewReader(src))

	f := fpdf.New("P", "mm", "A4", "")
	f.AliasNbPages("{nb}") // before fonts are added: fpdf sizes its subsets by it
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB) // pagination is ours: rows and code lines split cleanly
	f.SetCellMargin(0)
	created := meta.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created.UTC())
	f.SetModificationDate(created.UTC())
	f.SetCatalogSort(true)
	f.SetTitle(bmp(title), true)
	f.SetSubject(bmp(meta.Subject), true)
	f.SetAuthor(bmp(meta.Author), true)
	f.SetCreator("TFTSR", true)

	d := &pdfDoc{f: f, src: src, left: marginL, width: pageW - marginL - marginR, curFace: -1, outline: -1, widths: map[widthKey]float64{}}
	d.use(faceSans, bodySize)
	f.SetFooterFunc(d.footer)
	f.AddPage()
	d.y = marginT

	first := root.FirstChild()
	title = strings.TrimSpace(title)
	if title != "" {
		d.title(title)
		// The document usually repeats its title as the first H1; print it once.
		if h, ok := first.(*ast.Heading); ok && h.Level == 1 && strings.TrimSpace(plainText(h, src)) == title {
			first = first.NextSibling()
		}
	}
	for n := first; n != nil; n = n.NextSibling() {
		d.block(n)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("export: render pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// bmp replaces runes fpdf cannot encode (above U+FFFF: it writes 2-byte
// CIDs) by their code point, so nothing disappears silently.
func bmp(s string) string {
	for _, r := range s {
		if r > 0xFFFF {
			var b strings.Builder
			for _, r := range s {
				if r > 0xFFFF {
					fmt.Fprintf(&b, "[U+%X]", r)
				} else {
					b.WriteRune(r)
				}
			}
			return b.String()
		}
	}
	return s
}

type style struct {
	bold, italic, mono, strike bool
	raw                        bool   // raw HTML shown as text
	link                       string // clickable target, "" for none
}

// run is inline text in one style; brk is a hard line break.
type run struct {
	text string
	st   style
	brk  bool
}

// box is text drawn in one face; word is an unbreakable sequence of boxes.
type box struct {
	text string
	fc   face
	st   style
	w    float64
}

type word struct {
	boxes []box
	w     float64
	space float64 // width of the space before it (0: glued to the previous word)
	brk   bool
}

type marker struct {
	text string
	fc   face
	x, w float64 // the box the marker is right-aligned in
}

type pdfDoc struct {
	f     *fpdf.Fpdf
	src   []byte
	y     float64
	left  float64
	width float64
	bars  []float64 // x of block-quote bars to draw beside every line
	mark  *marker   // list marker waiting for the item's first line
	depth int       // list nesting

	added   [numFaces]bool
	curFace face
	curSize float64
	outline int // level of the last bookmark
	widths  map[widthKey]float64
}

func (d *pdfDoc) use(fc face, size float64) {
	if !d.added[fc] {
		// A private copy: fpdf writes into the font bytes while subsetting.
		d.f.AddUTF8FontFromBytes(faceInfo[fc].family, faceInfo[fc].style, bytes.Clone(fontBytes(fc)))
		d.added[fc] = true
	}
	if fc != d.curFace || size != d.curSize {
		d.f.SetFont(faceInfo[fc].family, faceInfo[fc].style, size)
		d.curFace, d.curSize = fc, size
	}
}

func (d *pdfDoc) measure(fc face, size float64, s string) float64 {
	d.use(fc, size)
	return d.f.GetStringWidth(s)
}

func (d *pdfDoc) footer() {
	d.use(faceSans, 8)
	d.f.SetTextColor(110, 119, 129)
	s := fmt.Sprintf("Page %d of {nb}", d.f.PageNo())
	d.f.Text((pageW-d.f.GetStringWidth(s))/2, pageH-10, s)
	d.curFace = -1 // fpdf restores its own font after the footer
}

func lineH(size float64) float64 { return size * ptMM * 1.45 }

func (d *pdfDoc) bottom() float64 { return pageH - marginB }

func (d *pdfDoc) newPage() {
	d.f.AddPage()
	d.curFace = -1
	d.y = marginT
}

// ensure starts a new page unless h more mm fit on this one.
func (d *pdfDoc) ensure(h float64) {
	if d.y+h > d.bottom()+eps && d.y > marginT+eps {
		d.newPage()
	}
}

// advance moves down h mm, drawing the block-quote bars alongside.
func (d *pdfDoc) advance(h float64) {
	d.drawBars(d.y, h)
	d.y += h
}

func (d *pdfDoc) drawBars(y, h float64) {
	if len(d.bars) == 0 || h <= 0 {
		return
	}
	d.f.SetFillColor(208, 215, 222)
	for _, x := range d.bars {
		d.f.Rect(x, y, 0.8, h, "F")
	}
}

// gap adds vertical space between blocks, never at the top of a page.
func (d *pdfDoc) gap(h float64) {
	if d.y <= marginT+eps {
		return
	}
	if d.y+h > d.bottom() {
		d.newPage()
		return
	}
	d.advance(h)
}

// emit lays out one line of height lh: page break if needed, the pending
// list marker, then draw(y).
func (d *pdfDoc) emit(lh float64, draw func(y float64)) {
	d.ensure(lh)
	d.drawMarker(lh)
	draw(d.y)
	d.advance(lh)
}

func (d *pdfDoc) drawMarker(lh float64) {
	m := d.mark
	if m == nil {
		return
	}
	d.mark = nil
	w := d.measure(m.fc, bodySize, m.text)
	d.f.SetTextColor(31, 35, 40)
	d.f.Text(m.x+m.w-w-1.8, baseline(d.y, lh, bodySize), m.text)
}

func baseline(y, lh, size float64) float64 {
	s := size * ptMM
	return y + (lh-s)/2 + s*0.8
}

func (d *pdfDoc) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		d.heading(n)
	case *ast.Paragraph:
		d.paragraph(n, 2.6)
	case *ast.TextBlock:
		d.paragraph(n, 1.2)
	case *ast.List:
		d.list(n)
	case *ast.Blockquote:
		d.quote(n)
	case *ast.FencedCodeBlock:
		d.code(n.Lines(), false)
	case *ast.CodeBlock:
		d.code(n.Lines(), false)
	case *ast.HTMLBlock:
		lines := n.Lines()
		if n.HasClosure() {
			lines.Append(n.ClosureLine)
		}
		d.code(lines, true)
	case *ast.ThematicBreak:
		d.rule()
	case *extast.Table:
		d.table(n)
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d.block(c)
		}
	}
}

func (d *pdfDoc) title(t string) {
	const size = 20.0
	lh := lineH(size) * 0.9
	ws := d.words([]run{{text: t, st: style{bold: true}}}, size)
	d.use(faceSansB, size)
	d.f.Bookmark(bmp(t), 0, d.y)
	d.outline = 0
	for _, ln := range d.breakLines(ws, d.width, size) {
		d.emit(lh, func(y float64) { d.drawLine(ln, d.left, y, lh, size, d.width, extast.AlignLeft) })
	}
	d.advance(1.5)
	d.f.SetFillColor(9, 105, 218)
	d.f.Rect(d.left, d.y, d.width, 0.6, "F")
	d.advance(6)
}

var headingSize = [7]float64{0, 17, 14.5, 12.5, 11.2, 10.4, 10}

func (d *pdfDoc) heading(h *ast.Heading) {
	size := headingSize[min(max(h.Level, 1), 6)]
	lh := lineH(size) * 0.95
	ws := d.words(d.inline(h, style{bold: true}), size)
	lines := d.breakLines(ws, d.width, size)
	d.gap(size * ptMM * 0.9)
	// Keep the heading with the first lines of what follows.
	d.ensure(float64(len(lines))*lh + 2*lineH(bodySize))
	level := h.Level
	if d.outline < 0 { // no title: top-level headings are the outline roots
		level--
	}
	level = min(level, d.outline+1)
	d.outline = level
	d.use(faceSansB, size)
	d.f.Bookmark(bmp(strings.TrimSpace(plainText(h, d.src))), level, d.y)
	for _, ln := range lines {
		d.emit(lh, func(y float64) { d.drawLine(ln, d.left, y, lh, size, d.width, extast.AlignLeft) })
	}
	if h.Level <= 2 {
		d.advance(0.8)
		d.f.SetFillColor(216, 222, 228)
		d.f.Rect(d.left, d.y, d.width, 0.25, "F")
		d.advance(2.2)
	} else {
		d.advance(1.2)
	}
}

func (d *pdfDoc) paragraph(n ast.Node, after float64) {
	ws := d.words(d.inline(n, style{}), bodySize)
	lh := lineH(bodySize)
	for _, ln := range d.breakLines(ws, d.width, bodySize) {
		d.emit(lh, func(y float64) { d.drawLine(ln, d.left, y, lh, bodySize, d.width, extast.AlignLeft) })
	}
	d.gap(after)
}

// minWidth is the narrowest a nested block gets; deeper nesting stops
// indenting rather than pushing text off the page.
const minWidth = 60.0

func (d *pdfDoc) indent(dx float64) {
	dx = max(0, min(dx, d.width-minWidth))
	d.left, d.width = d.left+dx, d.width-dx
}

var bullets = []string{"•", "◦", "▪"}

func (d *pdfDoc) list(l *ast.List) {
	num := l.Start
	indent := 5.5
	if l.IsOrdered() {
		last := l.Start + l.ChildCount() - 1
		indent = max(indent, d.measure(faceSans, bodySize, fmt.Sprintf("%d%c", last, l.Marker))+3)
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		m := &marker{text: bullets[d.depth%len(bullets)], fc: faceSans, x: d.left, w: indent}
		if l.IsOrdered() {
			m.text = fmt.Sprintf("%d%c", num, l.Marker)
			num++
		}
		if cb := taskBox(item); cb != nil {
			m.text = "☐"
			if cb.IsChecked {
				m.text = "☑"
			}
		}
		d.mark = m
		left, width := d.left, d.width
		d.indent(indent)
		d.depth++
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			d.block(c)
		}
		d.depth--
		d.left, d.width = left, width
		if d.mark != nil { // empty item
			d.emit(lineH(bodySize), func(float64) {})
		}
	}
	if d.depth == 0 {
		d.gap(1.6)
	}
}

func taskBox(item ast.Node) *extast.TaskCheckBox {
	if fc := item.FirstChild(); fc != nil {
		if cb, ok := fc.FirstChild().(*extast.TaskCheckBox); ok {
			return cb
		}
	}
	return nil
}

func (d *pdfDoc) quote(q *ast.Blockquote) {
	d.ensure(lineH(bodySize))
	d.drawMarker(lineH(bodySize))
	left, width, bars := d.left, d.width, d.bars
	if d.width > minWidth {
		d.bars = append(append([]float64(nil), bars...), d.left+0.5)
	}
	d.indent(5)
	for c := q.FirstChild(); c != nil; c = c.NextSibling() {
		d.block(c)
	}
	d.left, d.width, d.bars = left, width, bars
}

func (d *pdfDoc) rule() {
	d.gap(2)
	d.ensure(3)
	d.f.SetFillColor(208, 215, 222)
	d.f.Rect(d.left, d.y+1.2, d.width, 0.35, "F")
	d.advance(3)
	d.gap(2)
}

// code draws a code block (or raw HTML shown as text) line by line on a
// light background; long lines wrap at the box edge, nothing is cut.
func (d *pdfDoc) code(lines *text.Segments, raw bool) {
	const pad = 2.0
	lh := lineH(codeSize) * 0.92
	st := style{mono: true, raw: raw}
	inner := d.width - 2*pad
	fill := func(y, h float64) {
		d.f.SetFillColor(246, 248, 250)
		d.f.Rect(d.left, y, d.width, h, "F")
	}
	d.ensure(pad + lh)
	d.drawMarker(pad + lh)
	fill(d.y, pad)
	d.advance(pad)
	for i := range lines.Len() {
		seg := lines.At(i)
		s := strings.TrimRight(string(seg.Value(d.src)), "\n")
		if i == lines.Len()-1 && s == "" {
			break
		}
		for j, vl := range d.wrapCode(expandTabs(s), st, inner) {
			d.emit(lh, func(y float64) {
				fill(y, lh)
				x := d.left + pad
				if j > 0 { // continuation: a small hook in the indent
					ci := d.contIndent()
					d.f.SetDrawColor(150, 160, 170)
					d.f.SetLineWidth(0.2)
					d.f.Line(x+ci*0.25, y+lh*0.2, x+ci*0.25, y+lh*0.55)
					d.f.Line(x+ci*0.25, y+lh*0.55, x+ci*0.75, y+lh*0.55)
					x += ci
				}
				d.drawBoxes(vl, x, y, lh, codeSize, true)
			})
		}
	}
	if d.y+pad <= d.bottom() {
		fill(d.y, pad)
		d.advance(pad)
	}
	d.gap(2.6)
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// wrapCode splits one source line into visual lines no wider than width,
// keeping every character (spaces included). It breaks after a space when
// one is in the second half of the line, else between any two characters;
// continuation lines are indented by contIndent (drawn with a hook).
func (d *pdfDoc) wrapCode(s string, st style, width float64) [][]box {
	type cell struct {
		r  rune
		fc face
		w  float64
	}
	var cs []cell
	for _, r := range bmp(s) {
		fc := pickFace(st, r)
		cs = append(cs, cell{r, fc, d.runeWidth(fc, codeSize, r)})
	}
	var out [][]box
	emit := func(part []cell) {
		var bs []box
		for _, c := range part {
			if n := len(bs); n > 0 && bs[n-1].fc == c.fc {
				bs[n-1].text += string(c.r)
				bs[n-1].w += c.w
				continue
			}
			bs = append(bs, box{text: string(c.r), fc: c.fc, st: st, w: c.w})
		}
		out = append(out, bs)
	}
	avail := width
	for len(cs) > 0 {
		x, cut, space := 0.0, len(cs), -1
		for i, c := range cs {
			if x+c.w > avail+eps && i > 0 {
				cut = i
				break
			}
			if c.r == ' ' {
				space = i
			}
			x += c.w
		}
		if cut < len(cs) && space >= 0 && space+1 < cut && float64(space) >= float64(cut)/2 {
			cut = space + 1
		}
		emit(cs[:cut])
		cs = cs[cut:]
		avail = width - d.contIndent()
	}
	if len(out) == 0 {
		out = append(out, nil)
	}
	return out
}

// contIndent is the indent of a wrapped code line's continuation.
func (d *pdfDoc) contIndent() float64 { return 2 * d.runeWidth(faceMono, codeSize, ' ') }

type widthKey struct {
	fc   face
	size float64
	r    rune
}

func (d *pdfDoc) runeWidth(fc face, size float64, r rune) float64 {
	k := widthKey{fc, size, r}
	if w, ok := d.widths[k]; ok {
		return w
	}
	w := d.measure(fc, size, string(r))
	d.widths[k] = w
	return w
}

// segment splits s into measured boxes by font face (per-rune fallback).
func (d *pdfDoc) segment(s string, st style, size float64) []box {
	var out []box
	start := 0
	cur := face(-1)
	for i, r := range s {
		fc := pickFace(st, r)
		if fc != cur && i > start {
			out = append(out, box{text: s[start:i], fc: cur, st: st})
			start = i
		}
		cur = fc
	}
	if start < len(s) {
		out = append(out, box{text: s[start:], fc: cur, st: st})
	}
	for i := range out {
		out[i].w = d.measure(out[i].fc, size, out[i].text)
	}
	return out
}

func baseFace(st style) face {
	switch {
	case st.mono && st.bold:
		return faceMonoB
	case st.mono:
		return faceMono
	case st.bold && st.italic:
		return faceSansBI
	case st.bold:
		return faceSansB
	case st.italic:
		return faceSansI
	}
	return faceSans
}

// pickFace is the per-rune fallback: the style's DejaVu face, else regular
// DejaVu Sans, else Droid Sans Fallback. A rune none of them has stays in the
// style's face: it prints as a missing-glyph box but is still in the text
// layer (copy, search, screen readers).
func pickFace(st style, r rune) face {
	b := baseFace(st)
	if r < 0x80 || covered(b, r) {
		return b
	}
	if b != faceSans && covered(faceSans, r) {
		return faceSans
	}
	if covered(faceCJK, r) {
		return faceCJK
	}
	if covered(faceHangul, r) {
		return faceHangul
	}
	return b
}

// breakAround reports runes that allow a line break on both sides (CJK text
// has no spaces between words).
func breakAround(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// inline flattens an inline subtree into styled runs.
func (d *pdfDoc) inline(n ast.Node, st style) []run {
	var out []run
	d.collect(n, st, &out)
	return out
}

func (d *pdfDoc) collect(n ast.Node, st style, out *[]run) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(d.src)
			t := string(v)
			if !c.IsRaw() {
				t = inlineText(v)
			}
			*out = append(*out, run{text: t, st: st})
			if c.HardLineBreak() {
				*out = append(*out, run{brk: true})
			} else if c.SoftLineBreak() {
				*out = append(*out, run{text: " ", st: st})
			}
		case *ast.String:
			*out = append(*out, run{text: string(c.Value), st: st})
		case *ast.CodeSpan:
			s := st
			s.mono = true
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(d.src))
				}
			}
			*out = append(*out, run{text: strings.ReplaceAll(b.String(), "\n", " "), st: s})
		case *ast.Emphasis:
			s := st
			if c.Level >= 2 {
				s.bold = true
			} else {
				s.italic = true
			}
			d.collect(c, s, out)
		case *ast.Link:
			s := st
			if externalLink(string(c.Destination)) {
				s.link = string(c.Destination)
			}
			d.collect(c, s, out)
		case *ast.AutoLink:
			s := st
			url := string(c.URL(d.src))
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				url = "mailto:" + url
			}
			if externalLink(url) {
				s.link = url
			}
			*out = append(*out, run{text: string(c.Label(d.src)), st: s})
		case *ast.Image:
			s := st
			s.italic = true
			if dst := string(c.Destination); externalLink(dst) {
				s.link = dst
			}
			*out = append(*out, run{text: "[image: " + plainText(c, d.src) + "]", st: s})
		case *ast.RawHTML:
			s := st
			s.raw, s.mono = true, true
			var b strings.Builder
			for i := range c.Segments.Len() {
				seg := c.Segments.At(i)
				b.Write(seg.Value(d.src))
			}
			*out = append(*out, run{text: b.String(), st: s})
		case *extast.Strikethrough:
			s := st
			s.strike = true
			d.collect(c, s, out)
		case *extast.TaskCheckBox:
			// drawn as the list marker
		default:
			d.collect(c, st, out)
		}
	}
}

// words splits runs into measured words at spaces and around CJK runes.
// Arabic is shaped first, in logical order (shape.go).
func (d *pdfDoc) words(runs []run, size float64) []word {
	runs = shapeRuns(runs)
	var out []word
	var cur word
	space := 0.0
	flush := func() {
		if len(cur.boxes) > 0 {
			out = append(out, cur)
			cur = word{}
		}
	}
	add := func(r rune, st style) {
		if len(cur.boxes) == 0 {
			cur.space, space = space, 0
		}
		fc := pickFace(st, r)
		if n := len(cur.boxes); n > 0 && cur.boxes[n-1].fc == fc && cur.boxes[n-1].st == st {
			cur.boxes[n-1].text += string(r)
			return
		}
		cur.boxes = append(cur.boxes, box{text: string(r), fc: fc, st: st})
	}
	for _, rn := range runs {
		if rn.brk {
			flush()
			out = append(out, word{brk: true})
			space = 0
			continue
		}
		for _, r := range rn.text {
			switch {
			case r > 0xFFFF:
				for _, p := range bmp(string(r)) {
					add(p, rn.st)
				}
			case unicode.IsSpace(r) && r != 0xA0 && r != 0x202F:
				flush()
				if len(out) > 0 && !out[len(out)-1].brk {
					space = d.measure(baseFace(rn.st), size, " ")
				}
			case breakAround(r):
				flush()
				add(r, rn.st)
				flush()
			case r < 0x20 || r == 0x7F:
				// other control characters have no glyph and no width
			default:
				add(r, rn.st)
			}
		}
	}
	flush()
	for i := range out {
		for j := range out[i].boxes {
			b := &out[i].boxes[j]
			b.w = d.measure(b.fc, size, b.text)
			out[i].w += b.w
		}
	}
	return out
}

// breakLines fills lines greedily; a word wider than the line is broken
// between characters.
func (d *pdfDoc) breakLines(ws []word, width, size float64) [][]word {
	var lines [][]word
	var cur []word
	x := 0.0
	for _, w := range ws {
		if w.brk {
			lines = append(lines, cur)
			cur, x = nil, 0
			continue
		}
		if len(cur) > 0 && x+w.space+w.w <= width+eps {
			cur = append(cur, w)
			x += w.space + w.w
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, cur)
			cur, x = nil, 0
		}
		if w.w <= width+eps {
			cur, x = []word{w}, w.w
			continue
		}
		parts := d.splitWord(w, width, size)
		for _, p := range parts[:len(parts)-1] {
			lines = append(lines, []word{p})
		}
		last := parts[len(parts)-1]
		cur, x = []word{last}, last.w
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func (d *pdfDoc) splitWord(w word, width, size float64) []word {
	var out []word
	var cur word
	for _, b := range w.boxes {
		for _, r := range b.text {
			rw := d.runeWidth(b.fc, size, r)
			if cur.w+rw > width+eps && cur.w > 0 {
				out = append(out, cur)
				cur = word{}
			}
			if n := len(cur.boxes); n > 0 && cur.boxes[n-1].fc == b.fc && cur.boxes[n-1].st == b.st {
				cur.boxes[n-1].text += string(r)
				cur.boxes[n-1].w += rw
			} else {
				cur.boxes = append(cur.boxes, box{text: string(r), fc: b.fc, st: b.st, w: rw})
			}
			cur.w += rw
		}
	}
	return append(out, cur)
}

func lineWidth(ln []word) float64 {
	x := 0.0
	for i, w := range ln {
		if i > 0 {
			x += w.space
		}
		x += w.w
	}
	return x
}

func (d *pdfDoc) drawLine(ln []word, x, y, lh, size, width float64, align extast.Alignment) {
	ln = visualOrder(ln)
	switch align {
	case extast.AlignRight:
		x += width - lineWidth(ln)
	case extast.AlignCenter:
		x += (width - lineWidth(ln)) / 2
	}
	for i, w := range ln {
		if i > 0 {
			// Join a link's underline and a code span's background across the space.
			prev, next := ln[i-1].boxes[len(ln[i-1].boxes)-1], w.boxes[0]
			if prev.st.mono && next.st.mono && !prev.st.raw {
				d.f.SetFillColor(234, 238, 242)
				d.f.Rect(x, y+lh*0.1, w.space, lh*0.8, "F")
			}
			if prev.st.link != "" && prev.st.link == next.st.link {
				bl := baseline(y, lh, size)
				d.f.SetDrawColor(9, 105, 218)
				d.f.SetLineWidth(0.15)
				d.f.Line(x, bl+0.5, x+w.space, bl+0.5)
				d.f.LinkString(x, y, w.space, lh, prev.st.link)
			}
			x += w.space
		}
		d.drawBoxes(w.boxes, x, y, lh, size, false)
		x += w.w
	}
}

func (d *pdfDoc) drawBoxes(bs []box, x, y, lh, size float64, inCode bool) {
	bl := baseline(y, lh, size)
	for _, b := range bs {
		if b.st.mono && !inCode {
			d.f.SetFillColor(234, 238, 242)
			d.f.Rect(x, y+lh*0.1, b.w, lh*0.8, "F")
		}
		switch {
		case b.st.link != "":
			d.f.SetTextColor(9, 105, 218)
			d.f.SetDrawColor(9, 105, 218)
		case b.st.raw:
			d.f.SetTextColor(89, 99, 110)
		default:
			d.f.SetTextColor(31, 35, 40)
			d.f.SetDrawColor(31, 35, 40)
		}
		d.use(b.fc, size)
		d.f.Text(x, bl, b.text)
		if b.st.link != "" {
			d.f.SetLineWidth(0.15)
			d.f.Line(x, bl+0.5, x+b.w, bl+0.5)
			d.f.LinkString(x, y, b.w, lh, b.st.link)
		}
		if b.st.strike {
			d.f.SetLineWidth(0.2)
			d.f.Line(x, bl-size*ptMM*0.28, x+b.w, bl-size*ptMM*0.28)
		}
		x += b.w
	}
}
