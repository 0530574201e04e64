package logs_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tftsr/internal/apperr"
	"tftsr/internal/logs"
)

func TestEachChunkCoversTheText(t *testing.T) {
	s, _ := setup(t)
	text := strings.Repeat("line with some text\n", 50)
	res, err := s.IngestReader(context.Background(), issueID, "a.log", strings.NewReader(text), int64(len(text)), logs.Options{ChunkLines: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	next := int64(1)
	err = s.EachChunk(context.Background(), logs.OriginalChunks, res[0].LogFileID, func(c logs.Chunk) error {
		if c.FirstLine != next || c.Offset != int64(b.Len()) {
			t.Errorf("chunk %d: first line %d offset %d, want %d and %d", c.Seq, c.FirstLine, c.Offset, next, b.Len())
		}
		next += c.LineCount
		b.Write(c.Text)
		return nil
	})
	if err != nil || b.String() != text {
		t.Errorf("EachChunk: %v; concatenated chunks equal the text: %v", err, b.String() == text)
	}
}

// The table name goes into SQL: only the two known tables are accepted.
func TestChunkTableIsChecked(t *testing.T) {
	s, _ := setup(t)
	bad := logs.ChunkTable("log_chunks; DROP TABLE log_files")
	if _, err := s.LinesOf(context.Background(), bad, "x", 1, 1); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("LinesOf(bad table) = %v, want ErrInvalid", err)
	}
	if err := s.EachChunk(context.Background(), bad, "x", func(logs.Chunk) error { return nil }); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("EachChunk(bad table) = %v, want ErrInvalid", err)
	}
}
