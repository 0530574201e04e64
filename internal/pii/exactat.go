package pii

// Hand-written exact equivalents of the anchored phone, SSN and IBAN regexps
// (rule.exact): each takes the window w the anchored regexp would get and
// returns what its FindStringSubmatchIndex returns on w (nil or the
// submatch offsets relative to w). The regexps cost ~1-3 µs per candidate in
// the backtracker; these a few ns. TestExactMatchersAgree checks each
// against its anchored regexp at every start of the corpus, the seeds and
// hand-made edge cases.
//
// Each has no ambiguity a backtracker would have to resolve beyond what the
// comments say: every optional part is a byte that cannot begin the part
// after it, so taking it when present is the only choice that can succeed
// (the leftmost-first choice as well).

// phoneExact is the anchored
// \+[1-9](?:[ .\-]?\(?\d\)?){7,14}|\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}|\b\d{3}-\d{3}-\d{4}\b;
// w[0] picks the only alternative that can match ('+', '(' or a digit).
// The leading \b of the third holds at a window start (the regexp sees
// only w; nextPhone checks the byte before).
func phoneExact(w string) []int {
	if len(w) == 0 {
		return nil
	}
	switch c := w[0]; {
	case c == '+':
		if len(w) < 2 || w[1] < '1' || w[1] > '9' {
			return nil
		}
		// Each repetition holds exactly one digit; its optional separator,
		// '(' and ')' are taken when present (leaving one out makes the
		// digit fall on a non-digit). Greedy up to 14; the match needs 7.
		i, n := 2, 0
		for n < 14 {
			k := i
			if k < len(w) && (w[k] == ' ' || w[k] == '.' || w[k] == '-') {
				k++
			}
			if k < len(w) && w[k] == '(' {
				k++
			}
			if k >= len(w) || !isDigit(w[k]) {
				break
			}
			k++
			if k < len(w) && w[k] == ')' {
				k++
			}
			i, n = k, n+1
		}
		if n < 7 {
			return nil
		}
		return []int{0, i}
	case c == '(':
		// \(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}
		if !isDigits(w, 1, 3, len(w)) || len(w) < 5 || w[4] != ')' {
			return nil
		}
		i := 5
		if i < len(w) && isPhoneSep(w[i]) {
			i++
		}
		if !isDigits(w, i, 3, len(w)) || i+3 >= len(w) || !isPhoneSep(w[i+3]) || !isDigits(w, i+4, 4, len(w)) {
			return nil
		}
		return []int{0, i + 8}
	case isDigit(c):
		// \d{3}-\d{3}-\d{4}\b
		if isDigits(w, 0, 3, len(w)) && len(w) > 3 && w[3] == '-' && isDigits(w, 4, 3, len(w)) && len(w) > 7 && w[7] == '-' &&
			isDigits(w, 8, 4, len(w)) && (len(w) == 12 || !isWord(w[12])) {
			return []int{0, 12}
		}
	}
	return nil
}

func isPhoneSep(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// ssnExact is the anchored \b(\d{3})-(\d{2})-(\d{4})\b (the leading \b holds
// at a word start).
func ssnExact(w string) []int {
	if !ssnCand(w, 0, len(w)) || len(w) > 11 && isWord(w[11]) {
		return nil
	}
	return []int{0, 11, 0, 3, 4, 6, 7, 11}
}

func isUpperAlnum(c byte) bool { return isDigit(c) || 'A' <= c && c <= 'Z' }

// ibanExact is the anchored
// \b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b.
// A group's optional space is taken when present (without it the group
// would start on the space), so the greedy repetition has one way to reach
// each count k of groups, ending at ends[k]. The backtracker tries k from
// the most groups down to 2; for each, the optional tail first (space when
// present, then 3, 2, 1 bytes), then no tail; the first end followed by \b
// wins.
func ibanExact(w string) []int {
	if !ibanCand(w, 0, len(w)) {
		return nil
	}
	var ends [8]int
	ends[0] = 4
	k := 0
	for k < 7 {
		i := ends[k]
		if i < len(w) && w[i] == ' ' {
			i++
		}
		if !runOf(w, i, 4, isUpperAlnum) {
			break
		}
		k++
		ends[k] = i + 4
	}
	bound := func(e int) bool { return e == len(w) || !isWord(w[e]) } // w[e-1] is a word byte
	for ; k >= 2; k-- {
		p := ends[k]
		i := p
		if i < len(w) && w[i] == ' ' {
			i++
		}
		for n := 3; n >= 1; n-- {
			if runOf(w, i, n, isUpperAlnum) && bound(i+n) {
				return []int{0, i + n}
			}
		}
		if bound(p) {
			return []int{0, p}
		}
	}
	return nil
}

// runOf reports whether w[i:i+n] exists and all its bytes satisfy ok.
func runOf(w string, i, n int, ok func(byte) bool) bool {
	if i+n > len(w) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !ok(w[k]) {
			return false
		}
	}
	return true
}
