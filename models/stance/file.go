package stance

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/profile"
)

// ModelFile is the model's file name inside a model directory; Manifest
// the name of the file recording how it was made.
const (
	ModelFile = "model.json.gz"
	Manifest  = "MANIFEST"
)

// FormatVersion is the model file format this package reads and writes.
const FormatVersion = 1

//go:embed artefact
var artefact embed.FS

// fileModel is the on-disk model (gzip-compressed JSON).
type fileModel struct {
	Format      int                        `json:"format"`
	Meta        Meta                       `json:"meta"`
	Classifiers map[Signal]*fileClassifier `json:"classifiers"`
}

type fileClassifier struct {
	Classes     []string      `json:"classes"`
	Features    FeatureConfig `json:"features"`
	Lambda      float64       `json:"lambda"`
	Temperature float64       `json:"temperature"`
	CVMacroF1   *float64      `json:"cv_macro_f1,omitempty"`
	Hashes      []uint32      `json:"hashes"`  // one per weight row, ascending
	Weights     []float32     `json:"weights"` // rows × classes, row-major
	Bias        []float32     `json:"bias"`
}

func (c *Classifier) file() *fileClassifier {
	f := &fileClassifier{Classes: c.classes, Features: c.features, Lambda: c.lambda, Temperature: c.temp,
		Hashes: c.hashes, Weights: make([]float32, len(c.w)), Bias: make([]float32, len(c.b))}
	if !math.IsNaN(c.cvF1) {
		v := c.cvF1
		f.CVMacroF1 = &v
	}
	for i, v := range c.w {
		f.Weights[i] = float32(v)
	}
	for i, v := range c.b {
		f.Bias[i] = float32(v)
	}
	return f
}

func (f *fileClassifier) classifier() (*Classifier, error) {
	k := len(f.Classes)
	if k < 2 {
		return nil, fmt.Errorf("%d classes", k)
	}
	if len(f.Weights) != len(f.Hashes)*k || len(f.Bias) != k {
		return nil, fmt.Errorf("%d weights and %d biases for %d rows × %d classes", len(f.Weights), len(f.Bias), len(f.Hashes), k)
	}
	if !(f.Temperature > 0) || math.IsInf(f.Temperature, 0) {
		return nil, fmt.Errorf("temperature %v", f.Temperature)
	}
	c := &Classifier{classes: f.Classes, features: f.Features, lambda: f.Lambda, temp: f.Temperature, cvF1: math.NaN(),
		hashes: f.Hashes, w: make([]float64, len(f.Weights)), b: make([]float64, k)}
	if f.CVMacroF1 != nil {
		c.cvF1 = *f.CVMacroF1
	}
	for i, v := range f.Weights {
		c.w[i] = float64(v)
	}
	for i, v := range f.Bias {
		c.b[i] = float64(v)
	}
	c.index()
	if len(c.rows) != len(c.hashes) {
		return nil, errors.New("repeated feature hash")
	}
	return c, nil
}

