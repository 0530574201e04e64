package pii

import "strings"

// Hand-written matchers for the username alternatives (usernameAlts, same
// order). Each gets the window the anchored regexp would get (lower-cased)
// and returns what the anchored alternative returns: nil, or {0, end,
// valueStart, valueEnd}. Every alternative is a sequence of literals, blank
// runs, one optional quote and greedy runs of a class that excludes the byte
// that must follow, so no alternative ever backtracks into a shorter run and
// a straight scan gives the regexp's match. \b at the window start holds for
// every keyword (a letter), as for the regexp on the window. They replace
// ~1.4 µs backtracker calls (half of all regexp calls on the corpus).
var usernameMatchers = []func(w string) []int{
	userKV, userForUser, userForFrom, userQuoted, userNotFound, userARN,
	userSudo, userSu, userNewUser, userPasswdChanged, userLDAP, userAccessLog,
}

// The helpers take -1 (an earlier step failed) and return -1.

// userRun is [A-Za-z0-9._\\@-]+ at i: its end, or -1 if empty.
func userRun(w string, i int) int {
	if i < 0 {
		return -1
	}
	e := skipWhile(w, i, len(w), isUserByte)
	if e == i {
		return -1
	}
	return e
}

// blanks1 is [ \t]+ at i: its end, or -1 if empty.
func blanks1(w string, i int) int {
	if i < 0 {
		return -1
	}
	e := skipWhile(w, i, len(w), isBlank)
	if e == i {
		return -1
	}
	return e
}

// lit is literal s at i: its end, or -1.
func lit(w string, i int, s string) int {
	if i < 0 || !strings.HasPrefix(w[i:], s) {
		return -1
	}
	return i + len(s)
}

// wordEnd is \b after a word byte at i-1: end of window or a non-word byte.
func wordEnd(w string, i int) bool { return i == len(w) || !isWord(w[i]) }

// optQuoteValue is ["']?([A-Za-z0-9._\\@-]+) at i: the value's span.
func optQuoteValue(w string, i int) (int, int) {
	if i < len(w) && isQuote(w[i]) && i+1 < len(w) && isUserByte(w[i+1]) {
		i++
	}
	return i, userRun(w, i)
}

func userSpan(end, vs, ve int) []int {
	if ve < 0 || end < 0 {
		return nil
	}
	return []int{0, end, vs, ve}
}

// \b(?:user(?:name)?|user[._]name|user id|login|account name|acct|principalname)["']?[ \t]*[=:][ \t]*["']?(V)
// (keywords in the order the regexp tries them)
func userKV(w string) []int {
	for _, kw := range [...]string{"username", "user", "user.name", "user_name", "user id", "login", "account name", "acct", "principalname"} {
		i := lit(w, 0, kw)
		if i < 0 {
			continue
		}
		if i < len(w) && isQuote(w[i]) {
			i++
		}
		i = skipWhile(w, i, len(w), isBlank)
		if i >= len(w) || w[i] != '=' && w[i] != ':' {
			continue
		}
		vs, ve := optQuoteValue(w, skipWhile(w, i+1, len(w), isBlank))
		if ve > 0 {
			return userSpan(ve, vs, ve)
		}
	}
	return nil
}

// \b(?:for|invalid|illegal)[ \t]+user[ \t]+["']?(V)
func userForUser(w string) []int {
	for _, kw := range [...]string{"for", "invalid", "illegal"} {
		i := lit(w, 0, kw)
		if i < 0 {
			continue
		}
		i = lit(w, blanks1(w, i), "user")
		if i < 0 {
			return nil
		}
		if i = blanks1(w, i); i < 0 {
			return nil
		}
		vs, ve := optQuoteValue(w, i)
		return userSpan(ve, vs, ve)
	}
	return nil
}

// \b(?:password|publickey|keyboard-interactive/pam)[ \t]+for[ \t]+(V)[ \t]+from\b
func userForFrom(w string) []int {
	for _, kw := range [...]string{"password", "publickey", "keyboard-interactive/pam"} {
		i := lit(w, 0, kw)
		if i < 0 {
			continue
		}
		if i = lit(w, blanks1(w, i), "for"); i < 0 {
			return nil
		}
		vs := blanks1(w, i)
		if vs < 0 {
			return nil
		}
		ve := userRun(w, vs)
		if ve < 0 {
			return nil
		}
		e := lit(w, blanks1(w, ve), "from")
		if e < 0 || !wordEnd(w, e) {
			return nil
		}
		return userSpan(e, vs, ve)
	}
	return nil
}

// \buser[ \t]+"(V)"
func userQuoted(w string) []int {
	return userClosedBy(w, lit(w, blanks1(w, lit(w, 0, "user")), `"`), '"')
}

// userClosedBy matches a username starting at vs (-1: no match) and closed by the byte end,
// which belongs to the match but not to the value.
func userClosedBy(w string, vs int, end byte) []int {
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	if ve < 0 || ve >= len(w) || w[ve] != end {
		return nil
	}
	return userSpan(ve+1, vs, ve)
}

// \buser[ \t]+(V)[ \t]+not found\b
func userNotFound(w string) []int {
	i := lit(w, 0, "user")
	if i < 0 {
		return nil
	}
	vs := blanks1(w, i)
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	if ve < 0 {
		return nil
	}
	e := lit(w, blanks1(w, ve), "not found")
	if e < 0 || !wordEnd(w, e) {
		return nil
	}
	return userSpan(e, vs, ve)
}

// :user/(V)
func userARN(w string) []int {
	vs := lit(w, 0, ":user/")
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	return userSpan(ve, vs, ve)
}

// \bsudo:[ \t]+(V)[ \t]+:[ \t]
func userSudo(w string) []int {
	i := lit(w, 0, "sudo:")
	if i < 0 {
		return nil
	}
	vs := blanks1(w, i)
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	if ve < 0 {
		return nil
	}
	e := lit(w, blanks1(w, ve), ":")
	if e < 0 || e >= len(w) || !isBlank(w[e]) {
		return nil
	}
	return userSpan(e+1, vs, ve)
}

// \(to [A-Za-z0-9._-]+\)[ \t]+(V)[ \t]+on\b
func userSu(w string) []int {
	i := lit(w, 0, "(to ")
	if i < 0 {
		return nil
	}
	j := skipWhile(w, i, len(w), func(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == '-' })
	if j == i {
		return nil
	}
	vs := blanks1(w, lit(w, j, ")"))
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	if ve < 0 {
		return nil
	}
	e := lit(w, blanks1(w, ve), "on")
	if e < 0 || !wordEnd(w, e) {
		return nil
	}
	return userSpan(e, vs, ve)
}

// \bnew user:[ \t]+name=(V)
func userNewUser(w string) []int {
	vs := lit(w, blanks1(w, lit(w, 0, "new user:")), "name=")
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	return userSpan(ve, vs, ve)
}

// \bpassword changed for[ \t]+(V)
func userPasswdChanged(w string) []int {
	vs := blanks1(w, lit(w, 0, "password changed for"))
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	return userSpan(ve, vs, ve)
}

// \buid=(V),
func userLDAP(w string) []int { return userClosedBy(w, lit(w, 0, "uid="), ',') }

// ` - (V) \[\d`
func userAccessLog(w string) []int {
	vs := lit(w, 0, " - ")
	if vs < 0 {
		return nil
	}
	ve := userRun(w, vs)
	if ve < 0 || ve+2 >= len(w) || w[ve] != ' ' || w[ve+1] != '[' || !isDigit(w[ve+2]) {
		return nil
	}
	return userSpan(ve+3, vs, ve)
}
