package providers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tftsr/internal/ai"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
)

// Models lists the models provider id offers.
func (s *Service) Models(ctx context.Context, id string) ([]ai.Model, error) {
	prov, _, err := s.Open(ctx, id, "")
	if err != nil {
		return nil, err
	}
	ms, err := prov.Models(ctx)
	if err != nil {
		return nil, fmt.Errorf("providers: models: %w", err)
	}
	return ms, nil
}

// TestResult is the outcome of a connection test.
type TestResult struct {
	OK        bool   `json:"ok"`
	Message   string `json:"message"` // what worked, or what to fix
	Models    int    `json:"models"`  // models listed (0 when the API has no list)
	LatencyMs int64  `json:"latencyMs"`
}

// pingText is the one message a connection test sends where the API has no model list. It is
// our own text (no findings), approved through a review like any other.
const pingText = "Connection test from TFTSR. Reply with the single word OK."

type noPlaceholders struct{}

func (noPlaceholders) Placeholder(string, string) (string, error) {
	return "", errors.New("providers: the connection test text has no findings to replace")
}

// Test checks that provider id answers with the stored key: it lists the models (and says if
// the configured model is not among them) or, where the API has no list, sends pingText.
// A failure is a result with OK false and the provider's mapped message, not an error; an error
// means the configuration itself could not be used.
func (s *Service) Test(ctx context.Context, id string) (TestResult, error) {
	prov, p, err := s.Open(ctx, id, "")
	if err != nil {
		return TestResult{}, err
	}
	start := s.now()
	ms, err := prov.Models(ctx)
	if errors.Is(err, ai.ErrUnsupported) {
		a, aerr := egress.NewReview(pii.NewDetector(pii.Options{}), pingText).Approve(noPlaceholders{})
		if aerr != nil {
			return TestResult{}, fmt.Errorf("providers: test: %w", aerr)
		}
		var res ai.Result
		res, err = prov.Stream(ctx, ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: a}}}, func(string) {})
		if err == nil {
			return TestResult{OK: true, LatencyMs: s.now().Sub(start).Milliseconds(),
				Message: fmt.Sprintf("%s answered (%d characters).", p.Name, len(res.Text))}, nil
		}
	}
	elapsed := s.now().Sub(start).Milliseconds()
	if err != nil {
		if ctx.Err() != nil {
			return TestResult{}, fmt.Errorf("providers: test: %w", ctx.Err())
		}
		return TestResult{OK: false, Message: testMessage(err), LatencyMs: elapsed}, nil
	}
	r := TestResult{OK: true, Models: len(ms), LatencyMs: elapsed}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	switch {
	case p.Model == "":
		r.Message = fmt.Sprintf("Connected: %d models available. Choose one.", len(ms))
	case len(ms) > 0 && !slices.Contains(ids, p.Model):
		r.OK = false
		r.Message = fmt.Sprintf("Connected, but the model %q is not offered (%d models available).", p.Model, len(ms))
	default:
		r.Message = fmt.Sprintf("Connected: %d models available, %q among them.", len(ms), p.Model)
	}
	return r, nil
}

func testMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "ai: ")
	return strings.ToUpper(msg[:1]) + msg[1:]
}
