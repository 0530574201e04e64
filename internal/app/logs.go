package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/logs"
)

// FilePicker asks the user for files. The desktop app uses the native dialog (WailsRuntime); the
// end-to-end bridge scripts it.
type FilePicker interface {
	PickFiles(title string) ([]string, error)
}

// LogJob is the state of one ingest. The UI polls it (a few times a second) while Done is false:
// polling works the same in the window and in the browser test bridge, and a missed event can
// never leave a progress bar stuck.
type LogJob struct {
	ID        string        `json:"id"`
	IssueID   string        `json:"issueId"`
	Done      bool          `json:"done"`
	Cancelled bool          `json:"cancelled"`
	BytesDone int64         `json:"bytesDone"`
	Total     int64         `json:"total"` // 0 when unknown
	Error     *apperr.Error `json:"error"`
	Results   []logs.Result `json:"results"`
}

// maxJobs bounds the finished jobs kept for the UI to read.
const maxJobs = 64

// LogService exposes log ingestion and the log viewer to the frontend.
type LogService struct {
	ctx    context.Context
	logs   *logs.Service
	picker FilePicker

	mu    sync.Mutex
	jobs  map[string]*jobState
	order []string
}

type jobState struct {
	mu     sync.Mutex
	job    LogJob
	cancel context.CancelFunc
}

// NewLogService binds svc; picker opens the file dialog.
func NewLogService(ctx context.Context, svc *logs.Service, picker FilePicker) *LogService {
	return &LogService{ctx: ctx, logs: svc, picker: picker, jobs: map[string]*jobState{}}
}

// PickFiles opens the open-files dialog and returns the chosen paths (none when cancelled).
func (s *LogService) PickFiles() ([]string, error) {
	if s.picker == nil {
		return nil, fmt.Errorf("logs: no file dialog available: %w", apperr.ErrInvalid)
	}
	paths, err := s.picker.PickFiles("Add log files")
	if err != nil {
		return nil, fmt.Errorf("logs: file dialog: %w", err)
	}
	if paths == nil {
		paths = []string{}
	}
	return paths, nil
}

// Add starts ingesting paths into the incident and returns the job to poll. All files are
// stored or none (a failed or cancelled job leaves nothing behind).
func (s *LogService) Add(issueID string, paths []string) (LogJob, error) {
	if len(paths) == 0 {
		return LogJob{}, fmt.Errorf("logs: choose at least one file: %w", apperr.ErrInvalid)
	}
	paths = append([]string(nil), paths...)
	return s.start(issueID, func(ctx context.Context, progress func(logs.Progress)) ([]logs.Result, error) {
		return s.logs.Ingest(ctx, issueID, paths, logs.Options{}, progress)
	}), nil
}

// AddText starts storing pasted text as a log named name.
func (s *LogService) AddText(issueID, name, text string) (LogJob, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "pasted.log"
	}
	if text == "" {
		return LogJob{}, fmt.Errorf("logs: the pasted text is empty: %w", apperr.ErrInvalid)
	}
	return s.start(issueID, func(ctx context.Context, progress func(logs.Progress)) ([]logs.Result, error) {
		return s.logs.IngestReader(ctx, issueID, name, strings.NewReader(text), int64(len(text)), logs.Options{}, progress)
	}), nil
}

func (s *LogService) start(issueID string, run func(context.Context, func(logs.Progress)) ([]logs.Result, error)) LogJob {
	ctx, cancel := context.WithCancel(s.ctx)
	st := &jobState{job: LogJob{ID: uuid.NewString(), IssueID: issueID, Results: []logs.Result{}}, cancel: cancel}
	s.mu.Lock()
	s.jobs[st.job.ID] = st
	s.order = append(s.order, st.job.ID)
	for len(s.order) > maxJobs {
		old := s.jobs[s.order[0]]
		if old != nil && !old.snapshot().Done {
			break // never forget a running job
		}
		delete(s.jobs, s.order[0])
		s.order = s.order[1:]
	}
	s.mu.Unlock()

	go func() {
		defer cancel()
		res, err := run(ctx, func(p logs.Progress) {
			st.mu.Lock()
			st.job.BytesDone, st.job.Total = p.Done, p.Total
			st.mu.Unlock()
		})
		st.mu.Lock()
		defer st.mu.Unlock()
		st.job.Done = true
		switch {
		case errors.Is(err, context.Canceled):
			st.job.Cancelled = true
		case err != nil:
			e := apperr.From(err)
			st.job.Error = &e
		default:
			st.job.Results = res
		}
	}()
	return st.snapshot()
}

func (st *jobState) snapshot() LogJob {
	st.mu.Lock()
	defer st.mu.Unlock()
	j := st.job
	j.Results = append([]logs.Result{}, st.job.Results...)
	return j
}

func (s *LogService) job(id string) (*jobState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.jobs[id]
	if !ok {
		return nil, fmt.Errorf("logs: no job %q: %w", id, apperr.ErrNotFound)
	}
	return st, nil
}

// Job returns the current state of an ingest job.
func (s *LogService) Job(id string) (LogJob, error) {
	st, err := s.job(id)
	if err != nil {
		return LogJob{}, err
	}
	return st.snapshot(), nil
}

// Cancel stops an ingest job; nothing of it is kept.
func (s *LogService) Cancel(id string) error {
	st, err := s.job(id)
	if err != nil {
		return err
	}
	st.cancel()
	return nil
}

// Info returns a stored log's metadata.
func (s *LogService) Info(logID string) (logs.Info, error) { return s.logs.Info(s.ctx, logID) }

// Lines returns count lines starting at line from (1-based).
func (s *LogService) Lines(logID string, from, count int) ([]logs.Line, error) {
	return s.logs.Lines(s.ctx, logID, from, count)
}

// Search returns the numbers of the lines containing query (case-insensitive).
func (s *LogService) Search(logID, query string, limit int) ([]int, error) {
	return s.logs.Search(s.ctx, logID, query, limit)
}

// Delete removes a stored log (never the user's file).
func (s *LogService) Delete(logID string) error { return s.logs.Delete(s.ctx, logID) }
