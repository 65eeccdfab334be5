package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/slant-project/slant/pipeline/bias"
)

// Meta says how a run was made, for the report's method section. Every
// field is optional. Its JSON form is what the report reads back from
// run.json (ReadMeta): the run command writes it under the key "report".
type Meta struct {
	// Title heads the report (default "How each source covers the dispute").
	Title string `json:"title,omitempty"`
	// Version is slant's version.
	Version string `json:"version,omitempty"`
	// Created is when the run was made (RFC 3339); left out of the report
	// when empty, so that reports can be compared byte for byte.
	Created string `json:"created,omitempty"`
	// Profile is the dispute profile, profile.VersionString().
	Profile string `json:"profile,omitempty"`
	// Models lists the model versions that scored the claims; when empty,
	// the report uses bias.Result.Models.
	Models []string `json:"models,omitempty"`
	// Inputs lists the input files or directories.
	Inputs []string `json:"inputs,omitempty"`
	// Failed counts the articles that could not be processed; Skipped the
	// input records that were not articles (bad rows, empty files).
	Failed  int `json:"failed,omitempty"`
	Skipped int `json:"skipped,omitempty"`
	// Bias are the aggregation options (bootstrap replicates, seed,
	// small-sample threshold, claims kept). When absent (a report rebuilt
	// without run.json) the report says the settings were not recorded.
	Bias *bias.Options `json:"bias,omitempty"`
	// Notes are further one-line remarks from the run, shown as warnings.
	Notes []string `json:"notes,omitempty"`
}

// ReadMeta reads Meta from run.json: the object under its "report" key,
// or, when there is none, the Meta keys at the top level; other keys are
// ignored (name prefixes errors). A key of the wrong type is skipped: the
// other keys are still read, and the error says which key was wrong.
// Malformed JSON gives an empty Meta and the error.
func ReadMeta(r io.Reader, name string) (Meta, error) {
	var doc map[string]json.RawMessage
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return Meta{}, fmt.Errorf("%s: %w (ignored)", name, err)
	}
	src, err := json.Marshal(doc)
	if raw, ok := doc["report"]; ok {
		src, err = raw, nil
	}
	if err != nil {
		return Meta{}, fmt.Errorf("%s: %w (ignored)", name, err)
	}
	var m Meta
	err = json.Unmarshal(src, &m)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return m, nil
	case errors.As(err, &te):
		return m, fmt.Errorf("%s: key %q: %s is not a %s (key ignored)", name, te.Field, te.Value, te.Type)
	}
	return Meta{}, fmt.Errorf("%s: %w (ignored)", name, err)
}
