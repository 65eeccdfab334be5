package agree

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slant-project/slant/eval/metrics"
)

// ErrUsage marks errors in how Analyze was called or in the files' shape
// (too few files, a missing column, an ordinal level without an order);
// errors.Is(err, ErrUsage) holds for them and "slant agree" exits 2.
var ErrUsage = errors.New("usage")

// usageError is an error that matches ErrUsage without repeating its text.
type usageError struct{ err error }

func (e usageError) Error() string        { return e.err.Error() }
func (e usageError) Unwrap() error        { return e.err }
func (e usageError) Is(target error) bool { return target == ErrUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// goldKey is the unit key of the gold and pass files (GUIDELINES.md §7);
// idKey is the fallback.
var (
	goldKey = []string{"article_id", "start", "end"}
	idKey   = []string{"id"}
)

// DefaultOrder returns the scale order of a label column of the gold
// format, low to high: stance pro_gov < neutral < pro_jdc and sentiment
// negative < neutral < positive. It returns nil for other columns.
func DefaultOrder(column string) []string {
	switch strings.ToLower(column) {
	case "stance":
		return []string{"pro_gov", "neutral", "pro_jdc"}
	case "sentiment":
		return []string{"negative", "neutral", "positive"}
	}
	return nil
}

// Options configure Analyze.
type Options struct {
	// Column is the label column (default "stance").
	Column string
	// Key names the columns that identify a unit. Empty: article_id,
	// start, end (the gold format, GUIDELINES.md §7) when every file has
	// those columns, else id.
	Key []string
	// Level is the level of measurement (default Nominal).
	Level Level
	// Order is the scale, low to high, for the ordinal, interval and ratio
	// levels: label i gets the value i+1. Empty: DefaultOrder(Column); if
	// that is nil too, labels must be numbers. Labels not in the order are
	// treated as missing and reported. For Nominal it only orders the
	// label table.
	Order []string
	// Boot is the number of bootstrap replicates (0: no interval) and Seed
	// seeds them.
	Boot int
	Seed uint64
	// Min is the alpha threshold for P(α < Min) (0 means DefaultMin).
	Min float64
	// Cluster, when set, names a column whose value groups units (such as
	// article_id): the bootstrap resamples whole groups. The value is taken
	// from the first file, in argument order, that has the unit.
	Cluster string
}

// Input is one annotator's CSV file.
type Input struct {
	Name string // shown in the report and in problem messages
	R    io.Reader
}

// Number is a float64 that encodes NaN and ±Inf as JSON null.
type Number float64

// MarshalJSON encodes n, or null when n is not finite.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// Report is the outcome of Analyze.
type Report struct {
	Annotators []string `json:"annotators"`
	Column     string   `json:"column"`
	Key        []string `json:"key"`
	Level      string   `json:"level"`
	Order      []string `json:"order,omitempty"`
	// Labelled[i] is how many units annotator i labelled (non-empty label).
	Labelled []int `json:"labelled"`
	// Units is the number of distinct keys over all files; Shared those
	// labelled by two or more annotators; OnlyOne[i] those labelled by
	// annotator i and nobody else.
	Units   int          `json:"units"`
	Shared  int          `json:"shared"`
	OnlyOne []int        `json:"only_one"`
	Alpha   AlphaSummary `json:"alpha"`
	// Pairs holds Cohen's kappa for every pair of annotators.
	Pairs []Pair `json:"pairwise"`
	// Labels counts each label per annotator over the shared units.
	Labels []LabelCount `json:"labels"`
	// Problems lists malformed rows as "file:line: problem".
	Problems []string `json:"problems"`
}

// AlphaSummary is the Krippendorff's alpha section of a Report.
type AlphaSummary struct {
	Value Number `json:"value"`
	// Note explains an undefined alpha.
	Note string `json:"note,omitempty"`
	Do   Number `json:"observed_disagreement"`
	De   Number `json:"expected_disagreement"`
	// Units and Values count the pairable units and values it is based on.
	Units  int `json:"units"`
	Values int `json:"values"`
	// Bootstrap is nil when no replicates were asked for or alpha is
	// undefined.
	Bootstrap *Boot `json:"bootstrap,omitempty"`
}

// Boot is the bootstrap part of Alpha.
type Boot struct {
	Lo        Number `json:"ci_lo"`
	Hi        Number `json:"ci_hi"`
	Level     Number `json:"ci_level"`
	Min       Number `json:"min"`
	PBelow    Number `json:"p_below_min"`
	B         int    `json:"replicates"`
	Undefined int    `json:"undefined"`
	Seed      uint64 `json:"seed"`
	// Scheme is "units" or "clusters by COLUMN (N clusters)".
	Scheme string `json:"scheme"`
}

// Pair is Cohen's kappa between two annotators over the units both
// labelled, all labels taken as nominal categories.
type Pair struct {
	A         string `json:"a"`
	B         string `json:"b"`
	N         int    `json:"n"`
	Agreement Number `json:"agreement"`
	Kappa     Number `json:"kappa"`
}

// LabelCount is one row of the label table.
type LabelCount struct {
	Label  string `json:"label"`
	Counts []int  `json:"counts"` // per annotator, in Annotators order
	Total  int    `json:"total"`
	// OffScale marks labels outside the ordinal/interval order, treated
	// as missing in alpha.
	OffScale bool `json:"off_scale,omitempty"`
}

// sheet is one annotator's file, read.
type sheet struct {
	name    string
	r       *csv.Reader
	header  map[string]int // lower-cased column name → index
	width   int
	labels  map[string]string
	keys    []string // in file order
	cluster map[string]string
}

const keySep = "\x1f"

// maxProblems is how many malformed rows are listed per file; the rest are
// counted in one closing line, so that a binary or wrong file cannot flood
// the output.
const maxProblems = 20

// Analyze reads the annotators' files and measures their agreement on the
// column opt.Column over the units they share. Malformed rows (wrong field
// count, CSV syntax errors, invalid UTF-8, an empty key, a duplicate key)
// are skipped and listed in Report.Problems with file:line; the rest of the
// file is used. It returns an error wrapping ErrUsage for fewer than two
// inputs, a file without a header or a needed column, or a non-numeric
// non-nominal column without an order, and other errors for failed reads.
func Analyze(inputs []Input, opt Options) (*Report, error) {
	if len(inputs) < 2 {
		return nil, usagef("need at least two annotators' files, got %d", len(inputs))
	}
	if opt.Column == "" {
		opt.Column = "stance"
	}
	if opt.Level == 0 {
		opt.Level = Nominal
	}
	if opt.Min == 0 {
		opt.Min = DefaultMin
	}
	sheets := make([]*sheet, len(inputs))
	for i, in := range inputs {
		s, err := openSheet(in)
		if err != nil {
			return nil, err
		}
		sheets[i] = s
	}
	key := opt.Key
	if len(key) == 0 {
		key = idKey
		if allHave(sheets, goldKey) {
			key = goldKey
		}
	}
	need := append(slices.Clone(key), opt.Column)
	if opt.Cluster != "" {
		need = append(need, opt.Cluster)
	}
	for _, s := range sheets {
		for _, c := range need {
			if _, ok := s.header[strings.ToLower(c)]; !ok {
				return nil, usagef("%s: no column %q (columns: %s)", s.name, c, s.columns())
			}
		}
	}
	rep := &Report{Column: opt.Column, Key: slices.Clone(key), Level: opt.Level.String(), Problems: []string{}}
	for _, s := range sheets {
		probs, err := s.read(key, opt.Column, opt.Cluster)
		rep.Problems = append(rep.Problems, probs...)
		if err != nil {
			return nil, err
		}
		rep.Annotators = append(rep.Annotators, s.name)
	}
	if err := rep.fill(sheets, opt); err != nil {
		return nil, err
	}
	return rep, nil
}

func allHave(sheets []*sheet, cols []string) bool {
	for _, s := range sheets {
		for _, c := range cols {
			if _, ok := s.header[c]; !ok {
				return false
			}
		}
	}
	return true
}

func openSheet(in Input) (*sheet, error) {
	r := csv.NewReader(in.R)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err == io.EOF {
		return nil, usagef("%s: empty file, no header row", in.Name)
	}
	if err != nil {
		return nil, usagef("%s: header: %v", in.Name, err)
	}
	s := &sheet{name: in.Name, r: r, header: make(map[string]int), width: len(head),
		labels: make(map[string]string), cluster: make(map[string]string)}
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := s.header[h]; !dup {
			s.header[h] = i
		}
	}
	return s, nil
}

