//go:build !race

package pii

// linearWorkSize is the length of TestScanLinearWork's adversarial lines.
const linearWorkSize = 1 << 20
