// Package storage converts Markdown (CommonMark + GFM tables, strikethrough, task lists and
// autolinks, parsed by goldmark) into Confluence storage format: well-formed XHTML with the
// ac:/ri: namespaces, as a fragment without a root element.
//
// Choices:
//
//   - Code blocks become the code macro with the body in CDATA. A "]]>" in code is split across
//     two sections ("]]]]><![CDATA[>") so the text reads back unchanged. The language parameter
//     is always one of Languages() — the set Confluence's Code Block macro documents — because
//     any other value makes the macro fail to render. Common aliases are mapped (sh/shell/zsh/
//     console→bash, js/ts/jsx/tsx→javascript, json→javascript since JSON is JavaScript object
//     syntax, py→python, yml→yaml, html→xml, c/h→cpp, cs→csharp, ps1→powershell, …); anything
//     else, Go and Rust included, is "none".
//   - Raw HTML in the Markdown, block or inline, is never passed through as markup: it is shown
//     as the text that was typed, so a document containing <script> displays "<script>".
//   - Links keep only http, https and mailto URLs and scheme-less references (relative paths,
//     #anchors); a link to any other scheme (javascript:, data:, file:) keeps its text and loses
//     its target.
//   - Images: a data: URI of PNG, JPEG, GIF or SVG is decoded into an Attachment (named from the
//     alt text plus a running number, e.g. "diagram-1.png"; an identical image is attached once)
//     and referenced with <ri:attachment>; an http(s) image is referenced with <ri:url>; any
//     other source, local paths included, is replaced by its alt text. Local files are never
//     read: that would publish data nobody reviewed.
//   - XML 1.0 cannot carry every character. Before parsing, line endings become \n and C0
//     control characters other than tab and newline, U+FFFE, U+FFFF and bytes that are not
//     valid UTF-8 (which includes encoded lone surrogates) are dropped; a character reference
//     that produces one of them (&#1;) is dropped from the output too. Everything else —
//     emoji, right-to-left scripts, CJK, arrows, underscores — is kept byte for byte.
//   - Text is escaped (&, <, >, ") everywhere, including ">" so a "]]>" in prose is harmless;
//     empty elements use the XHTML form Confluence accepts (<br/>, <hr/>).
//   - A list whose items are all GFM tasks becomes an <ac:task-list>; a list mixing tasks and
//     plain items stays a list, its checkboxes written as "[x]" / "[ ]".
//
// The renderer walks the AST once and writes each source byte a bounded number of times, so
// time is linear in the input for real documents (a 200 KB line is no special case; see
// BenchmarkConvertLongLine). goldmark's parser itself has known super-linear cases on
// adversarial prose — tens of thousands of nested "> " markers or unclosed "![a](" on one
// line — which no generated document contains; text inside code blocks is not affected.
// MaxInputBytes bounds the input.
package storage
