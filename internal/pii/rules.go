package pii

import (
	"encoding/base64"
	"encoding/json"
	"net/netip"
	"regexp"
	"strings"
)

func buildRules() []*rule {
	rules := baseRules()
	fast := map[string]*rule{
		"url_userinfo":          {next: nextURL, reach: reachURL, exact: urlExact},
		"bearer":                {next: nextPrefix(true, "bearer"), reach: reachToken(6, isBearerByte), exact: bearerExact},
		"basic_auth":            {next: nextPrefix(true, "basic"), reach: reachToken(5, isB64), exact: basicExact},
		"azure_account_key":     {next: nextPrefix(true, "accountkey=", "sharedaccesskey="), reach: reachAzure, exact: azureKeyExact},
		"aws_secret_access_key": {next: nextAWSSecret, reach: reachAWSSecret, failSkip: failSkipAWSSecret},
		"kv_secret":             {next: nextKV, reach: reachKV, exact: kvAt},
		"prose_password":        {next: nextProse, reach: reachProse, exact: proseExact},
		"azure_sas":             {next: nextSAS, reach: reachSAS, exact: sasExact},
		"credit_card":           {at: cardAt, wordFirst: digitSet, wordLens: 1<<4 | lenRange(13, 19)},
		"iban":                  {cand: ibanCand, exact: ibanExact, reach: runReach(43, anyByte), wordFirst: upperSet, wordLens: lenRange(4, 31)},
		"us_ssn":                {cand: ssnCand, exact: ssnExact, reach: runReach(11, anyByte), wordFirst: digitSet, wordTerm: dashSet, wordLens: 1 << 3},
		"email":                 {find: findEmail},
		"phone":                 {next: nextPhone, reach: reachPhone, exact: phoneExact},
		"username":              {next: nextUsername, reach: reachUsername, alts: anchorAlts(usernameAlts, usernameMatchers)},
		"ipv4":                  {at: ipv4At, wordFirst: digitSet, wordTerm: dotSet, wordLens: lenRange(1, 3)},
		"ipv6":                  {win: winIPv6, winAll: ipv6All},
		"jwt":                   {next: nextPrefix(true, "eyJ"), reach: reachJWT, failSkip: failSkipJWT, exact: jwtExact},
		"aws_access_key_id":     {next: nextPrefix(true, "AKIA", "ASIA"), reach: runReach(20, isWord), exact: awsKeyIDExact},
		"github_token":          {next: nextPrefix(true, "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), reach: runReach(266, isWord), exact: githubExact},
		"gitlab_pat":            {next: nextPrefix(true, "glpat-"), reach: runReach(1<<62, isB64URL), exact: gitlabExact},
		"slack_token":           {next: nextPrefix(true, "xox"), reach: runReach(1<<62, isB64URL), exact: slackExact},
		"stripe_key":            {next: nextPrefix(true, "sk_live_", "rk_live_", "pk_live_"), reach: runReach(1<<62, isWord), exact: stripeExact},
		"google_api_key":        {next: nextPrefix(true, "AIza"), reach: runReach(39, isB64URL), exact: googleExact},
		"mac":                   {at: macAt, wordFirst: hexSet, wordTerm: macTermSet, wordLens: 1 << 2},
		"hostname":              {at: hostAt, wordFirst: alnumSet, wordTerm: hostTermSet},
		"pem_private_key":       {findAll: findPEMs},
	}
	for i, r := range rules {
		r.ord = i
		for _, t := range r.types {
			r.typeIdx = append(r.typeIdx, typeIndex(t))
		}
		if f := fast[r.id]; f != nil {
			r.winAll = f.winAll
			r.next, r.win, r.find, r.reach, r.findAll, r.failSkip, r.at, r.cand = f.next, f.win, f.find, f.reach, f.findAll, f.failSkip, f.at, f.cand
			r.wordFirst, r.wordTerm, r.wordLens, r.alts, r.exact = f.wordFirst, f.wordTerm, f.wordLens, f.alts, f.exact
			if r.next != nil || r.cand != nil {
				r.anc = anchor(r.re)
			}
			r.foldsNonASCII = strings.Contains(r.re.String(), "(?i)")
		}
		if r.id == "phone" {
			nd := *r
			nd.next = nextPhoneNoDash
			r.noDash = &nd
		}
	}
	return rules
}

func baseRules() []*rule {
	re := regexp.MustCompile
	return []*rule{
		// ---- secrets
		{id: "pem_private_key", types: []string{"private_key"}, lits: []string{"-----BEGIN "}, multiline: true,
			re: re(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:\r?\n[A-Za-z0-9+/=:, -]*)+)`)},
		{id: "jwt", types: []string{"jwt"}, lits: []string{"eyJ"},
			re: re(`\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`), check: checkJWT},
		{id: "aws_access_key_id", types: []string{"aws_access_key"}, lits: []string{"AKIA", "ASIA"},
			re: re(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)},
		{id: "aws_secret_access_key", types: []string{"aws_secret_key"}, folds: []string{"secret"},
			re: re(`(?i)(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)[A-Za-z0-9_]*["']?[ \t]*(?:[:=]|=>)?[ \t]*["']?([A-Za-z0-9/+]{40})`), group: 1,
			check: func(t string, m []int, s, e int) (int, int, string, bool) {
				return s, e, "", e == len(t) || !(isAlnum(t[e]) || t[e] == '/' || t[e] == '+')
			}},
		{id: "github_token", types: []string{"github_token"}, lits: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
			re: re(`\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b`)},
		{id: "gitlab_pat", types: []string{"gitlab_token"}, lits: []string{"glpat-"},
			re: re(`\bglpat-[A-Za-z0-9_-]{20,}`)},
		{id: "slack_token", types: []string{"slack_token"}, lits: []string{"xox"},
			re: re(`\bxox[abpors]-[A-Za-z0-9-]{10,}`)},
		{id: "stripe_key", types: []string{"stripe_key"}, lits: []string{"_live_"},
			re: re(`\b(?:sk|rk|pk)_live_[A-Za-z0-9]{16,}`)},
		{id: "google_api_key", types: []string{"google_api_key"}, lits: []string{"AIza"},
			re: re(`\bAIza[0-9A-Za-z_-]{35}`), check: rightBoundary},
		{id: "azure_account_key", types: []string{"azure_key"}, folds: []string{"accountkey=", "sharedaccesskey="},
			re: re(`(?i)\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})`), group: 1},
		// ---- credentials
		{id: "url_userinfo", types: []string{"url_credentials"}, lits: []string{"://"},
			re: re(`[A-Za-z][A-Za-z0-9+.-]*://([^\s/?#@:]*(?:@[^\s/?#@:]+)*:[^\s/?#]*)@[A-Za-z0-9.\-\[\]:%_]+`), group: 1,
			check: func(t string, m []int, s, e int) (int, int, string, bool) {
				ui := t[s:e]
				i := strings.IndexByte(ui, ':')
				return s, e, "", i >= 0 && i+1 < len(ui)
			}},
		{id: "bearer", types: []string{"bearer_token"}, folds: []string{"bearer"},
			re: re(`(?i)\bbearer[ \t]+([A-Za-z0-9\-._~+/]+=*)`), group: 1, check: checkBearer},
		{id: "basic_auth", types: []string{"basic_auth"}, folds: []string{"basic"},
			re: re(`(?i)\bbasic[ \t]+([A-Za-z0-9+/]{4,}={0,2})`), group: 1, check: checkBasic},
		{id: "kv_secret", types: []string{"password", "secret", "api_key", "token"},
			folds:   []string{"pass", "pwd", "secret", "token", "key=", "key:", "key\"", "key'", "key ", "auth", "credential"},
			onLower: true,
			re:      re(`((?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|client[_-]?secret|auth|credentials?))["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"',;&<>]+))`),
			group:   -1, valFrom: 2, check: checkKV},
		{id: "prose_password", types: []string{"password"}, folds: []string{"pass", "pwd"},
			// prose, and SQL's PASSWORD 'x' (ALTER ROLE ... WITH PASSWORD 'x')
			re:    re("(?i)\\b(?:password|passwd|passphrase|pwd)[ \\t]+(?:(?:is|was|set to|changed to|reset to)[ \\t]*:?[ \\t]*[\"'`]?([^\\s\"'`,;]+)|[\"']([^\\s\"'`,;]+)[\"'])"),
			group: -1, check: checkProsePassword},
		{id: "azure_sas", types: []string{"azure_sas"}, folds: []string{"sharedaccesssignature=", "sig="},
			re: re(`(?i)(?:\bSharedAccessSignature=([^;\s"']+)|[?&]sig=([A-Za-z0-9%+/=]{16,}))`), group: -1},
		// ---- financial
		{id: "credit_card", types: []string{"credit_card"}, need: needCard,
			re: re(`\b(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}|\d{13,19})\b`), check: checkCard},
		{id: "iban", types: []string{"iban"}, need: needIBAN,
			re: re(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`), check: checkIBAN},
		// ---- personal
		{id: "us_ssn", types: []string{"ssn"}, need: needSSN,
			re: re(`\b(\d{3})-(\d{2})-(\d{4})\b`), check: checkSSN},
		{id: "email", types: []string{"email"}, need: needEmail,
			re: re(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`), check: checkEmail},
		{id: "phone", types: []string{"phone"}, need: needPhone,
			re: re(`\+[1-9](?:[ .\-]?\(?\d\)?){7,14}|\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}|\b\d{3}-\d{3}-\d{4}\b`), check: checkPhone},
		// user=, "username": "x", user.name=, User ID= (ADO), acct= (auditd),
		// principalName (MongoDB); sshd phrases; postgres user "x"; Apache
		// "user x not found"; AWS ARNs ...:user/x; sudo, su, useradd, passwd
		// (pam) lines; LDAP DNs uid=x,; the remote user of access logs.
		{id: "username", types: []string{"username"}, folds: []string{"user", "account name", "login", "password for", "publickey for", "keyboard-interactive/pam for", "acct", "principalname", "sudo:", "(to ", "password changed for", "uid=", " - "},
			onLower: true,
			re:      re(`(?:` + joinAlts(usernameAlts) + `)`),
			group:   -1, check: checkUsername},
		// ---- network
		{id: "ipv4", types: []string{"ipv4"}, need: needIPv4,
			re: re(`\b(?:\d{1,3}\.){3}\d{1,3}\b`), check: checkIPv4},
		{id: "ipv6", types: []string{"ipv6"}, need: needIPv6,
			re: re(`(?i)(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})(?:%[0-9a-z]+)?`), check: checkIPv6},
		{id: "mac", types: []string{"mac"}, need: needMAC,
			re: re(`\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}\b`), check: checkMAC},
		{id: "hostname", types: []string{"hostname"}, need: needHost,
			re: re(`\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\b`), check: checkHostname},
	}
}

// usernameAlts are the username regexp's alternatives, each with the
// literals it can start with (lower case; the rule runs on the lower-cased
// text). The anchored alternatives are also compiled one by one: at a
// candidate, trying in order only those whose literal is there gives the
// same match as the anchored union (leftmost-first: the first alternative
// that matches wins, and nothing follows the group), at a fraction of the
// backtracker's cost on the 12-way union.
var usernameAlts = []alt{
	{[]string{"user", "login", "account name", "acct", "principalname"},
		`\b(?:user(?:name)?|user[._]name|user id|login|account name|acct|principalname)["']?[ \t]*[=:][ \t]*["']?([A-Za-z0-9._\\@-]+)`},
	{[]string{"for", "invalid", "illegal"}, `\b(?:for|invalid|illegal)[ \t]+user[ \t]+["']?([A-Za-z0-9._\\@-]+)`},
	{[]string{"password", "publickey", "keyboard-interactive/pam"}, `\b(?:password|publickey|keyboard-interactive/pam)[ \t]+for[ \t]+([A-Za-z0-9._\\@-]+)[ \t]+from\b`},
	{[]string{"user"}, `\buser[ \t]+"([A-Za-z0-9._\\@-]+)"`},
	{[]string{"user"}, `\buser[ \t]+([A-Za-z0-9._\\@-]+)[ \t]+not found\b`},
	{[]string{":user/"}, `:user/([A-Za-z0-9._\\@-]+)`},
	{[]string{"sudo:"}, `\bsudo:[ \t]+([A-Za-z0-9._\\@-]+)[ \t]+:[ \t]`},
	{[]string{"(to "}, `\(to [A-Za-z0-9._-]+\)[ \t]+([A-Za-z0-9._\\@-]+)[ \t]+on\b`},
	{[]string{"new user:"}, `\bnew user:[ \t]+name=([A-Za-z0-9._\\@-]+)`},
	{[]string{"password changed for"}, `\bpassword changed for[ \t]+([A-Za-z0-9._\\@-]+)`},
	{[]string{"uid="}, `\buid=([A-Za-z0-9._\\@-]+),`},
	{[]string{" - "}, ` - ([A-Za-z0-9._\\@-]+) \[\d`},
}

// alt is one top-level alternative of a rule's regexp and the literals a
// match of it starts with.
type alt struct {
	prefixes []string
	re       string
}

func joinAlts(as []alt) string {
	res := make([]string, len(as))
	for i, a := range as {
		res[i] = a.re
	}
	return strings.Join(res, "|")
}

func rightBoundary(t string, m []int, s, e int) (int, int, string, bool) {
	return s, e, "", e == len(t) || !(isWord(t[e]) || t[e] == '-')
}

func checkJWT(t string, m []int, s, e int) (int, int, string, bool) {
	v := t[s:e]
	dot := strings.IndexByte(v, '.')
	hdr, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(v[:dot], "="))
	if err != nil {
		return s, e, "", false
	}
	var h map[string]any
	if json.Unmarshal(hdr, &h) != nil {
		return s, e, "", false
	}
	_, ok := h["alg"]
	return s, e, "", ok
}

func checkBearer(t string, m []int, s, e int) (int, int, string, bool) {
	v := t[s:e]
	if len(v) < 8 {
		return s, e, "", false
	}
	return s, e, "", strings.ContainsAny(v, "0123456789-._~+/")
}

func checkBasic(t string, m []int, s, e int) (int, int, string, bool) {
	b, err := base64.StdEncoding.DecodeString(t[s:e])
	if err != nil {
		return s, e, "", false
	}
	if !strings.Contains(string(b), ":") {
		return s, e, "", false
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return s, e, "", false
		}
	}
	return s, e, "", true
}