func (s *sheet) columns() string {
	cols := make([]string, 0, len(s.header))
	for c := range s.header {
		cols = append(cols, c)
	}
	slices.SortFunc(cols, func(a, b string) int { return s.header[a] - s.header[b] })
	return strings.Join(cols, ", ")
}

// read loads the rows, returning the malformed ones as problems (at most
// maxProblems listed, then a count).
func (s *sheet) read(key []string, column, cluster string) (problems []string, err error) {
	var more int
	defer func() {
		if more > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d more malformed rows skipped, not listed", s.name, more))
		}
	}()
	report := func(line int, msg string) {
		if len(problems) >= maxProblems {
			more++
			return
		}
		problems = append(problems, fmt.Sprintf("%s:%d: %s", s.name, line, msg))
	}
	kidx := make([]int, len(key))
	for i, k := range key {
		kidx[i] = s.header[strings.ToLower(k)]
	}
	lidx := s.header[strings.ToLower(column)]
	cidx := -1
	if cluster != "" {
		cidx = s.header[strings.ToLower(cluster)]
	}
	firstLine := make(map[string]int)
	parts := make([]string, len(key))
	for {
		rec, err := s.r.Read()
		if err == io.EOF {
			return problems, nil
		}
		line, _ := s.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				report(pe.Line, pe.Err.Error())
				continue
			}
			return problems, fmt.Errorf("%s: read: %w", s.name, err)
		}
		bad := func(format string, args ...any) { report(line, fmt.Sprintf(format, args...)) }
		if len(rec) != s.width {
			bad("%d fields, header has %d; row skipped", len(rec), s.width)
			continue
		}
		ok := true
		for i, k := range kidx {
			parts[i] = strings.TrimSpace(rec[k])
			if parts[i] == "" {
				bad("empty %s; row skipped", key[i])
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		id := strings.Join(parts, keySep)
		label := strings.TrimSpace(rec[lidx])
		if !utf8.ValidString(id) || !utf8.ValidString(label) {
			bad("invalid UTF-8; row skipped")
			continue
		}
		if first, dup := firstLine[id]; dup {
			bad("duplicate key %s (first at line %d); row skipped", strings.Join(parts, ","), first)
			continue
		}
		firstLine[id] = line
		s.keys = append(s.keys, id)
		if label != "" {
			s.labels[id] = label
		}
		if cidx >= 0 {
			s.cluster[id] = strings.TrimSpace(rec[cidx])
		}
	}
}

