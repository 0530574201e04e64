package pii

import (
	"math/rand/v2"
	"testing"
)

// asciiLower (eight bytes at a time) must equal lowerByte on every byte:
// every byte value at every position of the word, next to every other
// value class, plus random strings of every length around the chunk sizes.
func TestASCIILowerAgrees(t *testing.T) {
	slow := func(s string) string {
		b := []byte(s)
		for i := range b {
			b[i] = lowerByte[b[i]]
		}
		return string(b)
	}
	var buf [8]byte
	for c := 0; c < 256; c++ {
		for _, fill := range []byte{0, 'A', 'Z', '@', '[', 'a', 0x7f, 0x80, 0xc1, 0xda, 0xff} {
			for pos := range buf {
				for k := range buf {
					buf[k] = fill
				}
				buf[pos] = byte(c)
				if got, want := asciiLower(string(buf[:])), slow(string(buf[:])); got != want {
					t.Fatalf("asciiLower(%q) = %q, want %q", buf[:], got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 4095, 4096, 4097, 8191, 10000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		if got, want := asciiLower(string(b)), slow(string(b)); got != want {
			t.Fatalf("asciiLower disagrees on a random string of %d bytes", n)
		}
	}
}
