package logs

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"fmt"
	"io"
	"sync"
)

// The chunks of an ingest are compressed and stored off the reading goroutine:
//
//	reader (read, hash, decode, split, build chunks; progress; all other SQL)
//	  → compressors (compressWorkers goroutines, one flate.Writer each)
//	  → writer (the only goroutine inserting log_chunks / log_split_lines rows, in chunk order)
//
// The reader fills a chunk slot and hands it to the writer's ordered queue and to the
// compressors' queue; the writer waits for the slot at the head of its queue to be compressed,
// so rows are inserted in order whichever compressor finishes first, then gives the slot back.
// There are chunkSlots slots, so memory is bounded whatever the file size: chunkSlots × (text ≤
// ChunkBytes + one MaxLineBytes line, plus its compressed copy) and the compressors' state.
// Before any other statement of the transaction the reader waits for the writer to go idle
// (drain), so the transaction is never used by two goroutines at once and statements keep their
// order (a log_files row before its chunks; all chunks before the log's meta and audit rows).
const (
	compressWorkers = 2
	chunkSlots      = compressWorkers + 3
)

// chunkJob is one chunk slot, or a drain marker.
type chunkJob struct {
	logID     string
	seq       int64
	firstLine int64
	lines     int
	offset    int64
	splits    []int64 // continuation lines (line numbers) inside this chunk
	text      bytes.Buffer
	z         bytes.Buffer
	err       error         // compression error
	done      chan struct{} // compressed; for a drain marker: the writer got there
	drain     bool
}

type pipeline struct {
	in     *ingester
	free   chan *chunkJob // empty slots
	work   chan *chunkJob // to the compressors
	order  chan *chunkJob // to the writer, in chunk order
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error // the first error of a compressor or the writer
	closed bool
}

// flateWriters keeps the compressors' state (~0.5 MB each) from one ingest to the next.
var flateWriters sync.Pool

func newPipeline(in *ingester) *pipeline {
	p := &pipeline{
		in:    in,
		free:  make(chan *chunkJob, chunkSlots),
		work:  make(chan *chunkJob, chunkSlots),
		order: make(chan *chunkJob, chunkSlots+1), // +1: a drain marker never waits
	}
	for range chunkSlots {
		p.free <- &chunkJob{done: make(chan struct{}, 1)}
	}
	p.wg.Add(compressWorkers + 1)
	for range compressWorkers {
		go p.compressor()
	}
	go p.writer()
	return p
}

// slot returns an empty chunk slot, waiting for the writer to free one.
func (p *pipeline) slot() *chunkJob {
	j := <-p.free
	if j.text.Cap() == 0 {
		j.text.Grow(p.in.opts.ChunkBytes + 4<<10)
	}
	return j
}

func (p *pipeline) release(j *chunkJob) {
	j.text.Reset()
	j.z.Reset()
	j.splits, j.err = j.splits[:0], nil
	p.free <- j
}