// fill computes the report's figures from the loaded sheets.
func (rep *Report) fill(sheets []*sheet, opt Options) error {
	// Units in order of first appearance over the files.
	seen := make(map[string]bool)
	var units []string
	for _, s := range sheets {
		for _, k := range s.keys {
			if !seen[k] {
				seen[k] = true
				units = append(units, k)
			}
		}
	}
	rep.Units = len(units)
	rep.Labelled = make([]int, len(sheets))
	rep.OnlyOne = make([]int, len(sheets))
	var shared []string
	for _, u := range units {
		var by []int
		for i, s := range sheets {
			if _, ok := s.labels[u]; ok {
				by = append(by, i)
			}
		}
		for _, i := range by {
			rep.Labelled[i]++
		}
		switch {
		case len(by) == 1:
			rep.OnlyOne[by[0]]++
		case len(by) >= 2:
			shared = append(shared, u)
		}
	}
	rep.Shared = len(shared)

	// Label set, scale values.
	var all []string
	for _, u := range shared {
		for _, s := range sheets {
			if l, ok := s.labels[u]; ok {
				all = append(all, l)
			}
		}
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(all)))
	order := opt.Order
	if len(order) == 0 && opt.Level != Nominal {
		order = DefaultOrder(opt.Column)
	}
	value, err := scale(distinct, opt.Level, order, opt.Column)
	if err != nil {
		return err
	}
	if opt.Level != Nominal && len(order) > 0 {
		rep.Order = order
	}

	rep.labelTable(sheets, shared, distinct, order, value)
	rep.pairs(sheets, shared)
	rep.alpha(sheets, shared, value, opt)
	return nil
}