var nonSecretValues = map[string]bool{
	"null": true, "nil": true, "none": true, "true": true, "false": true, "yes": true, "no": true,
	"on": true, "off": true, "required": true, "optional": true, "enabled": true, "disabled": true,
	"redacted": true, "[redacted]": true, "<redacted>": true, "hidden": true, "masked": true,
	"bearer": true, "basic": true, "digest": true, "negotiate": true, "empty": true, "undefined": true,
	"invalid": true, "incorrect": true, "expired": true, "missing": true, "failed": true, "ok": true,
	"not": true, "the": true, "too": true, "wrong": true, "correct": true, "changed": true, "reset": true,
	"set": true, "sent": true, "accepted": true, "rejected": true, "for": true, "authentication": true,
}

func plausibleSecret(v string) bool {
	if len(v) < 3 {
		return false
	}
	// ToLower maps rune to rune, so a value longer than 4 bytes per byte of
	// the longest word above ("authentication") cannot lower to any of them:
	// long tokens skip the lowering and the lookup.
	var buf [32]byte
	if len(v) <= 4*len("authentication") && nonSecretValues[string(lowerInto(buf[:], v))] {
		return false
	}
	if strings.HasPrefix(v, "${") || strings.HasPrefix(v, "{{") || strings.HasPrefix(v, "$(") || strings.HasPrefix(v, "%(") {
		return false
	}
	return strings.Trim(v, "*xX.-_#") != ""
}

