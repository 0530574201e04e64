package gemini

import (
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
)

// BenchmarkStreamParse: the client side of a streamed answer of 20,000 frames (each a full
// GenerateContentResponse, as Gemini sends them) over an in-memory response.
func BenchmarkStreamParse(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		fin := ""
		if i == 19999 {
			fin = `,"finishReason":"STOP"`
		}
		fmt.Fprintf(&sb, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" token%d\"}],\"role\":\"model\"},\"index\":0%s}],\"usageMetadata\":{\"promptTokenCount\":25,\"candidatesTokenCount\":%d,\"totalTokenCount\":%d},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n", i, fin, i+1, i+26)
	}
	aitest.BenchStream(b, ai.Config{Kind: ai.KindGemini, BaseURL: "http://bench.invalid", APIKey: "bench-key", Model: "gemini-2.5-flash"}, New, "text/event-stream", sb.String(), 20000, " token19999")
}