// scale maps labels to numbers for alpha; labels missing from the map are
// off the scale (treated as missing).
func scale(labels []string, level Level, order []string, column string) (map[string]float64, error) {
	value := make(map[string]float64, len(labels))
	switch {
	case level == Nominal:
		for i, l := range labels {
			value[l] = float64(i)
		}
	case len(order) > 0:
		for i, l := range order {
			if _, dup := value[l]; dup {
				return nil, usagef("order lists %q twice", l)
			}
			value[l] = float64(i + 1)
		}
	default:
		for _, l := range labels {
			v, err := strconv.ParseFloat(l, 64)
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				return nil, usagef("level %v on column %q needs an order of its labels (--order a,b,c) or numeric labels; found %q",
					level, column, labels)
			}
			value[l] = v
		}
	}
	return value, nil
}

func (rep *Report) labelTable(sheets []*sheet, shared, distinct, order []string, value map[string]float64) {
	// Order labels: the scale order first, then the rest alphabetically.
	rank := make(map[string]int, len(order))
	for i, l := range order {
		rank[l] = i
	}
	labels := slices.Clone(distinct)
	slices.SortStableFunc(labels, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return compareLabels(a, b)
	})
	row := make(map[string]*LabelCount, len(labels))
	rep.Labels = make([]LabelCount, len(labels))
	for i, l := range labels {
		_, on := value[l]
		rep.Labels[i] = LabelCount{Label: l, Counts: make([]int, len(sheets)), OffScale: !on}
		row[l] = &rep.Labels[i]
	}
	for _, u := range shared {
		for i, s := range sheets {
			if l, ok := s.labels[u]; ok {
				row[l].Counts[i]++
				row[l].Total++
			}
		}
	}
}

// compareLabels orders numbers numerically, before other labels, and other
// labels alphabetically.
func compareLabels(a, b string) int {
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil:
		if c := cmp.Compare(fa, fb); c != 0 {
			return c
		}
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func (rep *Report) pairs(sheets []*sheet, shared []string) {
	for i := range sheets {
		for j := i + 1; j < len(sheets); j++ {
			var a, b []string
			for _, u := range shared {
				la, oka := sheets[i].labels[u]
				lb, okb := sheets[j].labels[u]
				if oka && okb {
					a, b = append(a, la), append(b, lb)
				}
			}
			p := Pair{A: sheets[i].name, B: sheets[j].name, N: len(a), Agreement: Number(math.NaN()), Kappa: Number(math.NaN())}
			if len(a) > 0 {
				var same int
				for k := range a {
					if a[k] == b[k] {
						same++
					}
				}
				p.Agreement = Number(float64(same) / float64(len(a)))
				k, _ := metrics.CohenKappa(a, b)
				p.Kappa = Number(k)
			}
			rep.Pairs = append(rep.Pairs, p)
		}
	}
}

func (rep *Report) alpha(sheets []*sheet, shared []string, value map[string]float64, opt Options) {
	data := make([][]float64, len(sheets))
	for i, s := range sheets {
		data[i] = make([]float64, len(shared))
		for u, id := range shared {
			data[i][u] = math.NaN()
			if l, ok := s.labels[id]; ok {
				if v, on := value[l]; on {
					data[i][u] = v
				}
			}
		}
	}
	r, err := Compute(data, opt.Level)
	rep.Alpha = AlphaSummary{Value: Number(r.Alpha), Do: Number(r.Do), De: Number(r.De), Units: r.Units, Values: r.Values}
	if err != nil {
		rep.Alpha.Note = err.Error()
		return
	}
	if opt.Boot <= 0 {
		return
	}
	var groups [][]int
	scheme := "units"
	if opt.Cluster != "" {
		keys := make([]string, len(shared))
		for u, id := range shared {
			for _, s := range sheets {
				if c, ok := s.cluster[id]; ok {
					keys[u] = c
					break
				}
			}
		}
		groups = metrics.Groups(keys)
		scheme = fmt.Sprintf("clusters by %s (%d clusters)", opt.Cluster, len(groups))
	}
	b, err := Bootstrap(data, opt.Level, groups, opt.Boot, opt.Min, rand.New(rand.NewPCG(opt.Seed, 0)))
	if err != nil {
		rep.Alpha.Note = "bootstrap: " + err.Error()
		return
	}
	rep.Alpha.Bootstrap = &Boot{Lo: Number(b.Lo), Hi: Number(b.Hi), Level: metrics.BootstrapLevel, Min: Number(b.Min),
		PBelow: Number(b.PBelow), B: b.B, Undefined: b.Undefined, Seed: opt.Seed, Scheme: scheme}
}
