package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/logs"
)

// Job kinds and phases (LogJob.Kind, LogJob.Phase).
const (
	JobIngest = "ingest"
	JobScan   = "scan"
	JobApply  = "apply"

	PhaseReading  = "reading"
	PhaseScanning = "scanning"
	PhaseApplying = "applying"
)

// maxJobs bounds the finished jobs kept for the UI to read.
const maxJobs = 64

// jobs is the registry of running and recently finished jobs.
type jobs struct {
	mu    sync.Mutex
	byID  map[string]*jobState
	order []string
}

type jobState struct {
	mu     sync.Mutex
	job    LogJob
	cancel context.CancelFunc
}

// jobControl is what a running job uses to publish its state.
type jobControl struct{ st *jobState }

func (c jobControl) progress(phase string, done, total int64) {
	c.update(func(j *LogJob) { j.Phase, j.BytesDone, j.Total = phase, done, total })
}

func (c jobControl) update(fn func(*LogJob)) {
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	fn(&c.st.job)
}

// start registers j (its ID is set here) and runs run in a goroutine under a cancellable
// context derived from parent; the outcome (done, cancelled, error) is recorded when run returns.
func (r *jobs) start(parent context.Context, j LogJob, run func(context.Context, jobControl) error) LogJob {
	ctx, cancel := context.WithCancel(parent)
	j.ID = uuid.NewString()
	if j.Results == nil {
		j.Results = []logs.Result{}
	}
	st := &jobState{job: j, cancel: cancel}
	r.mu.Lock()
	r.byID[j.ID] = st
	r.order = append(r.order, j.ID)
	for len(r.order) > maxJobs {
		old := r.byID[r.order[0]]
		if old != nil && !old.snapshot().Done {
			break // never forget a running job
		}
		delete(r.byID, r.order[0])
		r.order = r.order[1:]
	}
	r.mu.Unlock()

	go func() {
		defer cancel()
		err := run(ctx, jobControl{st})
		st.mu.Lock()
		defer st.mu.Unlock()
		st.job.Done = true
		switch {
		case errors.Is(err, context.Canceled) || err != nil && ctx.Err() != nil:
			// Cancelled: some layers report the cancellation as a storage error.
			st.job.Cancelled = true
		case err != nil:
			e := apperr.From(err)
			st.job.Error = &e
		}
	}()
	return st.snapshot()
}

func (st *jobState) snapshot() LogJob {
	st.mu.Lock()
	defer st.mu.Unlock()
	j := st.job
	j.Results = append([]logs.Result{}, st.job.Results...)
	if st.job.Apply != nil {
		a := *st.job.Apply
		j.Apply = &a
	}
	return j
}

func (r *jobs) get(id string) (*jobState, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.byID[id]
	if !ok {
		return nil, fmt.Errorf("logs: no job %q: %w", id, apperr.ErrNotFound)
	}
	return st, nil
}
