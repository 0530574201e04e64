package pii

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// splitLinesRef is splitLines written plainly: each line's features one by
// one, and its keyword bits by comparing every literal at every byte.
func splitLinesRef(text string, kw *kwIndex) []lineInfo {
	var lines []lineInfo
	for s := 0; s < len(text); {
		e := strings.IndexByte(text[s:], '\n')
		if e < 0 {
			e = len(text)
		} else {
			e += s
		}
		ln := lineInfo{start: s, end: e}
		f := &ln.f
		run := int32(0)
		for i := s; i < e; i++ {
			c := text[i]
			if isDigit(c) {
				run++
				f.digits++
				f.maxDigitRun = max(f.maxDigitRun, run)
			} else {
				run = 0
			}
			next := byte(0)
			if i+1 < len(text) {
				next = text[i+1]
			}
			switch {
			case c == '.' && i > s && i+1 < len(text):
				f.dotDigit = f.dotDigit || isDigit(text[i-1]) && isDigit(next)
				f.dotAlpha = f.dotAlpha || isAlnum(text[i-1]) && isAlpha(next)
			case c == '@':
				f.at = true
			case c == '+' || c == '(':
				f.plusOrParen = f.plusOrParen || isDigit(next)
			case c == ':':
				f.colons++
				f.dblColon = f.dblColon || next == ':'
			case c == '-':
				f.dashes++
				f.phoneDash = f.phoneDash || i >= s+3 && isDigits(text, i-3, 3, i) && wordPrevOK(text, i-3) &&
					isDigits(text, i+1, 3, len(text)) && i+4 < len(text) && text[i+4] == '-'
			case c >= 0x80:
				f.nonASCII = true
			}
			if kw != nil {
				for _, g := range kw.lits {
					for _, l := range g {
						if hasPrefixLower(text[i:], l.lit) {
							ln.kw |= l.bit
						}
					}
				}
			}
		}
		lines = append(lines, ln)
		s = e + 1
	}
	return lines
}

// TestSplitLinesAgrees: splitLines (two loops, raw-byte pair table) gives
// the same lines, features and keyword bits as splitLinesRef on the corpus,
// the seeds and random strings over keyword pieces and feature bytes.
func TestSplitLinesAgrees(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append([]string{text, "", "\n", "\n\n", "a", "ab\n"}, fastCases...), fuzzSeeds...)
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"user", "USER", "Pass", "pwd", "token", "key=", "KEY:", "eyJ", "AKIA", "akia", "://", "_live_", " - ", "(to ", "sudo:",
		"uid=", "sig=", "Bearer", "basic", "secret", "xox", "glpat-", "ghp_", "auth", "Credential", "acct", "login", "account name",
		"1", "12", "123-", "456-", "7890", ".", "a.", "@", "+1", "(2", ":", "::", "-", " ", "\t", "\n", "é", "\u017f", "x", "Z", "_", "k", "e"}
	for range 3000 {
		var b strings.Builder
		for n := rng.IntN(40); n >= 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		ins = append(ins, b.String())
	}
	d := NewDetector(Options{})
	for _, in := range ins {
		if got, want := splitLines(in, d.kw), splitLinesRef(in, d.kw); !reflect.DeepEqual(got, want) && (len(got)+len(want) > 0) {
			t.Fatalf("splitLines(%q):\n got %+v\nwant %+v", in, got, want)
		}
		if got, want := splitLines(in, nil), splitLinesRef(in, nil); !reflect.DeepEqual(got, want) && (len(got)+len(want) > 0) {
			t.Fatalf("splitLines(%q, nil):\n got %+v\nwant %+v", in, got, want)
		}
	}
}
