// Package data embeds slant's shipped data: the sample corpus
// (articles/, with its manifest), dispute profiles, lexicons and gold
// labels, so that the binary works from any directory with no network.
package data

import "embed"

// FS holds the embedded data files, with paths relative to data/
// (for example "articles/manifest.csv").
//
//go:embed articles profiles lexicons gold
var FS embed.FS