// lowerInto is strings.ToLower(s) as bytes, in buf when s is ASCII and fits.
// Most values and keys the checks lower are short ASCII strings, often
// with upper-case letters, for which ToLower allocates; the callers convert
// the bytes where the string does not escape (a map index, or a local of at
// most 32 bytes), which allocates nothing.
func lowerInto(buf []byte, s string) []byte {
	if len(s) > len(buf) {
		return []byte(strings.ToLower(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return []byte(strings.ToLower(s)) // Unicode case mapping
		}
		buf[i] = lowerByte[s[i]]
	}
	return buf[:len(s)]
}

func checkKV(t string, m []int, s, e int) (int, int, string, bool) {
	v := t[s:e]
	if !plausibleSecret(v) {
		return s, e, "", false
	}
	ks := m[2] // the key is the keyword plus any [A-Za-z0-9_.-] prefix
	for ks > 0 && (isWord(t[ks-1]) || t[ks-1] == '.' || t[ks-1] == '-') {
		ks--
	}
	var buf [32]byte
	key := string(lowerInto(buf[:], t[ks:m[3]]))
	if key == "pwd" && (v[0] == '/' || v[0] == '~') { // $PWD is the working directory
		return s, e, "", false
	}
	typ := "token"
	switch {
	case strings.Contains(key, "pass") || strings.HasSuffix(key, "pwd"):
		typ = "password"
	case strings.HasSuffix(key, "key") && (strings.Contains(key, "api") || strings.Contains(key, "access")):
		typ = "api_key"
	case strings.Contains(key, "secret") || strings.HasSuffix(key, "key"):
		typ = "secret"
	}
	return s, e, typ, true
}

func checkProsePassword(t string, m []int, s, e int) (int, int, string, bool) {
	if len(m) > 4 && m[4] >= 0 { // PASSWORD 'x': the quotes delimit the value
		return s, e, "", plausibleSecret(t[s:e])
	}
	for e > s && strings.IndexByte(".!?)", t[e-1]) >= 0 {
		e--
	}
	return s, e, "", plausibleSecret(t[s:e])
}

// card prefixes and lengths (IIN ranges of the major schemes).
func cardPrefixOK(d string) bool {
	n := len(d)
	p2 := atoi(d[:2])
	p3 := atoi(d[:3])
	p4 := atoi(d[:4])
	switch {
	case d[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011 || p2 == 65 || p3 >= 644 && p3 <= 649:
		return n >= 16 && n <= 19
	case p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38:
		return n >= 14 && n <= 16
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16 && n <= 19
	case p2 == 62:
		return n >= 16 && n <= 19
	}
	return false
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func luhn(d string) bool {
	sum, dbl := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		x := int(d[i] - '0')
		if dbl {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
		dbl = !dbl
	}
	return sum%10 == 0
}

func checkCard(t string, m []int, s, e int) (int, int, string, bool) {
	if s > 0 && (t[s-1] == '.' || t[s-1] == '-') || e < len(t)-1 && (t[e] == '.' || t[e] == '-') && isDigit(t[e+1]) {
		return s, e, "", false
	}
	v := t[s:e]
	sep := byte(0)
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isDigit(c) {
			b.WriteByte(c)
			continue
		}
		if sep != 0 && c != sep {
			return s, e, "", false
		}
		sep = c
	}
	d := b.String()
	if len(d) < 13 || len(d) > 19 {
		return s, e, "", false
	}
	return s, e, "", cardPrefixOK(d) && luhn(d)
}

var ibanLen = map[string]int{
	"AD": 24, "AE": 23, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21,
	"CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "ES": 24, "FI": 18, "FO": 18,
	"FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
	"IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19,
	"SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}

func checkIBAN(t string, m []int, s, e int) (int, int, string, bool) {
	v := strings.ReplaceAll(t[s:e], " ", "")
	if n, ok := ibanLen[v[:2]]; !ok || n != len(v) {
		return s, e, "", false
	}
	r := v[4:] + v[:4]
	mod := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case isDigit(c):
			mod = (mod*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			mod = (mod*100 + int(c-'A'+10)) % 97
		default:
			return s, e, "", false
		}
	}
	return s, e, "", mod == 1
}

func checkSSN(t string, m []int, s, e int) (int, int, string, bool) {
	area, group, serial := t[m[2]:m[3]], t[m[4]:m[5]], t[m[6]:m[7]]
	if area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000" {
		return s, e, "", false
	}
	if s > 0 && t[s-1] == '-' || e < len(t) && t[e] == '-' {
		return s, e, "", false
	}
	return s, e, "", true
}

func checkEmail(t string, m []int, s, e int) (int, int, string, bool) {
	for s < e && t[s] == '.' {
		s++
	}
	at := strings.IndexByte(t[s:e], '@')
	if at <= 0 {
		return s, e, "", false
	}
	if s > 0 && t[s-1] == ':' { // password@host inside scheme://user:password@host
		tok := t[:s]
		if i := strings.LastIndexAny(tok, " \t\n\"'<>"); i >= 0 {
			tok = tok[i+1:]
		}
		if strings.Contains(tok, "://") {
			return s, e, "", false
		}
	}
	tld := t[strings.LastIndexByte(t[:e], '.')+1 : e]
	for i := 0; i < len(tld); i++ {
		if !isAlpha(tld[i]) {
			return s, e, "", false
		}
	}
	return s, e, "", len(tld) >= 2
}

func checkPhone(t string, m []int, s, e int) (int, int, string, bool) {
	if s > 0 && (isAlnum(t[s-1]) || t[s-1] == '-' || t[s-1] == '.' || t[s-1] == '/') {
		return s, e, "", false
	}
	if e < len(t) && (isAlnum(t[e]) || (t[e] == '-' || t[e] == '.' || t[e] == ':') && e+1 < len(t) && isDigit(t[e+1])) {
		return s, e, "", false
	}
	n := 0
	for i := s; i < e; i++ {
		if isDigit(t[i]) {
			n++
		}
	}
	v := t[s:e]
	if v[0] == '+' {
		return s, e, "", n >= 8 && n <= 15
	}
	// NANP: area code and exchange must start with 2-9
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, v)
	return s, e, "", len(d) == 10 && d[0] >= '2' && d[3] >= '2'
}

