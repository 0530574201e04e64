package timeline

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"tftsr/internal/store"
)

// Duration states.
const (
	StatusOK      = "ok"      // both events present, end not before start
	StatusUnknown = "unknown" // an event is missing: never reported as zero
	StatusInvalid = "invalid" // the end event is before impact started
)

// Duration is one response metric of an incident.
type Duration struct {
	Status string `json:"status"` // ok | unknown | invalid
	Ms     int64  `json:"ms"`     // set only when Status is ok (0 is a real zero then)
	From   string `json:"from"`   // earliest impact.started, "" when missing
	To     string `json:"to"`     // earliest end event, "" when missing
	Reason string `json:"reason"` // why unknown or invalid; "" when ok
}

// Metrics are an incident's response times, measured from the earliest impact.started event to
// the earliest detected / mitigated / resolved event.
type Metrics struct {
	IssueID        string   `json:"issueId"`
	TimeToDetect   Duration `json:"timeToDetect"`
	TimeToMitigate Duration `json:"timeToMitigate"`
	TimeToResolve  Duration `json:"timeToResolve"`
}

// Aggregate summarises one metric over the incidents that have it.
type Aggregate struct {
	Count    int   `json:"count"`    // incidents with a valid value
	MeanMs   int64 `json:"meanMs"`   // 0 when Count is 0
	MedianMs int64 `json:"medianMs"` // 0 when Count is 0; mean of the middle two for an even count
	Invalid  int   `json:"invalid"`  // incidents left out because the end is before the start
}

// Dashboard holds the response metrics over all incidents (unknown ones are left out).
type Dashboard struct {
	TimeToDetect   Aggregate `json:"timeToDetect"`
	TimeToMitigate Aggregate `json:"timeToMitigate"`
	TimeToResolve  Aggregate `json:"timeToResolve"`
}

// earliest maps kind → earliest occurred_at.
type earliest map[string]string

func measure(e earliest, end, label string) Duration {
	d := Duration{From: e[KindImpactStarted], To: e[end]}
	switch {
	case d.From == "" && d.To == "":
		d.Status, d.Reason = StatusUnknown, fmt.Sprintf("no impact started and no %s event", label)
		return d
	case d.From == "":
		d.Status, d.Reason = StatusUnknown, "no impact started event"
		return d
	case d.To == "":
		d.Status, d.Reason = StatusUnknown, fmt.Sprintf("no %s event", label)
		return d
	}
	from, err1 := store.ParseTime(d.From)
	to, err2 := store.ParseTime(d.To)
	if err1 != nil || err2 != nil {
		d.Status, d.Reason = StatusInvalid, "an event has an unreadable time"
		return d
	}
	if to.Before(from) {
		d.Status = StatusInvalid
		d.Reason = fmt.Sprintf("%s (%s) is before impact started (%s)", label, d.To, d.From)
		return d
	}
	d.Status, d.Ms = StatusOK, to.Sub(from).Milliseconds()
	return d
}

func metricsOf(issueID string, e earliest) Metrics {
	return Metrics{
		IssueID:        issueID,
		TimeToDetect:   measure(e, KindDetected, "detected"),
		TimeToMitigate: measure(e, KindMitigated, "mitigated"),
		TimeToResolve:  measure(e, KindResolved, "resolved"),
	}
}

const earliestQuery = `SELECT issue_id, kind, MIN(occurred_at) FROM timeline_events
	WHERE kind IN ('impact.started', 'detected', 'mitigated', 'resolved')`

// Metrics computes the incident's time to detect, mitigate and resolve.
func (s *Service) Metrics(ctx context.Context, issueID string) (Metrics, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return Metrics{}, fmt.Errorf("timeline: metrics %q: %w", issueID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	if err := issueExists(ctx, tx, issueID); err != nil {
		return Metrics{}, err
	}
	all, err := readEarliest(ctx, tx, ` AND issue_id = ?`, issueID)
	if err != nil {
		return Metrics{}, err
	}
	return metricsOf(issueID, all[issueID]), nil
}

func readEarliest(ctx context.Context, q querier, where string, args ...any) (map[string]earliest, error) {
	rows, err := q.QueryContext(ctx, earliestQuery+where+` GROUP BY kind, issue_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("timeline: metrics: %w", err)
	}
	defer rows.Close()
	out := map[string]earliest{}
	for rows.Next() {
		var issue, kind, at string
		if err := rows.Scan(&issue, &kind, &at); err != nil {
			return nil, fmt.Errorf("timeline: metrics: %w", err)
		}
		if out[issue] == nil {
			out[issue] = earliest{}
		}
		out[issue][kind] = at
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("timeline: metrics: %w", err)
	}
	return out, nil
}

// Dashboard computes the mean and median of each metric over the incidents that have a valid
// value; incidents where it is unknown are left out, invalid ones are counted in Invalid.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	all, err := readEarliest(ctx, s.db.Read(), "")
	if err != nil {
		return Dashboard{}, err
	}
	var ttd, ttm, ttr []int64
	var d Dashboard
	for id, e := range all {
		m := metricsOf(id, e)
		collect(m.TimeToDetect, &ttd, &d.TimeToDetect)
		collect(m.TimeToMitigate, &ttm, &d.TimeToMitigate)
		collect(m.TimeToResolve, &ttr, &d.TimeToResolve)
	}
	summarise(ttd, &d.TimeToDetect)
	summarise(ttm, &d.TimeToMitigate)
	summarise(ttr, &d.TimeToResolve)
	return d, nil
}

func collect(d Duration, vals *[]int64, agg *Aggregate) {
	switch d.Status {
	case StatusOK:
		*vals = append(*vals, d.Ms)
	case StatusInvalid:
		agg.Invalid++
	}
}

func summarise(vals []int64, agg *Aggregate) {
	agg.Count = len(vals)
	if len(vals) == 0 {
		return
	}
	slices.Sort(vals)
	var sum float64
	for _, v := range vals {
		sum += float64(v)
	}
	agg.MeanMs = int64(math.Round(sum / float64(len(vals))))
	mid := len(vals) / 2
	if len(vals)%2 == 1 {
		agg.MedianMs = vals[mid]
	} else {
		agg.MedianMs = int64(math.Round((float64(vals[mid-1]) + float64(vals[mid])) / 2))
	}
}

// FormatDuration renders ms as e.g. "1h 05m" (for docs and the CLI).
func FormatDuration(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	h := int64(d / time.Hour)
	m := int64((d % time.Hour) / time.Minute)
	sec := int64((d % time.Minute) / time.Second)
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}
