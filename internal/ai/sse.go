package ai

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// MaxEventBytes bounds one SSE event or NDJSON line.
const MaxEventBytes = 8 << 20

// ReadSSE reads a text/event-stream from r and calls fn with each event's name ("" when the
// server sent none) and data (multi-line data joined with '\n'). Events may arrive split across
// network reads; lines may end in \n, \r\n or \r. Comments (":") are ignored. fn returning
// io.EOF ends the read without error.
func ReadSSE(r io.Reader, fn func(event, data string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxEventBytes)
	sc.Split(scanLinesAnyEOL)
	var event string
	var data bytes.Buffer
	has := false
	dispatch := func() error {
		if !has {
			event = ""
			return nil
		}
		err := fn(event, data.String())
		event, has = "", false
		data.Reset()
		return err
	}
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			if err := dispatch(); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			event = string(value)
		case "data":
			if has {
				data.WriteByte('\n')
			}
			data.Write(value)
			has = true
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ai: read event stream: %w", err)
	}
	if err := dispatch(); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// ReadNDJSON calls fn with each non-empty line of r (one JSON object per line).
func ReadNDJSON(r io.Reader, fn func(line []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxEventBytes)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := fn(line); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ai: read stream: %w", err)
	}
	return nil
}

// scanLinesAnyEOL splits on \n, \r\n or a lone \r.
func scanLinesAnyEOL(data []byte, atEOF bool) (advance int, token []byte, err error) {
	for i, c := range data {
		switch c {
		case '\n':
			return i + 1, data[:i], nil
		case '\r':
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if atEOF {
				return i + 1, data[:i], nil
			}
			return 0, nil, nil // need the next byte to know if \r\n
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
