package ai

import (
	"fmt"
	"strings"
	"testing"
)

// openAIFrames is n chat.completion.chunk frames as api.openai.com sends them (~230 bytes each).
func openAIFrames(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "data: {\"id\":\"chatcmpl-AbCdEf0123456789\",\"object\":\"chat.completion.chunk\",\"created\":1764230400,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0123456789\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token%d\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n", i)
	}
	b.WriteString("data: [DONE]\n\n")
	return b.String()
}

// BenchmarkReadSSE is the event-stream framing alone (docs/benchmarks.md: ≥ 50 MB/s target for
// the whole stream parser; the per-provider benchmarks add JSON decoding).
func BenchmarkReadSSE(b *testing.B) {
	body := openAIFrames(20000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ReadSSE(strings.NewReader(body), func(_, data string) error { n++; return nil }); err != nil || n != 20001 {
			b.Fatalf("%d events, %v", n, err)
		}
	}
}
