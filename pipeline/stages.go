package pipeline

import (
	"fmt"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/attribute"
	"github.com/slant-project/slant/pipeline/clean"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/segment"
	"github.com/slant-project/slant/pipeline/tokenize"
)

// Stage is a named processor of the chain (the name keys its timings).
type Stage struct {
	Name string
	article.Processor
}

// TextStages builds the stages that turn an article's text into attributed,
// tokenized claims — clean, segment, attribute, tokenize — with the
// profile's actors for attribution. Scoring comes after them; the run adds
// it, and the evaluation harness takes claims from these alone. All
// stages are safe for concurrent use.
func TextStages(p *profile.Profile) ([]Stage, error) {
	cl, err := clean.New(clean.Options{})
	if err != nil {
		return nil, fmt.Errorf("clean: %w", err)
	}
	sg, err := segment.New(segment.Options{})
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	tk, err := tokenize.New()
	if err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	return []Stage{
		{"clean", cl},
		{"segment", sg},
		{"attribute", attribute.New(p)},
		{"tokenize", tk},
	}, nil
}

// Chain returns stages as one processor, each timed into t when t is not nil.
func Chain(stages []Stage, t *Timings) article.Chain {
	c := make(article.Chain, 0, len(stages))
	for _, s := range stages {
		if t != nil {
			c = append(c, Timed(s.Name, s.Processor, t))
		} else {
			c = append(c, s.Processor)
		}
	}
	return c
}
