package storage

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func corpus(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 12 {
		t.Fatalf("corpus has %d documents, want at least 12", len(files))
	}
	return files
}

// attachmentsGolden describes attachments one per line: name, type, size, SHA-256.
func attachmentsGolden(atts []Attachment) string {
	var b strings.Builder
	for _, a := range atts {
		fmt.Fprintf(&b, "%s %s %d %x\n", a.Filename, a.ContentType, len(a.Data), sha256.Sum256(a.Data))
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" && strings.HasSuffix(path, ".attachments.txt") {
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && got == "" && strings.HasSuffix(path, ".attachments.txt") {
		return
	}
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// TestGolden converts every testdata/*.md and compares with testdata/*.storage.xml (and
// *.attachments.txt). Beyond the bytes, each output must parse as XML with only the converter's
// vocabulary, use only Languages() in code macros, reassemble every code block exactly, and
// show every word of the source.
func TestGolden(t *testing.T) {
	for _, file := range corpus(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Convert(string(src))
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			base := strings.TrimSuffix(file, ".md")
			checkGolden(t, base+".storage.xml", res.XHTML)
			checkGolden(t, base+".attachments.txt", attachmentsGolden(res.Attachments))

			p, err := checkStorage(string(src), res)
			if err != nil {
				t.Fatal(err)
			}
			visible := map[string]bool{}
			for _, w := range words(p.text) {
				visible[w] = true
			}
			s := sanitize(string(src))
			for _, m := range markdownOnly {
				s = regexp.MustCompile(m.from).ReplaceAllString(s, m.to)
			}
			missing := map[string]bool{}
			for _, w := range words(s) {
				if !visible[w] {
					missing[w] = true
				}
			}
			if len(missing) > 0 {
				t.Errorf("words of the source missing from the page text: %q", keys(missing))
			}
		})
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func convert(t *testing.T, md string) (Result, parsed) {
	t.Helper()
	res, err := Convert(md)
	if err != nil {
		t.Fatalf("Convert(%q): %v", md, err)
	}
	p, err := checkStorage(md, res)
	if err != nil {
		t.Fatalf("Convert(%q) = %q: %v", md, res.XHTML, err)
	}
	return res, p
}

func TestCodeMacroCDATA(t *testing.T) {
	for _, tc := range []struct {
		name, code, wantBody string
	}{
		{name: "plain", code: "a < b && c", wantBody: "<![CDATA[a < b && c]]>"},
		{name: "end marker", code: "x]]>y", wantBody: "<![CDATA[x]]]]><![CDATA[>y]]>"},
		{name: "end marker twice", code: "]]>]]>", wantBody: "<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>"},
		{name: "extra brackets", code: "]]]]>", wantBody: "<![CDATA[]]]]]]><![CDATA[>]]>"},
		{name: "no marker", code: "]] >", wantBody: "<![CDATA[]] >]]>"},
		{name: "empty", code: "", wantBody: "<![CDATA[]]>"},
		{name: "trailing bracket", code: "a]]", wantBody: "<![CDATA[a]]]]>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := "```\n" + tc.code + "\n```\n"
			res, p := convert(t, md)
			if !strings.Contains(res.XHTML, "<ac:plain-text-body>"+tc.wantBody+"</ac:plain-text-body>") {
				t.Errorf("body not written as %s:\n%s", tc.wantBody, res.XHTML)
			}
			if diff := cmp.Diff([]string{tc.code}, p.codes); diff != "" {
				t.Errorf("code read back (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCodeLanguage(t *testing.T) {
	for _, tc := range []struct{ info, want string }{
		{"", "none"}, {"bash", "bash"}, {"sh", "bash"}, {"shell", "bash"}, {"zsh", "bash"},
		{"console", "bash"}, {"js", "javascript"}, {"ts", "javascript"}, {"typescript", "javascript"},
		{"jsx", "javascript"}, {"json", "javascript"}, {"py", "python"}, {"Python", "python"},
		{"yml", "yaml"}, {"yaml", "yaml"}, {"html", "xml"}, {"c", "cpp"}, {"c++", "cpp"},
		{"cs", "csharp"}, {"c#", "csharp"}, {"go", "none"}, {"rust", "none"}, {"ps1", "powershell"},
		{"erlang", "erl"}, {"patch", "diff"}, {"{.py}", "python"}, {"language-ruby", "ruby"},
		{"sql title=\"q.sql\"", "sql"}, {"brainfuck", "none"}, {"javascript:alert(1)", "none"},
		{"none", "none"}, {"text", "text"},
	} {
		if got := codeLanguage(tc.info); got != tc.want {
			t.Errorf("codeLanguage(%q) = %q, want %q", tc.info, got, tc.want)
		}
	}
}

// The language set is a contract with Confluence: a value outside the documented set breaks
// the macro, so additions must be deliberate.
func TestLanguagesIsDocumentedSet(t *testing.T) {
	want := []string{"actionscript3", "applescript", "bash", "coldfusion", "cpp", "csharp", "css",
		"delphi", "diff", "erl", "groovy", "java", "javafx", "javascript", "none", "perl", "php",
		"powershell", "python", "ruby", "sass", "scala", "sql", "text", "vb", "xml", "yaml"}
	if diff := cmp.Diff(want, Languages()); diff != "" {
		t.Errorf("Languages() (-want +got):\n%s", diff)
	}
	for alias, l := range languageAliases {
		if codeLanguage(alias) != l {
			t.Errorf("alias %q does not map to %q", alias, l)
		}
		if !strings.Contains(strings.Join(want, " "), l) {
			t.Errorf("alias %q maps to %q, outside Languages()", alias, l)
		}
	}
}

func TestRawHTMLIsText(t *testing.T) {
	for _, md := range []string{
		"<script>alert(1)</script>\n",
		"before <script>alert(1)</script> after\n",
		"<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n",
		"- item <script>alert(1)</script>\n",
		"| a |\n|---|\n| <script>alert(1)</script> |\n",
	} {
		res, p := convert(t, md)
		if !strings.Contains(p.text, "<script>alert(1)</script>") {
			t.Errorf("%q: the page does not show the text <script>alert(1)</script>: %q", md, res.XHTML)
		}
		if strings.Contains(res.XHTML, "<script") {
			t.Errorf("%q: output contains markup <script: %q", md, res.XHTML)
		}
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		md       string
		wantHref string // "" = no link
		wantText string
	}{
		{"[x](https://a.example/p?q=1&r=2)", "https://a.example/p?q=1&r=2", "x"},
		{"[x](http://a.example)", "http://a.example", "x"},
		{"[x](mailto:a@b.example)", "mailto:a@b.example", "x"},
		{"[x](../rel/path.md)", "../rel/path.md", "x"},
		{"[x](#anchor)", "#anchor", "x"},
		{"[x](/abs/path:with-colon)", "/abs/path:with-colon", "x"},
		{"[](https://empty.example/label)", "https://empty.example/label", "https://empty.example/label"},
		{"[click](javascript:alert(1))", "", "click"},
		{"[click](JavaScript:alert(1))", "", "click"},
		{"[click](&#106;avascript:alert(1))", "", "click"},
		{"[click](<java\tscript:alert(1)>)", "", "click"},
		{"[click](vbscript:x)", "", "click"},
		{"[click](data:text/html,x)", "", "click"},
		{"[click](file:///etc/passwd)", "", "click"},
		{"<javascript:alert(1)>", "", "<javascript:alert(1)>"},
		{"<ftp://files.example>", "", "<ftp://files.example>"},
		{"<ac:task> typed in prose", "", "<ac:task> typed in prose"},
		{"<https://a.example/x>", "https://a.example/x", "https://a.example/x"},
		{"<ops@example.com>", "mailto:ops@example.com", "ops@example.com"},
		{"see www.example.org now", "http://www.example.org", "www.example.org"},
		{"see https://bare.example.net/p.", "https://bare.example.net/p", "https://bare.example.net/p"},
	} {
		res, p := convert(t, tc.md)
		var want []string
		if tc.wantHref != "" {
			want = []string{tc.wantHref}
		}
		if diff := cmp.Diff(want, p.hrefs); diff != "" {
			t.Errorf("%q: hrefs (-want +got):\n%s\n%s", tc.md, diff, res.XHTML)
		}
		if !strings.Contains(p.text, tc.wantText) {
			t.Errorf("%q: text %q not shown: %s", tc.md, tc.wantText, res.XHTML)
		}
	}
}

func TestImages(t *testing.T) {
	png := "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
	t.Run("data URI becomes an attachment", func(t *testing.T) {
		md := "![Error rate: p99 → 2s](data:image/png;base64," + png + ")\n\n![Error rate: p99 → 2s](data:image/png;base64," + png + ")\n\n![](data:image/png;base64," + strings.ReplaceAll(png, "/", "_") + ")" // URL-safe alphabet, same bytes
		res, p := convert(t, md)
		if len(res.Attachments) != 1 {
			t.Fatalf("attachments = %d, want 1 (same image thrice)", len(res.Attachments))
		}
		a := res.Attachments[0]
		if a.Filename != "error-rate-p99-2s-1.png" || a.ContentType != "image/png" || !bytes.HasPrefix(a.Data, []byte("\x89PNG")) {
			t.Errorf("attachment = %q %q % x…", a.Filename, a.ContentType, a.Data[:8])
		}
		if diff := cmp.Diff([]string{a.Filename, a.Filename, a.Filename}, p.images); diff != "" {
			t.Errorf("references (-want +got):\n%s", diff)
		}
		if !strings.Contains(res.XHTML, `<ac:image ac:alt="Error rate: p99 → 2s"><ri:attachment ri:filename="error-rate-p99-2s-1.png"/></ac:image>`) {
			t.Errorf("markup: %s", res.XHTML)
		}
	})
	t.Run("local files are never read", func(t *testing.T) {
		dir := t.TempDir()
		secret := filepath.Join(dir, "secret.png")
		payload := "\x89PNG\r\n\x1a\nSECRET-PAYLOAD-7f3a"
		if err := os.WriteFile(secret, []byte(payload), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, src := range []string{secret, "file://" + secret, "./secret.png"} {
			res, p := convert(t, "![the alt]("+src+")")
			if len(res.Attachments) != 0 || strings.Contains(res.XHTML, "SECRET") || strings.Contains(res.XHTML, "secret") {
				t.Errorf("%s: local file leaked: %s %v", src, res.XHTML, res.Attachments)
			}
			if strings.TrimSpace(p.text) != "the alt" || strings.Contains(res.XHTML, "<ac:image") {
				t.Errorf("%s: want the alt text only, got %s", src, res.XHTML)
			}
		}
	})
	t.Run("http image", func(t *testing.T) {
		res, _ := convert(t, `![g](https://img.example/a.png?x=1&y="2")`)
		want := `<ac:image ac:alt="g"><ri:url ri:value="https://img.example/a.png?x=1&amp;y=%222%22"/></ac:image>`
		if !strings.Contains(res.XHTML, want) {
			t.Errorf("got %s, want %s", res.XHTML, want)
		}
	})
	t.Run("refused payloads", func(t *testing.T) {
		for _, md := range []string{
			"![x](data:image/png;base64,PHNjcmlwdD4=)",      // not a PNG
			"![x](data:image/png;base64,@@@)",               // not base64
			"![x](data:text/html;base64,PHNjcmlwdD4=)",      // not an image type
			"![x](data:image/webp;base64,UklGRgAAAABXRUJQ)", // not in the accepted set
			"![x](data:image/png;base64,)",                  // empty
		} {
			res, p := convert(t, md)
			if len(res.Attachments) != 0 || strings.TrimSpace(p.text) != "x" {
				t.Errorf("%q: got %s %v, want the alt text only", md, res.XHTML, res.Attachments)
			}
		}
	})
}

func TestFileBase(t *testing.T) {
	for _, tc := range []struct{ alt, want string }{
		{"", "image"}, {"Diagram", "diagram"}, {"Error rate: p99 → 2s", "error-rate-p99-2s"},
		{"../../etc/passwd", "etc-passwd"}, {"日本語", "image"}, {"a_b.c", "a_b.c"},
		{strings.Repeat("x", 100), strings.Repeat("x", 40)},
	} {
		if got := fileBase(tc.alt); got != tc.want {
			t.Errorf("fileBase(%q) = %q, want %q", tc.alt, got, tc.want)
		}
	}
}

func TestTaskList(t *testing.T) {
	res, p := convert(t, "- [x] done `a_b`\n- [ ] open\n")
	want := "<ac:task-list>\n<ac:task>\n<ac:task-status>complete</ac:task-status>\n<ac:task-body>done <code>a_b</code></ac:task-body>\n</ac:task>\n" +
		"<ac:task>\n<ac:task-status>incomplete</ac:task-status>\n<ac:task-body>open</ac:task-body>\n</ac:task>\n</ac:task-list>\n"
	if diff := cmp.Diff(want, res.XHTML); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if strings.Contains(p.text, "[x]") {
		t.Errorf("checkbox written as text in a task list: %q", p.text)
	}
}

// Characters XML 1.0 cannot carry are dropped; everything around them stays.
func TestInvalidXMLCharacters(t *testing.T) {
	md := "a\x00b\x01c\x1bd\ufffee\uffffg\xffh\xed\xa0\x80i &#1;j &#xFFFE;k \x7f\tl\r\nm\rn"
	res, p := convert(t, md)
	if got, want := p.text, "ab"+"c"+"d"+"e"+"g"+"h"+"i j k \x7f\tl\nm\nn"; !strings.Contains(got, want) {
		t.Errorf("text = %q, want it to contain %q", got, want)
	}
	for _, bad := range []string{"\x00", "\x01", "\x1b", "\ufffe", "\uffff", "\r"} {
		if strings.Contains(res.XHTML, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
}

func TestPreservesScriptsAndSymbols(t *testing.T) {
	for _, s := range []string{
		"🚨 👩‍💻 🇩🇪", "انقطاع الخدمة", "השירות הושבת", "支付网关", "A → B", "user_id_field",
		"e\u0301", "x_1 and snake__double__under",
	} {
		_, p := convert(t, s+"\n")
		if strings.TrimSpace(p.text) != s {
			t.Errorf("text = %q, want %q", p.text, s)
		}
	}
}

// A 200 KB line (and a 200 KB code line) converts completely. Speed is measured by
// BenchmarkConvertLongLine, not here.
func TestVeryLongLine(t *testing.T) {
	line := strings.Repeat("retry_after → 🚀 _x_ *y* [z] `c` <b> & ", 200<<10/40)
	md := line + "\n\n```\n" + line + "\n```\n"
	_, p := convert(t, md)
	if len(p.codes) != 1 || p.codes[0] != line {
		t.Fatalf("code line not kept")
	}
	if !strings.Contains(p.text, "retry_after → 🚀 x y [z] c <b> & retry_after") {
		t.Errorf("prose line not kept")
	}
}

func TestEmptyAndLimits(t *testing.T) {
	for _, md := range []string{"", "\n\n", "   "} {
		res, err := Convert(md)
		if err != nil || res.XHTML != "" || res.Attachments != nil {
			t.Errorf("Convert(%q) = %q, %v, %v; want empty", md, res.XHTML, res.Attachments, err)
		}
	}
	_, err := Convert(strings.Repeat("a", MaxInputBytes+1))
	if !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("oversized input: err = %v, want ErrInvalid", err)
	}
}

func FuzzConvert(f *testing.F) {
	for _, file := range corpus(f) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Add("```\n]]>\n```")
	f.Add("<![CDATA[ ]]> &#0; \x00 [a](javascript:x) ![b](data:image/png;base64,AAAA)")
	f.Fuzz(func(t *testing.T, md string) {
		res, err := Convert(md)
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		if _, err := checkStorage(md, res); err != nil {
			t.Fatalf("%v\ninput: %q\noutput: %q", err, md, res.XHTML)
		}
	})
}

// rcaDocument repeats the corpus' RCA-like documents to about size bytes.
func rcaDocument(b *testing.B, size int) string {
	var parts []string
	for _, name := range []string{"rca_full", "tables", "unicode", "nested_lists", "task_lists", "code_languages", "identifiers"} {
		src, err := os.ReadFile(filepath.Join("testdata", name+".md"))
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, string(src))
	}
	var sb strings.Builder
	for sb.Len() < size {
		for _, p := range parts {
			sb.WriteString(p)
			sb.WriteString("\n\n")
		}
	}
	return sb.String()
}

func BenchmarkConvert(b *testing.B) {
	md := rcaDocument(b, 1<<20)
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Convert(md); err != nil {
			b.Fatal(err)
		}
	}
}

// Throughput must stay flat as a single line grows: a quadratic step would show as MB/s
// falling with size.
func BenchmarkConvertLongLine(b *testing.B) {
	for _, size := range []int{50 << 10, 200 << 10, 800 << 10} {
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			md := strings.Repeat("connection_pool → retry *x* _y_ `z` [l](https://e.x) www.e.x ", size/60)
			b.SetBytes(int64(len(md)))
			for b.Loop() {
				if _, err := Convert(md); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