func (p *pipeline) setErr(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

func (p *pipeline) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// submit queues a filled slot.
func (p *pipeline) submit(j *chunkJob) error {
	if err := p.failed(); err != nil {
		p.release(j)
		return err
	}
	p.order <- j
	p.work <- j
	return nil
}

// drain waits until every queued chunk is stored and returns the first error of the pipeline.
func (p *pipeline) drain() error {
	m := &chunkJob{drain: true, done: make(chan struct{}, 1)}
	p.order <- m
	<-m.done
	return p.failed()
}

// close stops the goroutines and waits for them; nothing uses the transaction afterwards.
func (p *pipeline) close() {
	if p.closed {
		return
	}
	p.closed = true
	close(p.work)
	close(p.order)
	p.wg.Wait()
}

func (p *pipeline) compressor() {
	defer p.wg.Done()
	fw, _ := flateWriters.Get().(*flate.Writer)
	defer func() {
		if fw != nil {
			fw.Reset(io.Discard)
			flateWriters.Put(fw)
		}
	}()
	for j := range p.work {
		if p.failed() == nil {
			j.err = compress(&fw, &j.z, j.text.Bytes())
		}
		j.done <- struct{}{}
	}
}

// compress writes the DEFLATE (BestSpeed) form of text to dst, reusing *fw.
func compress(fw **flate.Writer, dst *bytes.Buffer, text []byte) error {
	if *fw == nil {
		w, err := flate.NewWriter(dst, flate.BestSpeed)
		if err != nil {
			return fmt.Errorf("logs: compressor: %w", err)
		}
		*fw = w
	} else {
		(*fw).Reset(dst)
	}
	if _, err := (*fw).Write(text); err != nil {
		return fmt.Errorf("logs: compress: %w", err)
	}
	if err := (*fw).Close(); err != nil {
		return fmt.Errorf("logs: compress: %w", err)
	}
	return nil
}

func (p *pipeline) writer() {
	defer p.wg.Done()
	for j := range p.order {
		if j.drain {
			j.done <- struct{}{}
			continue
		}
		<-j.done
		if j.err != nil {
			p.setErr(j.err)
		}
		if p.failed() == nil {
			if err := p.store(j); err != nil {
				p.setErr(err)
			}
		}
		p.release(j)
	}
}

// store inserts one compressed chunk and its continuation lines.
func (p *pipeline) store(j *chunkJob) error {
	in := p.in
	if err := in.ctx.Err(); err != nil {
		return err
	}
	if len(j.splits) > 0 && in.insSplit == nil {
		st, err := in.tx.PrepareContext(in.ctx, `INSERT INTO log_split_lines(log_file_id, line) VALUES (?, ?)`)
		if err != nil {
			return in.dbErr("prepare", err)
		}
		in.insSplit = st
	}
	for _, n := range j.splits {
		if _, err := in.insSplit.ExecContext(in.ctx, j.logID, n); err != nil {
			return in.dbErr("insert split line", err)
		}
	}
	if in.insChunk == nil {
		st, err := in.tx.PrepareContext(in.ctx, `INSERT INTO log_chunks
			(log_file_id, seq, first_line, line_count, byte_offset, data) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return in.dbErr("prepare", err)
		}
		in.insChunk = st
	}
	if _, err := in.insChunk.ExecContext(in.ctx, j.logID, j.seq, j.firstLine, j.lines, j.offset, j.z.Bytes()); err != nil {
		return in.dbErr("insert chunk", err)
	}
	return nil
}

// ingestCacheKiB is the writer connection's page cache during an ingest. With the store's larger
// cache, the pages of the chunks written in the last ~16 MiB (compressed) stay dirty in the cache
// until COMMIT, which then encrypts and writes them all while nothing else can run; a smaller
// cache spills them to the WAL along the way, on the writer goroutine, overlapped with reading and
// compressing. The same pages are written either way (chunks are appended), so this only moves
// the work; it also keeps the SQLite heap smaller.
const ingestCacheKiB = 2 << 10

// cacheSize remembers the writer connection's page cache setting while an ingest changed it.
type cacheSize struct {
	prev    int64 // PRAGMA cache_size before the ingest
	changed bool  // set to ingestCacheKiB and not restored yet
}

// shrinkCache sets the transaction's connection page cache to ingestCacheKiB, recording the
// previous size in c for restoreCache.
func (in *ingester) shrinkCache(c *cacheSize) error {
	if err := in.tx.QueryRowContext(in.ctx, `PRAGMA cache_size`).Scan(&c.prev); err != nil {
		return in.dbErr("read cache size", err)
	}
	if c.prev == -int64(ingestCacheKiB) {
		return nil
	}
	c.changed = true
	if err := setCacheSize(in.ctx, in.tx, -int64(ingestCacheKiB)); err != nil {
		return in.dbErr("set cache size", err)
	}
	return nil
}

// restoreCache sets the previous cache size back, through the transaction while it is open. When
// it is not (database/sql rolls a transaction back as soon as its context is cancelled),
// c.changed stays set and the caller restores it in a transaction of its own.
func (in *ingester) restoreCache(c *cacheSize) {
	if c.changed && setCacheSize(context.WithoutCancel(in.ctx), in.tx, c.prev) == nil {
		c.changed = false
	}
}

func setCacheSize(ctx context.Context, tx *sql.Tx, size int64) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, size))
	return err
}
