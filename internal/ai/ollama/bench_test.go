package ollama

import (
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
)

// BenchmarkStreamParse: the client side of a streamed /api/chat answer of 20,000 NDJSON lines
// over an in-memory response.
func BenchmarkStreamParse(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&sb, "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-27T10:00:00.%09dZ\",\"message\":{\"role\":\"assistant\",\"content\":\" token%d\"},\"done\":false}\n", i, i)
	}
	sb.WriteString("{\"model\":\"llama3.1\",\"created_at\":\"2026-11-27T10:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4935886791,\"prompt_eval_count\":26,\"eval_count\":20000}\n")
	aitest.BenchStream(b, ai.Config{Kind: ai.KindOllama, BaseURL: "http://bench.invalid", Model: "llama3.1"}, New, "application/x-ndjson", sb.String(), 20000, " token19999")
}
