package openai

import (
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
)

// BenchmarkStreamParse is the whole client side of a streamed answer — the audited transport,
// SSE framing, JSON decoding of every chunk, deltas to the caller — over an
// in-memory response of 20,000 chunks, so it measures parsing, not the network.
func BenchmarkStreamParse(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&sb, "data: {\"id\":\"chatcmpl-AbCdEf0123456789\",\"object\":\"chat.completion.chunk\",\"created\":1764230400,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0123456789\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token%d\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n", i)
	}
	sb.WriteString("data: {\"id\":\"chatcmpl-AbCdEf0123456789\",\"object\":\"chat.completion.chunk\",\"created\":1764230400,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	body := sb.String()
	aitest.BenchStream(b, ai.Config{Kind: ai.KindOpenAI, BaseURL: "http://bench.invalid/v1", APIKey: "sk-bench", Model: "gpt-4o-mini"}, New, "text/event-stream", body, 20000, " token19999")
}
