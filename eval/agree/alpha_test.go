package agree

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

var na = math.NaN()

// krippendorff2011 is the worked example of Krippendorff, "Computing
// Krippendorff's Alpha-Reliability" (2011): 4 observers × 12 units, with
// missing values; unit 12 has a single value and is not pairable.
var krippendorff2011 = [][]float64{
	{1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na},
	{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3},
	{na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na},
	{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na},
}

// round3 rounds to 3 decimals, as published values are given.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func TestKrippendorff2011(t *testing.T) {
	// Published: nominal .743, ordinal .815, interval .849, ratio .797.
	tests := []struct {
		level Level
		want  float64
	}{
		{Nominal, 0.743},
		{Ordinal, 0.815},
		{Interval, 0.849},
		{Ratio, 0.797},
	}
	for _, tt := range tests {
		r, err := Compute(krippendorff2011, tt.level)
		if err != nil {
			t.Fatalf("%v: %v", tt.level, err)
		}
		if round3(r.Alpha) != tt.want {
			t.Errorf("%v: alpha = %.6f, published %.3f", tt.level, r.Alpha, tt.want)
		}
	}
}

func TestKrippendorff2011Coincidences(t *testing.T) {
	// By hand: units 1–11 are pairable (11 units, n = 40 values); unit 12
	// has one value. Marginals n_1..n_5 = 9, 13, 10, 5, 3 (the paper's).
	// Nominal: Σ_{c≠k} o_ck = 2·(4/3 + 1/3 + 1/3 + 4/3 + 1/3 + 1/3) = 8,
	// Σ_{c≠k} n_c n_k = 40² − (81 + 169 + 100 + 25 + 9) = 1216,
	// α = 1 − 39·8/1216 = 0.7434210526…
	r, err := Compute(krippendorff2011, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if r.Units != 11 || r.Values != 40 || r.Unpairable != 1 {
		t.Errorf("units %d, values %d, unpairable %d; want 11, 40, 1", r.Units, r.Values, r.Unpairable)
	}
	wantN := []float64{9, 13, 10, 5, 3}
	for c, n := range r.Coincidence.N {
		if math.Abs(n-wantN[c]) > 1e-12 {
			t.Errorf("n_%v = %v, want %v", r.Coincidence.Values[c], n, wantN[c])
		}
	}
	// o_11 = 3 (unit 1) + 2 (unit 8) + 2 (unit 11) = 7; o_12 = 1/3 + 1.
	if o := r.Coincidence.O; math.Abs(o[0][0]-7) > 1e-12 || math.Abs(o[0][1]-4.0/3) > 1e-12 || math.Abs(o[1][0]-4.0/3) > 1e-12 {
		t.Errorf("o_11 = %v, o_12 = %v, o_21 = %v; want 7, 4/3, 4/3", o[0][0], o[0][1], o[1][0])
	}
	if math.Abs(r.Alpha-(1-39.0*8/1216)) > 1e-12 {
		t.Errorf("alpha = %.12f, want %.12f", r.Alpha, 1-39.0*8/1216)
	}
}

func TestBinaryTwoCoders(t *testing.T) {
	// Krippendorff (2011), two observers, binary data; published α = 0.095.
	// By hand: 5 units 0-0 (o_00 = 10), 1 unit 1-1 (o_11 = 2), 4 units
	// mixed (o_01 = o_10 = 4); n_0 = 14, n_1 = 6, n = 20;
	// α = 1 − 19·4/(14·6) = 1 − 76/84 = 0.0952380952…
	data := [][]float64{
		{0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
		{1, 1, 1, 0, 0, 1, 0, 0, 0, 0},
	}
	a, err := Alpha(data, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if round3(a) != 0.095 || math.Abs(a-(1-76.0/84)) > 1e-12 {
		t.Errorf("alpha = %.6f, want 0.095 (1 − 76/84)", a)
	}
}

func TestWikipediaExample(t *testing.T) {
	// The computational example of Wikipedia's "Krippendorff's alpha":
	// 3 coders × 15 units, published α_nominal = 0.691, α_interval = 0.811.
	data := [][]float64{
		{na, na, na, na, na, 3, 4, 1, 2, 1, 1, 3, 3, na, 3},
		{1, na, 2, 1, 3, 3, 4, 3, na, na, na, na, na, na, na},
		{na, na, 2, 1, 3, 4, 4, na, 2, 1, 1, 3, 3, na, 4},
	}
	for level, want := range map[Level]float64{Nominal: 0.691, Interval: 0.811} {
		a, err := Alpha(data, level)
		if err != nil || round3(a) != want {
			t.Errorf("%v: alpha = %.6f, %v; published %.3f", level, a, err, want)
		}
	}
}

func TestThreeCodersByHand(t *testing.T) {
	// Codes pos = 1, neg = 2, neu = 3:
	//   unit 1: pos pos pos → o_pp += 3·2/2 = 3
	//   unit 2: neg neg neg → o_nn += 3
	//   unit 3: neu neu pos → o_uu += 1, o_up = o_pu += 1
	//   unit 4: –   pos pos → o_pp += 2
	// n_pos = 6, n_neg = 3, n_neu = 2, n = 11; Σ_{c≠k} o = 2;
	// Σ_{c≠k} n_c n_k = 121 − 49 = 72; α = 1 − 10·2/72 = 13/18.
	data := [][]float64{
		{1, 2, 3, na},
		{1, 2, 3, 1},
		{1, 2, 1, 1},
	}
	a, err := Alpha(data, Nominal)
	if err != nil || math.Abs(a-13.0/18) > 1e-12 {
		t.Errorf("alpha = %v, %v; want 13/18", a, err)
	}
}

func TestOrdinalIgnoresSpacing(t *testing.T) {
	// The ordinal metric depends on ranks only: relabelling 1..5 as
	// 10, 20, 50, 51, 1000 (same order) leaves ordinal alpha unchanged,
	// while interval alpha changes.
	remap := map[float64]float64{1: 10, 2: 20, 3: 50, 4: 51, 5: 1000}
	data := make([][]float64, len(krippendorff2011))
	for c, row := range krippendorff2011 {
		data[c] = make([]float64, len(row))
		for u, v := range row {
			data[c][u] = na
			if !math.IsNaN(v) {
				data[c][u] = remap[v]
			}
		}
	}
	a1, _ := Alpha(krippendorff2011, Ordinal)
	a2, _ := Alpha(data, Ordinal)
	if math.Abs(a1-a2) > 1e-12 {
		t.Errorf("ordinal alpha changed under a monotone relabelling: %v → %v", a1, a2)
	}
	i1, _ := Alpha(krippendorff2011, Interval)
	i2, _ := Alpha(data, Interval)
	if math.Abs(i1-i2) < 1e-3 {
		t.Errorf("interval alpha did not change under respacing: %v, %v", i1, i2)
	}
}

func TestAlphaEdges(t *testing.T) {
	tests := []struct {
		name string
		data [][]float64
		want float64
		err  error
	}{
		{"perfect", [][]float64{{1, 2, 3, 2}, {1, 2, 3, 2}, {1, 2, na, 2}}, 1, nil},
		{"no variation", [][]float64{{2, 2, 2}, {2, 2, na}}, na, ErrNoVariation},
		{"all missing", [][]float64{{na, na}, {na, na}}, na, ErrNoPairable},
		{"one value per unit", [][]float64{{1, na}, {na, 2}}, na, ErrNoPairable},
		{"one coder", [][]float64{{1, 2, 3}}, na, ErrNoPairable},
		{"no coders", nil, na, ErrNoPairable},
		{"no units", [][]float64{{}, {}}, na, ErrNoPairable},
		{"ragged", [][]float64{{1, 2}, {1}}, na, ErrData},
		{"infinite", [][]float64{{1, math.Inf(1)}, {1, 2}}, na, ErrData},
	}
	for _, tt := range tests {
		for _, level := range []Level{Nominal, Ordinal, Interval, Ratio} {
			a, err := Alpha(tt.data, level)
			if !errors.Is(err, tt.err) || (math.IsNaN(tt.want) != math.IsNaN(a)) || (!math.IsNaN(a) && a != tt.want) {
				t.Errorf("%s/%v: alpha = %v, %v; want %v, %v", tt.name, level, a, err, tt.want, tt.err)
			}
		}
	}
	if _, err := Alpha([][]float64{{1, -2}, {1, 2}}, Ratio); !errors.Is(err, ErrData) {
		t.Errorf("negative ratio value: err = %v", err)
	}
	if _, err := Alpha([][]float64{{1, 2}, {1, 2}}, Level(9)); !errors.Is(err, ErrData) {
		t.Errorf("unknown level: err = %v", err)
	}
	// Systematic disagreement: each coder always contradicts the other.
	// o_12 = o_21 = 2, n_1 = n_2 = 2, n = 4: α = 1 − 3·4/8 = −0.5.
	if a, err := Alpha([][]float64{{1, 2}, {2, 1}}, Nominal); err != nil || math.Abs(a+0.5) > 1e-12 {
		t.Errorf("systematic disagreement: alpha = %v, %v; want −0.5", a, err)
	}
}

func TestParseLevel(t *testing.T) {
	for _, l := range []Level{Nominal, Ordinal, Interval, Ratio} {
		got, err := ParseLevel(" " + l.String() + " ")
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), got, err)
		}
	}
	if got, err := ParseLevel("ORDINAL"); err != nil || got != Ordinal {
		t.Errorf("ParseLevel(ORDINAL) = %v, %v", got, err)
	}
	if _, err := ParseLevel("nominl"); err == nil {
		t.Error("ParseLevel(nominl): no error")
	}
	if s := Level(0).String(); s != "Level(0)" {
		t.Errorf("Level(0).String() = %q", s)
	}
}

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// twoCoders returns 2 × n nominal data over 3 values where the second coder
// copies the first with probability agree, else answers at random.
func twoCoders(n int, agree float64, seed uint64) [][]float64 {
	rng := seeded(seed)
	d := [][]float64{make([]float64, n), make([]float64, n)}
	for u := range n {
		d[0][u] = float64(rng.IntN(3))
		d[1][u] = d[0][u]
		if rng.Float64() > agree {
			d[1][u] = float64(rng.IntN(3))
		}
	}
	return d
}

