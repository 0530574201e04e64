package confluence

// PageForTest builds a PageInput directly from storage format, for the client's own tests (outside
// tests a page is made only from approved text by NewPage).
func PageForTest(title, body string, atts ...Attachment) PageInput {
	return PageInput{title: title, body: body, attachments: atts}
}
