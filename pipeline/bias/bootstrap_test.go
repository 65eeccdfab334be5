package bias

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func countsOf(stances ...article.Stance) Counts {
	var c Counts
	a := simple("x", "s", stances...)
	for i := range a.Claims {
		c.AddClaim(&a.Claims[i])
	}
	return c
}

// Identical articles: every replicate sums n copies of the same counts, so
// every defined measure has a zero-width interval at its value.
func TestBootstrapIdenticalUnits(t *testing.T) {
	u := countsOf(pg, neu, pj, pj)
	units := []Counts{u, u, u, u, u, u}
	lo, hi := Bootstrap(units, 500, rand.New(rand.NewPCG(1, 2)))
	v := Compute(&u)
	for m := range NumMeasures {
		if math.IsNaN(v[m]) {
			if !math.IsNaN(lo[m]) || !math.IsNaN(hi[m]) {
				t.Errorf("%s undefined but interval [%v, %v]", m, lo[m], hi[m])
			}
			continue
		}
		if lo[m] != v[m] || hi[m] != v[m] {
			t.Errorf("%s = %v, interval [%v, %v], want zero width", m, v[m], lo[m], hi[m])
		}
	}
}

// Two articles, A with two pro_jdc claims and B with one pro_gov claim. A
// replicate draws two articles: AA (p = 1/4) gives share_pro_jdc 4/4 = 1,
// AB or BA (p = 1/2) gives 2/3 (claims are pooled, A weighs double), BB
// (p = 1/4) gives 0. With 2000 replicates about 500 are BB, so the 50th
// smallest is 0 and the 1950th smallest is 1: the interval is [0, 1]. The
// net slant takes the values 1, (2−1)/3 = 1/3 and −1.
func TestBootstrapTwoArticles(t *testing.T) {
	units := []Counts{countsOf(pj, pj), countsOf(pg)}
	const b = 2000
	s := newSamples(b)
	replicate(units, rand.New(rand.NewPCG(7, 7)), s, 0, b)
	freq := map[float64]int{}
	for _, v := range s[ShareProJDC] {
		freq[v]++
	}
	if len(freq) != 3 || freq[1]+freq[2.0/3]+freq[0] != b {
		t.Fatalf("share_pro_jdc replicate values %v, want only 0, 2/3, 1", freq)
	}
	// Binomial(2000, 1/2) for AB: mean 1000, sd 22.4; ±4 sd.
	if f := freq[2.0/3]; f < 910 || f > 1090 {
		t.Errorf("AB drawn %d times of %d, want about 1000", f, b)
	}
	if f := freq[1]; f < 410 || f > 590 {
		t.Errorf("AA drawn %d times of %d, want about 500", f, b)
	}
	netVals := map[float64]bool{}
	for _, v := range s[NetSlant] {
		netVals[v] = true
	}
	if len(netVals) != 3 || !netVals[1] || !netVals[-1] || !netVals[1.0/3] {
		t.Errorf("net slant replicate values %v, want {-1, 1/3, 1}", netVals)
	}
	lo, hi := Bootstrap(units, b, rand.New(rand.NewPCG(7, 7)))
	if lo[ShareProJDC] != 0 || hi[ShareProJDC] != 1 || lo[NetSlant] != -1 || hi[NetSlant] != 1 {
		t.Errorf("share_pro_jdc [%v, %v], net [%v, %v]; want [0, 1], [-1, 1]",
			lo[ShareProJDC], hi[ShareProJDC], lo[NetSlant], hi[NetSlant])
	}
}

// Replicates where a measure is undefined are left out: A has one neutral
// claim, B one pro_jdc. AA has no stance-bearing claim (net slant NaN), AB
// and BB give net slant 1, so the interval is [1, 1].
func TestBootstrapSkipsUndefinedReplicates(t *testing.T) {
	units := []Counts{countsOf(neu), countsOf(pj)}
	lo, hi := Bootstrap(units, 400, rand.New(rand.NewPCG(3, 4)))
	if lo[NetSlant] != 1 || hi[NetSlant] != 1 {
		t.Errorf("net slant [%v, %v], want [1, 1]", lo[NetSlant], hi[NetSlant])
	}
	// Voice shares have no quoted claims in any replicate: NaN.
	if !math.IsNaN(lo[ShareVoiceGov]) || !math.IsNaN(hi[ShareVoiceGov]) {
		t.Errorf("share_voice_gov [%v, %v], want NaN", lo[ShareVoiceGov], hi[ShareVoiceGov])
	}
}

func TestBootstrapDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for name, f := range map[string]func() (Values, Values){
		"no units":     func() (Values, Values) { return Bootstrap(nil, 100, rng) },
		"one unit":     func() (Values, Values) { return Bootstrap([]Counts{countsOf(pj, pg)}, 100, rng) },
		"no replicate": func() (Values, Values) { return Bootstrap([]Counts{countsOf(pj), countsOf(pg)}, 0, rng) },
		"nil rng":      func() (Values, Values) { return Bootstrap([]Counts{countsOf(pj), countsOf(pg)}, 10, nil) },
	} {
		lo, hi := f()
		if !math.IsNaN(lo[NetSlant]) || !math.IsNaN(hi[ShareProGov]) {
			t.Errorf("%s: bounds %v %v, want NaN", name, lo[NetSlant], hi[ShareProGov])
		}
	}
}

func TestBootstrapSeeded(t *testing.T) {
	units := []Counts{countsOf(pj, pg), countsOf(pg, pg, neu), countsOf(pj), countsOf(neu, pj, pj, pg), countsOf(pg)}
	lo1, hi1 := Bootstrap(units, 300, rand.New(rand.NewPCG(42, 0)))
	lo2, hi2 := Bootstrap(units, 300, rand.New(rand.NewPCG(42, 0)))
	if fmt.Sprint(lo1, hi1) != fmt.Sprint(lo2, hi2) { // NaN != NaN, so compare printed
		t.Error("same seed gave different intervals")
	}
	var sum Counts
	for i := range units {
		sum.Add(&units[i])
	}
	est := Compute(&sum)
	// Non-degenerate data: the interval has width and contains the estimate.
	if !(lo1[NetSlant] < est[NetSlant] && est[NetSlant] < hi1[NetSlant]) {
		t.Errorf("net slant %v outside or at the edge of [%v, %v]", est[NetSlant], lo1[NetSlant], hi1[NetSlant])
	}
}
