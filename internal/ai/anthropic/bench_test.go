package anthropic

import (
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
)

// BenchmarkStreamParse: the client side of a streamed Messages answer of 20,000 text deltas over
// an in-memory response (parsing only, no network).
func BenchmarkStreamParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n")
	sb.WriteString("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&sb, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" token%d\"}}\n\n", i)
	}
	sb.WriteString("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n")
	sb.WriteString("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20000}}\n\n")
	sb.WriteString("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	body := sb.String()
	aitest.BenchStream(b, ai.Config{Kind: ai.KindAnthropic, BaseURL: "http://bench.invalid", APIKey: "sk-ant-bench", Model: "claude-sonnet-4-5"}, New, "text/event-stream", body, 20000, " token19999")
}