var usernameStop = map[string]bool{
	"root": true, "nobody": true, "daemon": true, "system": true, "sshd": true, "www-data": true,
	"-": true, "unknown": true, "null": true, "none": true, "from": true, "by": true, "is": true,
	"name": true, "id": true, "the": true, "admin": false,
	"sa": true, // SQL Server's built-in administrator, like root
}

func checkUsername(t string, m []int, s, e int) (int, int, string, bool) {
	for e > s && (t[e-1] == '.' || t[e-1] == '-') {
		e--
	}
	// The value is ASCII (the regexp's value class), so lower-casing ASCII
	// letters into a stack buffer is strings.ToLower without its allocation;
	// a map lookup with string(buf[:n]) does not allocate either.
	digits := true
	for i := s; i < e; i++ {
		digits = digits && isDigit(t[i])
	}
	if digits { // uid=1001, UID=1051: ids, not names
		return s, e, "", false
	}
	var buf [64]byte
	if e-s > len(buf) {
		return s, e, "", true // longer than every stop word
	}
	for i := s; i < e; i++ {
		buf[i-s] = lowerByte[t[i]]
	}
	return s, e, "", !usernameStop[string(buf[:e-s])]
}

func checkIPv4(t string, m []int, s, e int) (int, int, string, bool) {
	no := func() (int, int, string, bool) { return s, e, "", false }
	if s > 0 && (t[s-1] == '.' || isWord(t[s-1])) {
		return no()
	}
	if e+1 < len(t) && (t[e] == '.' && isDigit(t[e+1]) || t[e] == '-' && isAlnum(t[e+1])) {
		return no() // 1.2.3.4.5, 10.2.3.4-rc1
	}
	for i := s; i < e; {
		j := i
		for j < e && t[j] != '.' {
			j++
		}
		if j-i > 1 && t[i] == '0' || atoi(t[i:j]) > 255 {
			return no()
		}
		i = j + 1
	}
	// not a version: preceded by "v", "ver", "version" (+ optional space/=/:)
	p := s
	for p > max(0, s-12) && (t[p-1] == ' ' || t[p-1] == '\t' || t[p-1] == '=' || t[p-1] == ':') {
		p--
	}
	// each word ends in one of "nrvde": other bytes before p skip the loop
	if p == 0 || !versionLast[t[p-1]] {
		return s, e, "", true
	}
	for _, w := range []string{"version", "ver", "v", "build", "release", "rev"} {
		k := p - len(w)
		if k >= max(0, s-12) && asciiEqualFold(t[k:p], w) && (k == max(0, s-12) || !isAlpha(t[k-1])) {
			return no()
		}
	}
	return s, e, "", true
}