func TestBootstrap(t *testing.T) {
	data := twoCoders(300, 0.8, 1)
	a, err := Alpha(data, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	r1, err := Bootstrap(data, Nominal, nil, 500, DefaultMin, seeded(9))
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := Bootstrap(data, Nominal, nil, 500, DefaultMin, seeded(9))
	if r1.Lo != r2.Lo || r1.Hi != r2.Hi || r1.PBelow != r2.PBelow {
		t.Errorf("same seed, different results: %+v vs %+v", r1.Lo, r2.Lo)
	}
	if len(r1.Samples) != 500 || r1.B != 500 || r1.Undefined != 0 {
		t.Errorf("B = %d, samples %d, undefined %d", r1.B, len(r1.Samples), r1.Undefined)
	}
	// With 300 units the interval must bracket alpha and be narrower than
	// ±0.15 (binomial-scale error ≈ 0.05).
	if !(r1.Lo < a && a < r1.Hi && r1.Hi-r1.Lo < 0.3) {
		t.Errorf("alpha %.3f, CI [%.3f, %.3f]", a, r1.Lo, r1.Hi)
	}
	// PBelow is the share of samples below Min, computed independently.
	var below int
	for _, s := range r1.Samples {
		if s < DefaultMin {
			below++
		}
	}
	if r1.PBelow != float64(below)/500 {
		t.Errorf("PBelow = %v, want %v", r1.PBelow, float64(below)/500)
	}
	// A threshold far below and far above the distribution.
	lo, _ := Bootstrap(data, Nominal, nil, 200, -1, seeded(9))
	hi, _ := Bootstrap(data, Nominal, nil, 200, 1.01, seeded(9))
	if lo.PBelow != 0 || hi.PBelow != 1 {
		t.Errorf("PBelow(−1) = %v, PBelow(1.01) = %v; want 0, 1", lo.PBelow, hi.PBelow)
	}
}

func TestBootstrapPerfect(t *testing.T) {
	// Perfect agreement on two values: every defined replicate is 1; a
	// replicate drawing only one value is undefined and left out.
	data := [][]float64{{1, 2, 1, 2}, {1, 2, 1, 2}}
	r, err := Bootstrap(data, Nominal, nil, 300, DefaultMin, seeded(3))
	if err != nil {
		t.Fatal(err)
	}
	if r.Lo != 1 || r.Hi != 1 || r.PBelow != 0 {
		t.Errorf("perfect: CI [%v, %v], PBelow %v", r.Lo, r.Hi, r.PBelow)
	}
	// P(all four draws from one value) = 2·(1/2)^4 = 1/8 → ~37 of 300.
	if r.Undefined < 15 || r.Undefined > 70 {
		t.Errorf("undefined = %d, expected about 37", r.Undefined)
	}
}

func TestBootstrapGroups(t *testing.T) {
	// Columns 0–3 (article A): perfect agreement; columns 4–7 (article B):
	// complete disagreement. Resampling the two articles as wholes gives
	// only three possible replicates (AA, AB/BA, BB), so at most three
	// distinct alphas; resampling units would give many more.
	data := [][]float64{
		{1, 2, 1, 2, 1, 2, 1, 2},
		{1, 2, 1, 2, 2, 1, 2, 1},
	}
	groups := [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}}
	r, err := Bootstrap(data, Nominal, groups, 200, DefaultMin, seeded(5))
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[float64]bool{}
	for _, s := range r.Samples {
		distinct[s] = true
	}
	if len(distinct) > 3 {
		t.Errorf("%d distinct replicate alphas with 2 clusters, want ≤ 3: %v", len(distinct), distinct)
	}
	u, _ := Bootstrap(data, Nominal, nil, 200, DefaultMin, seeded(5))
	distinct = map[float64]bool{}
	for _, s := range u.Samples {
		distinct[s] = true
	}
	if len(distinct) <= 3 {
		t.Errorf("unit bootstrap gave only %d distinct alphas", len(distinct))
	}
	for name, g := range map[string][][]int{
		"out of range": {{0, 9}},
		"twice":        {{0, 1}, {1, 2}},
	} {
		if _, err := Bootstrap(data, Nominal, g, 10, DefaultMin, seeded(1)); !errors.Is(err, ErrData) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestBootstrapErrors(t *testing.T) {
	if _, err := Bootstrap([][]float64{{1, na}, {na, 2}}, Nominal, nil, 10, DefaultMin, seeded(1)); !errors.Is(err, ErrNoPairable) {
		t.Errorf("no pairable: err = %v", err)
	}
	if _, err := Bootstrap(krippendorff2011, Nominal, nil, 0, DefaultMin, seeded(1)); err == nil {
		t.Error("b = 0: no error")
	}
	if _, err := Bootstrap(krippendorff2011, Nominal, nil, 10, DefaultMin, nil); err == nil {
		t.Error("nil rng: no error")
	}
}

func FuzzAlpha(f *testing.F) {
	f.Add([]byte{1, 2, 3, 0, 1, 2, 2, 0, 3}, uint8(3))
	f.Add([]byte{}, uint8(2))
	f.Add([]byte{0, 0, 0, 0}, uint8(1))
	f.Fuzz(func(t *testing.T, raw []byte, coders uint8) {
		m := int(coders%5) + 1
		n := len(raw) / m
		data := make([][]float64, m)
		for c := range data {
			data[c] = make([]float64, n)
			for u := range n {
				v := raw[c*n+u] % 6
				data[c][u] = float64(v)
				if v == 0 {
					data[c][u] = na
				}
			}
		}
		for _, level := range []Level{Nominal, Ordinal, Interval, Ratio} {
			a, err := Alpha(data, level)
			if err == nil && (math.IsNaN(a) || a > 1+1e-9) {
				t.Errorf("%v: alpha = %v with no error", level, a)
			}
			if err != nil && !math.IsNaN(a) {
				t.Errorf("%v: alpha = %v with error %v", level, a, err)
			}
		}
	})
}
