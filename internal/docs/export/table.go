package export

import extast "github.com/yuin/goldmark/extension/ast"

const cellPad = 1.5

type tableRow struct {
	cells  [][]word // per column
	header bool
}

// table draws a GFM table: column widths from content, cells wrap, rows
// that do not fit split across pages and the header row repeats.
func (d *pdfDoc) table(t *extast.Table) {
	ncol := len(t.Alignments)
	if ncol == 0 {
		return
	}
	var rows []tableRow
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		_, header := r.(*extast.TableHeader)
		row := tableRow{cells: make([][]word, ncol), header: header}
		i := 0
		for c := r.FirstChild(); c != nil && i < ncol; c = c.NextSibling() {
			row.cells[i] = d.words(d.inline(c, style{bold: header}), tableSize)
			i++
		}
		rows = append(rows, row)
	}
	widths := d.columnWidths(rows, ncol)
	lh := lineH(tableSize) * 0.95

	type laid struct {
		lines  [][][]word // per column, lines
		header bool
	}
	layout := func(r tableRow) laid {
		l := laid{lines: make([][][]word, ncol), header: r.header}
		for i := range ncol {
			l.lines[i] = d.breakLines(r.cells[i], widths[i]-2*cellPad, tableSize)
		}
		return l
	}
	var head *laid
	if len(rows) > 0 && rows[0].header {
		h := layout(rows[0])
		head = &h
	}
	height := func(l laid) float64 {
		n := 1
		for _, c := range l.lines {
			n = max(n, len(c))
		}
		return float64(n)*lh + 2*cellPad
	}

	var drawRow func(l laid, repeatHeader bool)
	drawRow = func(l laid, repeatHeader bool) {
		n := 1
		for _, c := range l.lines {
			n = max(n, len(c))
		}
		newPage := func() {
			d.newPage()
			if repeatHeader && head != nil {
				drawRow(*head, false)
			}
		}
		fresh := false // just moved to a new page: split rather than move again
		for start := 0; start < n; {
			fit := int((d.bottom() - d.y - 2*cellPad + eps) / lh)
			rem := n - start
			if rem > fit && !fresh && d.y > marginT+eps {
				headH := 0.0
				if repeatHeader && head != nil {
					headH = height(*head)
				}
				// Move a row that fits on a fresh page rather than split it.
				if fit < 1 || (start == 0 && float64(n)*lh+2*cellPad <= d.bottom()-marginT-headH) {
					newPage()
					fresh = true
					continue
				}
			}
			k := max(1, min(rem, fit))
			h := float64(k)*lh + 2*cellPad
			x := d.left
			d.f.SetDrawColor(175, 184, 193)
			d.f.SetLineWidth(0.2)
			for i := range ncol { // borders first: drawing text changes the draw colour
				if l.header {
					d.f.SetFillColor(240, 243, 246)
					d.f.Rect(x, d.y, widths[i], h, "FD")
				} else {
					d.f.Rect(x, d.y, widths[i], h, "D")
				}
				x += widths[i]
			}
			x = d.left
			for i := range ncol {
				for j := start; j < start+k && j < len(l.lines[i]); j++ {
					d.drawLine(l.lines[i][j], x+cellPad, d.y+cellPad+float64(j-start)*lh, lh, tableSize, widths[i]-2*cellPad, t.Alignments[i])
				}
				x += widths[i]
			}
			d.advance(h)
			start += k
			fresh = false
			if start < n {
				newPage()
				fresh = true
			}
		}
	}

	d.ensure(lineH(tableSize) * 2)
	d.drawMarker(lineH(bodySize))
	for i, r := range rows {
		l := layout(r)
		if i == 0 && head != nil {
			l = *head
		}
		drawRow(l, !r.header)
	}
	d.gap(2.6)
}

// columnWidths shares the available width: columns that fit their content in
// an equal share get it; the rest is split by content length, never below
// the longest word (capped at the equal share) so text breaks at spaces.
func (d *pdfDoc) columnWidths(rows []tableRow, ncol int) []float64 {
	natural := make([]float64, ncol)
	minimum := make([]float64, ncol)
	for _, r := range rows {
		for i, ws := range r.cells {
			nat, longest := 0.0, 0.0
			for j, w := range ws {
				if j > 0 {
					nat += w.space
				}
				nat += w.w
				longest = max(longest, w.w)
			}
			natural[i] = max(natural[i], nat+2*cellPad)
			minimum[i] = max(minimum[i], longest+2*cellPad)
		}
	}
	avail := d.width
	share := avail / float64(ncol)
	widths := make([]float64, ncol)
	total := 0.0
	for i := range ncol {
		natural[i] = max(natural[i], 8)
		total += natural[i]
	}
	if total <= avail {
		for i := range ncol { // fill the width, proportionally
			widths[i] = natural[i] * avail / total
		}
		return widths
	}
	used, extra := 0.0, 0.0
	for i := range ncol {
		widths[i] = min(max(minimum[i], 8), share, natural[i])
		used += widths[i]
		extra += natural[i] - widths[i]
	}
	left := avail - used
	for i := range ncol {
		if extra > 0 {
			widths[i] += left * (natural[i] - widths[i]) / extra
		} else {
			widths[i] += left / float64(ncol)
		}
	}
	return widths
}
