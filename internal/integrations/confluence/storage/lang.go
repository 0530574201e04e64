package storage

import (
	"slices"
	"strings"
)

// codeLanguages are the values of the code macro's language parameter that Convert emits: the
// set documented for Confluence's Code Block macro (Cloud and Data Center). A value outside it
// makes the macro fail to render ("Error rendering macro 'code'"), so anything else maps to
// "none".
var codeLanguages = []string{
	"none", "actionscript3", "applescript", "bash", "coldfusion", "cpp", "csharp", "css", "delphi",
	"diff", "erl", "groovy", "java", "javafx", "javascript", "perl", "php", "powershell", "python",
	"ruby", "sass", "scala", "sql", "text", "vb", "xml", "yaml",
}

// languageAliases maps a fence's info word (lower-cased) to a Confluence language. Names already
// in codeLanguages map to themselves and are not repeated here.
var languageAliases = map[string]string{
	// shells
	"sh": "bash", "shell": "bash", "zsh": "bash", "ksh": "bash", "console": "bash",
	"shell-session": "bash", "shellsession": "bash", "terminal": "bash",
	// JavaScript family; JSON is JavaScript's object syntax, so it highlights correctly.
	"js": "javascript", "jsx": "javascript", "mjs": "javascript", "cjs": "javascript",
	"node": "javascript", "ts": "javascript", "tsx": "javascript", "typescript": "javascript",
	"json": "javascript", "jsonc": "javascript", "json5": "javascript",
	// others
	"py": "python", "python3": "python", "py3": "python",
	"yml":  "yaml",
	"html": "xml", "htm": "xml", "xhtml": "xml", "svg": "xml", "xsl": "xml", "xslt": "xml",
	"html/xml": "xml",
	"c":        "cpp", "h": "cpp", "hpp": "cpp", "cc": "cpp", "cxx": "cpp", "c++": "cpp",
	"cs": "csharp", "c#": "csharp",
	"ps1": "powershell", "pwsh": "powershell", "posh": "powershell",
	"rb": "ruby", "pl": "perl", "scss": "sass",
	"erlang": "erl", "patch": "diff", "udiff": "diff",
	"vbnet": "vb", "vb.net": "vb", "vbscript": "vb",
	"as3": "actionscript3", "actionscript": "actionscript3",
	"cf": "coldfusion", "cfm": "coldfusion", "pascal": "delphi", "jfx": "javafx",
	"osascript": "applescript",
	"mysql":     "sql", "postgresql": "sql", "postgres": "sql", "psql": "sql", "plsql": "sql",
	"tsql": "sql", "sqlite": "sql",
	"txt": "text", "plain": "text", "plaintext": "text", "log": "text",
}

// Languages returns the code-macro languages Convert can emit, sorted.
func Languages() []string {
	out := slices.Clone(codeLanguages)
	slices.Sort(out)
	return out
}

// codeLanguage maps a fenced block's info string to a Confluence language, or "none".
func codeLanguage(info string) string {
	w := strings.ToLower(strings.TrimSpace(info))
	if i := strings.IndexAny(w, " \t,}"); i >= 0 {
		w = w[:i]
	}
	w = strings.TrimLeft(w, "{.") // pandoc-style {.python}
	w = strings.TrimPrefix(w, "language-")
	if w == "" {
		return "none"
	}
	if slices.Contains(codeLanguages, w) {
		return w
	}
	if l, ok := languageAliases[w]; ok {
		return l
	}
	return "none"
}
