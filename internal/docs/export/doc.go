// Package export renders a document's Markdown as a Markdown file, a
// standalone HTML page and an A4 PDF.
//
// HTML is goldmark (GFM) with raw HTML shown as escaped text, links limited
// to http, https, mailto and #fragments, images to http(s) and data:image;
// inline CSS only and a CSP that forbids scripts.
//
// The PDF is laid out by this package on top of fpdf: the goldmark AST is
// walked and every block (headings with outline bookmarks, paragraphs,
// nested and task lists, tables with wrapping cells and repeated headers,
// quotes, code blocks, rules) is broken into lines and paginated here, so
// nothing runs off the page and every character of the source is kept.
// Fonts are embedded (fonts/, with licenses) and subset by fpdf: DejaVu Sans
// and Sans Mono, with a per-rune fallback to Droid Sans Fallback for CJK and
// NanumSquare for Hangul.
//
// Limitations of the PDF:
//   - Right-to-left text (Hebrew, Arabic) is reordered per line into visual
//     order by a minimal bidi pass (bidi.go), always inside a left-to-right
//     paragraph. Arabic is joined by substituting presentation forms
//     (shape.go: Forms-B, lam-alef ligatures, Forms-A for the Persian/Urdu
//     letters DejaVu has); letters without forms in DejaVu print unjoined,
//     there are no optional ligatures or mark positioning, and code blocks are
//     neither shaped nor reordered. The text layer holds what is drawn, so
//     copy/paste and extraction yield presentation-form characters, which
//     NFKC normalisation maps back to the letters (search may need it).
//   - Runes no embedded font has (Thai, Devanagari, most emoji in
//     the BMP such as ✅) print as a missing-glyph box but stay in the text
//     layer, so copy, search and screen readers still get them.
//   - fpdf encodes text as 2-byte CIDs, so runes above U+FFFF (🔥 and most
//     emoji) cannot be drawn at all; they are printed as their code point,
//     e.g. "[U+1F525]", rather than dropped.
//   - Images are not embedded: the PDF shows "[image: alt]", linked when the
//     source is an http(s) URL.
package export
