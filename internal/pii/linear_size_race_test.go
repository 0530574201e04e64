//go:build race

package pii

// linearWorkSize is the length of TestScanLinearWork's adversarial lines:
// smaller under the race detector (see TestScanLinearWork).
const linearWorkSize = 1 << 16
