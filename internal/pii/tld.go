package pii

import "strings"

// A subset of real IANA top-level domains: common generic TLDs and all
// two-letter country-code TLDs, plus "internal", which ICANN reserved for
// private use in 2024 and cloud providers use for every instance name
// (ip-10-8-3-117.eu-west-1.compute.internal). Other non-delegated names
// (local, corp, lan) are deliberately absent.
const genericTLDs = "com net org edu gov mil int biz mobi asia tel travel jobs aero coop museum " +
	"io dev app cloud ai tech online site store shop blog xyz top club live news page link " +
	"space website digital network systems solutions services email host software security " +
	"health finance bank insurance agency company group global world zone today media studio " +
	"design academy center support tools works internal"

const ccTLDs = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br " +
	"bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee " +
	"eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn " +
	"hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk " +
	"lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng " +
	"ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se " +
	"sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz " +
	"ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"

// fileExtTLDs are real TLDs that are far more often a file extension or an
// English word; a two-label name ending in one (README.md, run.sh) is not a host.
const fileExtList = "md sh py rs pl so cc tf am ac pm in ml mk la mo ps ai cl zip mov pro " +
	"is it to at as be by me my no us do id tv"

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	tldSet          = wordSet(genericTLDs + " " + ccTLDs)
	fileExtTLDs     = wordSet(fileExtList)
	reverseDNSRoots = wordSet("com org net java javax jdk sun android androidx kotlin kotlinx scala io edu gov")
)

func isTLD(s string) bool { return tldSet[s] }

// tld2 and tld3 hold the two- and three-letter TLDs (most of the lookups:
// country codes, io, ai, com, org, net), so that they need no map lookup:
// indexed by the letters minus 'a'.
var tld2, tld3 = func() (t2 [26][26]bool, t3 [26][26][26]bool) {
	for w := range tldSet {
		switch len(w) {
		case 2:
			t2[w[0]-'a'][w[1]-'a'] = true
		case 3:
			t3[w[0]-'a'][w[1]-'a'][w[2]-'a'] = true
		}
	}
	return t2, t3
}()

// isTLDBytes is isTLD(string(b)) without a string conversion call.
func isTLDBytes(b []byte) bool {
	switch {
	case len(b) == 2 && b[0]-'a' < 26 && b[1]-'a' < 26:
		return tld2[b[0]-'a'][b[1]-'a']
	case len(b) == 3 && b[0]-'a' < 26 && b[1]-'a' < 26 && b[2]-'a' < 26:
		return tld3[b[0]-'a'][b[1]-'a'][b[2]-'a']
	}
	return tldSet[string(b)]
}
