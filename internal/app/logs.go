package app

import (
	"context"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/logs"
	"tftsr/internal/redaction"
)

// FilePicker asks the user for files. The desktop app uses the native dialog (WailsRuntime); the
// end-to-end bridge scripts it.
type FilePicker interface {
	PickFiles(title string) ([]string, error)
}

// LogJob is the state of one job (ingest, scan or apply). The UI polls it (a few times a
// second) while Done is false: polling works the same in the window and in the browser test
// bridge, and a missed event can never leave a progress bar stuck.
type LogJob struct {
	ID        string                 `json:"id"`
	IssueID   string                 `json:"issueId"`
	Kind      string                 `json:"kind"`  // ingest | scan | apply
	Phase     string                 `json:"phase"` // reading | scanning | applying (what BytesDone counts)
	LogID     string                 `json:"logId"` // scan and apply: the log concerned
	Done      bool                   `json:"done"`
	Cancelled bool                   `json:"cancelled"`
	BytesDone int64                  `json:"bytesDone"`
	Total     int64                  `json:"total"` // 0 when unknown
	Error     *apperr.Error          `json:"error"`
	Results   []logs.Result          `json:"results"`
	Apply     *redaction.ApplyResult `json:"apply"` // apply: what was written
}

// LogService exposes log ingestion and the log viewer to the frontend, and runs the jobs of
// logs (ingest, scan, apply) in one registry: poll with Job, stop with Cancel.
type LogService struct {
	ctx    context.Context
	logs   *logs.Service
	red    *redaction.Service
	picker FilePicker
	jobs   jobs
}

// NewLogService binds svc; red scans every newly stored log (nil: no scan); picker opens the file dialog.
func NewLogService(ctx context.Context, svc *logs.Service, red *redaction.Service, picker FilePicker) *LogService {
	return &LogService{ctx: ctx, logs: svc, red: red, picker: picker, jobs: jobs{byID: map[string]*jobState{}}}
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
// stored or none (a failed or cancelled job leaves nothing behind). The job then scans each new
// log for PII (phase "scanning") and is Done when every log is scanned.
func (s *LogService) Add(issueID string, paths []string) (LogJob, error) {
	if len(paths) == 0 {
		return LogJob{}, fmt.Errorf("logs: choose at least one file: %w", apperr.ErrInvalid)
	}
	paths = append([]string(nil), paths...)
	return s.ingest(issueID, func(ctx context.Context, progress func(logs.Progress)) ([]logs.Result, error) {
		return s.logs.Ingest(ctx, issueID, paths, logs.Options{}, progress)
	}), nil
}

// AddText starts storing pasted text as a log named name (then scanning it, like Add).
func (s *LogService) AddText(issueID, name, text string) (LogJob, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "pasted.log"
	}
	if text == "" {
		return LogJob{}, fmt.Errorf("logs: the pasted text is empty: %w", apperr.ErrInvalid)
	}
	return s.ingest(issueID, func(ctx context.Context, progress func(logs.Progress)) ([]logs.Result, error) {
		return s.logs.IngestReader(ctx, issueID, name, strings.NewReader(text), int64(len(text)), logs.Options{}, progress)
	}), nil
}

func (s *LogService) ingest(issueID string, store func(context.Context, func(logs.Progress)) ([]logs.Result, error)) LogJob {
	j := LogJob{IssueID: issueID, Kind: JobIngest, Phase: PhaseReading}
	return s.jobs.start(s.ctx, j, func(ctx context.Context, c jobControl) error {
		res, err := store(ctx, func(p logs.Progress) { c.progress(PhaseReading, p.Done, p.Total) })
		if err != nil {
			return err
		}
		c.update(func(j *LogJob) { j.Results = res })
		if s.red == nil {
			return nil
		}
		// The logs are stored (committed); a failed scan leaves them, unscanned, for a rescan.
		for _, r := range res {
			c.progress(PhaseScanning, 0, r.TextBytes)
			if _, err := s.red.Scan(ctx, r.LogFileID, func(done, total int64) { c.progress(PhaseScanning, done, total) }); err != nil {
				if ctx.Err() != nil {
					return err
				}
				return fmt.Errorf("logs: %s was stored, but its PII scan failed (start the scan again from the review): %w", r.FileName, err)
			}
		}
		return nil
	})
}

// Job returns the current state of a job.
func (s *LogService) Job(id string) (LogJob, error) {
	st, err := s.jobs.get(id)
	if err != nil {
		return LogJob{}, err
	}
	return st.snapshot(), nil
}

// Cancel stops a job. A cancelled ingest keeps nothing; a scan or apply cancelled keeps the
// previous state; an ingest cancelled while scanning keeps the stored logs (unscanned).
func (s *LogService) Cancel(id string) error {
	st, err := s.jobs.get(id)
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
