// This program must NOT compile: it is how code outside package egress would try to turn raw
// text into an outbound payload. TestRawTextCannotBecomeApproved builds it and expects these
// exact refusals from the compiler.
package main

import "tftsr/internal/egress"

func main() {
	raw := "password=hunter2 from 10.0.0.1"
	_ = egress.Approved{text: raw}       // unexported field
	_ = egress.Approved{raw, 0, 0, true} // unexported fields, positional
	var a egress.Approved
	a.text = raw // unexported field
	a.ok = true  // unexported field
	_ = a
}
