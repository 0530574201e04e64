package docs

import (
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Diff line operations.
const (
	OpEqual  = "equal"
	OpInsert = "insert"
	OpDelete = "delete"
)

// diffTimeout bounds Myers' search on two long, very different texts: past it go-diff returns
// a correct but less minimal diff.
const diffTimeout = time.Second

// LineDiff compares a and b line by line. Text is the line without its "\n" ("\r" of "\r\n"
// endings stays, so a change of line endings shows). From and To are left zero.
//
// Lines are numbered by content; the common head and tail are taken off, and lines that occur
// on one side only are set aside (they cannot match: they are deleted or inserted). Myers'
// algorithm (go-diff, one rune per line) runs on what remains, so two rewritten documents cost
// little however long they are.
func LineDiff(a, b string) Diff {
	la, lb := splitLines(a), splitLines(b)
	ids := map[string]int32{}
	id := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			v, ok := ids[l]
			if !ok {
				v = int32(len(ids))
				ids[l] = v
			}
			out[i] = v
		}
		return out
	}
	ia, ib := id(la), id(lb)

	// matched[i] is the line of b that line i of a is matched with, or -1.
	matched := make([]int, len(ia))
	for i := range matched {
		matched[i] = -1
	}
	head := 0
	for head < len(ia) && head < len(ib) && ia[head] == ib[head] {
		matched[head] = head
		head++
	}
	tail := 0
	for tail < len(ia)-head && tail < len(ib)-head && ia[len(ia)-1-tail] == ib[len(ib)-1-tail] {
		matched[len(ia)-1-tail] = len(ib) - 1 - tail
		tail++
	}
	matchMiddle(ia[head:len(ia)-tail], ib[head:len(ib)-tail], head, matched)

	out := Diff{Lines: []DiffLine{}}
	i, j := 0, 0
	emit := func(toA, toB int) {
		for ; i < toA; i++ {
			out.Lines = append(out.Lines, DiffLine{Op: OpDelete, Text: la[i], Old: i + 1})
			out.Removed++
		}
		for ; j < toB; j++ {
			out.Lines = append(out.Lines, DiffLine{Op: OpInsert, Text: lb[j], New: j + 1})
			out.Added++
		}
	}
	for k, m := range matched {
		if m < 0 {
			continue
		}
		emit(k, m)
		out.Lines = append(out.Lines, DiffLine{Op: OpEqual, Text: la[k], Old: k + 1, New: m + 1})
		i, j = k+1, m+1
	}
	emit(len(la), len(lb))
	return out
}

// matchMiddle finds a longest common subsequence of a and b (line ids; a starts at line off of
// both texts) and records it in matched.
func matchMiddle(a, b []int32, off int, matched []int) {
	if len(a) == 0 || len(b) == 0 {
		return
	}
	inA, inB := map[int32]bool{}, map[int32]bool{}
	for _, v := range a {
		inA[v] = true
	}
	for _, v := range b {
		inB[v] = true
	}
	// Keep the lines that occur on both sides, remembering where they were; encode each line id
	// as one rune for go-diff (skipping the surrogate range, which is not valid in a string).
	var ra, rb []rune
	var pa, pb []int
	for i, v := range a {
		if inB[v] {
			ra, pa = append(ra, toRune(v)), append(pa, i)
		}
	}
	for j, v := range b {
		if inA[v] {
			rb, pb = append(rb, toRune(v)), append(pb, j)
		}
	}
	if len(ra) == 0 || len(rb) == 0 {
		return
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	x, y := 0, 0
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for k := range n {
				matched[off+pa[x+k]] = off + pb[y+k]
			}
			x, y = x+n, y+n
		case diffmatchpatch.DiffDelete:
			x += n
		case diffmatchpatch.DiffInsert:
			y += n
		}
	}
}

// toRune maps a line id to a valid rune (ids up to ~1.1 million: more distinct lines than a
// 2 MiB document can hold).
func toRune(v int32) rune {
	r := rune(v) + 1
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

// splitLines splits text into lines without their "\n"; a final line without "\n" counts.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\n")
	}
	return lines
}
