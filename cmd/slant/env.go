package main

import (
	"fmt"

	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/attribute"
	"github.com/slant-project/slant/pipeline/clean"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/score"
	"github.com/slant-project/slant/pipeline/segment"
	"github.com/slant-project/slant/pipeline/tokenize"
)

// runEnv is everything a run needs that is loaded once: the profile, the
// models and the stages built from them. All of it is safe for concurrent
// use by the workers.
type runEnv struct {
	profile  *profile.Profile
	stages   []namedStage
	versions map[string]string // component → version, for run.json and the store
}

type namedStage struct {
	name string
	p    article.Processor
}

// loadEnv loads the profile (default: embedded) and the stance model
// (default: embedded) and builds the stage chain.
func loadEnv(profilePath, modelDir string) (*runEnv, error) {
	p, err := profile.Load(profilePath)
	if err != nil {
		return nil, err
	}
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
		return nil, err
	}
	se, err := sentiment.Default()
	if err != nil {
		return nil, fmt.Errorf("sentiment model: %w", err)
	}
	var st *stance.Model
	if modelDir == "" {
		st, err = stance.Default(p)
	} else {
		st, err = stance.Load(modelDir, p)
	}
	if err != nil {
		return nil, fmt.Errorf("stance model: %w", err)
	}
	sc, err := score.New(p, st, se)
	if err != nil {
		return nil, fmt.Errorf("score: %w", err)
	}
	return &runEnv{
		profile: p,
		stages: []namedStage{
			{"clean", cl},
			{"segment", sg},
			{"attribute", attribute.New(p)},
			{"tokenize", tk},
			{"score", sc},
		},
		versions: map[string]string{
			"profile":   p.VersionString(),
			"sentiment": se.Version(),
			"stance":    st.Version(),
		},
	}, nil
}

// chain returns the stages as one processor, each timed into t.
func (e *runEnv) chain(t *pipeline.Timings) article.Processor {
	c := make(article.Chain, 0, len(e.stages))
	for _, s := range e.stages {
		c = append(c, pipeline.Timed(s.name, s.p, t))
	}
	return c
}
