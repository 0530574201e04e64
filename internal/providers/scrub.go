package providers

import (
	"context"
	"errors"
	"strings"

	"tftsr/internal/ai"
)

// scrubbed wraps a provider so its errors never carry the API key: some servers echo the key
// they refused (in full, or a proxy's debug page), and errors reach the UI.
type scrubbed struct {
	ai.Provider
	key string
}

func (s scrubbed) Stream(ctx context.Context, req ai.Request, onText func(string)) (ai.Result, error) {
	res, err := s.Provider.Stream(ctx, req, onText)
	return res, s.scrub(err)
}

func (s scrubbed) Models(ctx context.Context) ([]ai.Model, error) {
	ms, err := s.Provider.Models(ctx)
	return ms, s.scrub(err)
}

const keyMask = "[API key]"

func (s scrubbed) scrub(err error) error {
	if err == nil || len(s.key) < 4 || !strings.Contains(err.Error(), s.key) {
		return err
	}
	var e *ai.Error
	if errors.As(err, &e) {
		c := *e
		c.Message = strings.ReplaceAll(c.Message, s.key, keyMask)
		if c.Err != nil {
			c.Err = errors.New(strings.ReplaceAll(c.Err.Error(), s.key, keyMask))
		}
		return &c
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.key, keyMask))
}