// versionLast holds the last letters (both cases) of checkIPv4's words.
var versionLast = *makeExact("nrvdeNRVDE")

// asciiEqualFold reports whether a equals the lower-case ASCII word w,
// folding ASCII letters only.
func asciiEqualFold(a, w string) bool {
	if len(a) != len(w) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 32
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

func checkIPv6(t string, m []int, s, e int) (int, int, string, bool) {
	if s > 0 && (isWord(t[s-1]) || t[s-1] == ':' || t[s-1] == '.') {
		return s, e, "", false
	}
	if e < len(t) && (isWord(t[e]) || t[e] == ':') {
		return s, e, "", false
	}
	v := t[s:e]
	a, err := netip.ParseAddr(v)
	if err != nil || !a.Is6() || v == "::" {
		return s, e, "", false
	}
	return s, e, "", true
}

func checkMAC(t string, m []int, s, e int) (int, int, string, bool) {
	if s > 0 && (t[s-1] == ':' || t[s-1] == '-') {
		return s, e, "", false
	}
	if e < len(t) && (t[e] == ':' || t[e] == '-') && e+1 < len(t) && isHex(t[e+1]) {
		return s, e, "", false
	}
	return s, e, "", true
}

func checkHostname(t string, m []int, s, e int) (int, int, string, bool) {
	no := func() (int, int, string, bool) { return s, e, "", false }
	first := strings.IndexByte(t[s:e], '.') + s
	lastDot := strings.LastIndexByte(t[s:e], '.') + s
	last := t[lastDot+1 : e]
	upper, lower := false, false
	var buf [63]byte
	for i := 0; i < len(last); i++ {
		c := last[i]
		if 'A' <= c && c <= 'Z' {
			upper = true
			c += 32
		} else {
			lower = true
		}
		buf[i] = c
	}
	if upper && lower {
		return no()
	}
	tld := buf[:len(last)]
	if !isTLDBytes(tld) {
		return no()
	}
	if isReverseDNSRoot(t[s:first]) {
		return no() // Java/Kotlin package or class name: com.example.app
	}
	if first == lastDot && fileExtTLDs[string(tld)] { // no allocation for a map key
		return no() // README.md, deploy.sh, main.py
	}
	if e < len(t) && (t[e] == '(' || t[e] == '.' && e+1 < len(t) && isAlpha(t[e+1])) {
		return no() // method call or continued identifier
	}
	if s > 0 && (t[s-1] == '.' || t[s-1] == '-') {
		return no()
	}
	return s, e, "", true
}

func isReverseDNSRoot(label string) bool {
	if len(label) > 8 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(label); i++ {
		c := label[i]
		if 'A' <= c && c <= 'Z' {
			c += 32
		}
		buf[i] = c
	}
	return reverseDNSRoots[string(buf[:len(label)])]
}
