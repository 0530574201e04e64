package boot

import (
	"fmt"

	"tftsr/internal/ai"
	"tftsr/internal/ai/anthropic"
	"tftsr/internal/ai/custom"
	"tftsr/internal/ai/gemini"
	"tftsr/internal/ai/ollama"
	"tftsr/internal/ai/openai"
	"tftsr/internal/apperr"
)

// BuildProvider makes the ai.Provider for cfg's kind.
func BuildProvider(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
	switch cfg.Kind {
	case ai.KindOpenAI, ai.KindAzureOpenAI, ai.KindMistral:
		return openai.New(cfg, deps)
	case ai.KindAnthropic:
		return anthropic.New(cfg, deps)
	case ai.KindGemini:
		return gemini.New(cfg, deps)
	case ai.KindOllama:
		return ollama.New(cfg, deps)
	case ai.KindCustom:
		return custom.New(cfg, deps)
	}
	return nil, fmt.Errorf("boot: unknown provider kind %q: %w", cfg.Kind, apperr.ErrInvalid)
}
