package main

import (
	"fmt"

	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/score"
)

// runEnv is everything a run needs that is loaded once: the profile, the
// models and the stages built from them. All of it is safe for concurrent
// use by the workers.
type runEnv struct {
	profile  *profile.Profile
	stages   []pipeline.Stage
	versions map[string]string // component → version, for run.json and the store
}

// models are what scoring needs: the profile, the stance model bound to it
// and the sentiment model.
type models struct {
	profile   *profile.Profile
	stance    *stance.Model
	sentiment *sentiment.Model
}

// loadModels loads the profile (default: embedded), the stance model from
// modelDir (default: embedded) and the sentiment model.
func loadModels(profilePath, modelDir string) (*models, error) {
	p, err := profile.Load(profilePath)
	if err != nil {
		return nil, err
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
	se, err := sentiment.Default()
	if err != nil {
		return nil, fmt.Errorf("sentiment model: %w", err)
	}
	return &models{profile: p, stance: st, sentiment: se}, nil
}

// loadEnv loads the models and builds the stage chain.
func loadEnv(profilePath, modelDir string) (*runEnv, error) {
	m, err := loadModels(profilePath, modelDir)
	if err != nil {
		return nil, err
	}
	stages, err := pipeline.TextStages(m.profile)
	if err != nil {
		return nil, err
	}
	sc, err := score.New(m.profile, m.stance, m.sentiment)
	if err != nil {
		return nil, fmt.Errorf("score: %w", err)
	}
	return &runEnv{
		profile: m.profile,
		stages:  append(stages, pipeline.Stage{Name: "score", Processor: sc}),
		versions: map[string]string{
			"profile":   m.profile.VersionString(),
			"sentiment": m.sentiment.Version(),
			"stance":    m.stance.Version(),
		},
	}, nil
}

// chain returns the stages as one processor, each timed into t.
func (e *runEnv) chain(t *pipeline.Timings) article.Processor {
	return pipeline.Chain(e.stages, t)
}