// weightsSum hashes the classifiers' contents (not the metadata), for the
// version string.
func weightsSum(cs map[Signal]*fileClassifier) string {
	b, _ := json.Marshal(cs) // map keys are sorted by encoding/json
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Save writes the model into dir (created if needed) as ModelFile and
// returns the file's hex SHA-256. The MANIFEST is the caller's (see
// WriteManifest).
func (m *Model) Save(dir string) (string, error) {
	b, err := m.encode()
	if err != nil {
		return "", fmt.Errorf("save stance model: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("save stance model: %w", err)
	}
	p := filepath.Join(dir, ModelFile)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		return "", fmt.Errorf("save stance model: %w", err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

func (m *Model) encode() ([]byte, error) {
	f := fileModel{Format: FormatVersion, Meta: m.meta, Classifiers: map[Signal]*fileClassifier{}}
	for s, c := range m.clf {
		f.Classifiers[s] = c.file()
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// No name or time in the gzip header: equal models give equal files.
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxModelBytes bounds the uncompressed model read from a file.
const maxModelBytes = 256 << 20

func decode(r io.Reader, origin string) (*fileModel, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("stance model %s: not a gzip file: %w", origin, err)
	}
	dec := json.NewDecoder(io.LimitReader(zr, maxModelBytes))
	var f fileModel
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("stance model %s: %w", origin, err)
	}
	if f.Format != FormatVersion {
		return nil, fmt.Errorf("stance model %s: format %d, want %d", origin, f.Format, FormatVersion)
	}
	if f.Classifiers[SignalCombined] == nil {
		return nil, fmt.Errorf("stance model %s: no combined classifier", origin)
	}
	return &f, nil
}

func build(f *fileModel, p *profile.Profile, origin string) (*Model, error) {
	lex, err := LoadLexicon()
	if err != nil {
		return nil, err
	}
	m := &Model{prof: p, det: target.New(p), lex: lex, clf: map[Signal]*Classifier{}, meta: f.Meta}
	for s, fc := range f.Classifiers {
		c, err := fc.classifier()
		if err != nil {
			return nil, fmt.Errorf("stance model %s: classifier %s: %w", origin, s, err)
		}
		if s != SignalCombined && s != SignalFirstPass && !slices.Contains(AllSignals, s) {
			return nil, fmt.Errorf("stance model %s: unknown signal %q", origin, s)
		}
		if len(c.classes) != 3 {
			return nil, fmt.Errorf("stance model %s: classifier %s has classes %v, want pro_gov, neutral, pro_jdc", origin, s, c.classes)
		}
		m.clf[s] = c
	}
	return m, nil
}

// Load reads a model saved with Save from dir, scoring with profile p.
func Load(dir string, p *profile.Profile) (*Model, error) {
	if p == nil {
		return nil, errors.New("stance load: nil profile")
	}
	path := filepath.Join(dir, ModelFile)
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("stance load: %w", err)
	}
	defer fh.Close()
	f, err := decode(fh, path)
	if err != nil {
		return nil, err
	}
	return build(f, p, path)
}

// Default returns the embedded trained model (models/stance/artefact),
// scoring with profile p.
func Default(p *profile.Profile) (*Model, error) {
	if p == nil {
		return nil, errors.New("stance default: nil profile")
	}
	fh, err := artefact.Open("artefact/" + ModelFile)
	if err != nil {
		return nil, fmt.Errorf("stance default: %w", err)
	}
	defer fh.Close()
	f, err := decode(fh, "embedded")
	if err != nil {
		return nil, err
	}
	return build(f, p, "embedded")
}

// DefaultManifest returns the embedded model's MANIFEST text.
func DefaultManifest() (string, error) {
	b, err := fs.ReadFile(artefact, "artefact/"+Manifest)
	if err != nil {
		return "", fmt.Errorf("stance manifest: %w", err)
	}
	return string(b), nil
}

// ManifestInfo is what a MANIFEST records.
type ManifestInfo struct {
	Command  string            // the exact command that trained the model
	Inputs   map[string]string // training file → hex SHA-256
	ModelSum string            // hex SHA-256 of ModelFile
	Date     string            // RFC 3339
	Version  string            // model version
	Extra    []string          // further "key: value" lines (CV figures, …)
}

// WriteManifest writes dir/MANIFEST.
func WriteManifest(dir string, mi ManifestInfo) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# slant stance model\nversion: %s\ndate: %s\ncommand: %s\n", mi.Version, mi.Date, mi.Command)
	fmt.Fprintf(&b, "artefact: %s sha256:%s\n", ModelFile, mi.ModelSum)
	names := make([]string, 0, len(mi.Inputs))
	for n := range mi.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "input: %s sha256:%s\n", n, mi.Inputs[n])
	}
	for _, e := range mi.Extra {
		fmt.Fprintln(&b, e)
	}
	if err := os.WriteFile(filepath.Join(dir, Manifest), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}
