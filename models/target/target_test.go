package target

import (
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

func detector(t testing.TB) *Detector {
	t.Helper()
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	return New(p)
}

func TestOne(t *testing.T) {
	d := detector(t)
	tests := []struct {
		text string
		want article.Side
	}{
		{"Jeremy Hunt announced the plan on Monday.", article.SideGov},
		{"The Jim Reaper was at it again.", article.SideGov},
		{"Leave it to the Tinkerman.", article.SideGov},
		{"The BMA met on Tuesday.", article.SideJDC},
		{"Junior doctors walked out.", article.SideJDC},
		{"The seven-day NHS is a slogan.", article.SideGov},
		{"The imposition of the contract went ahead.", article.SideGov},
		{"The BMA rejected the contract.", article.SideBoth},
		{"Hunt attacked the union.", article.SideBoth},
		{"It rained all day in Leeds.", article.SideNone},
		{"Health Education England published figures.", article.SideNone}, // side other
		{"He said so.", article.SideNone},                                 // nothing to carry
	}
	for _, tt := range tests {
		if got := d.One(tt.text); got.Side != tt.want {
			t.Errorf("One(%q).Side = %s, want %s (mentions %+v)", tt.text, got.Side, tt.want, got.Mentions)
		}
	}
}

func TestCarryOver(t *testing.T) {
	d := detector(t)
	tests := []struct {
		name  string
		texts []string
		want  []article.Side
	}{
		{"pronoun chain", []string{"Jeremy Hunt spoke to MPs.", "He then said the talks were over.", "He added nothing."},
			[]article.Side{article.SideGov, article.SideGov, article.SideGov}},
		{"subject pronoun joins explicit", []string{"Hunt spoke.", "He then attacked the junior doctors."},
			[]article.Side{article.SideGov, article.SideBoth}},
		{"person preferred for he", []string{"Dr McCourt wrote to the government.", "She said nothing had changed."},
			[]article.Side{article.SideBoth, article.SideJDC}},
		{"it carries side", []string{"The BMA is hardly in a position to fight.", "It's in disarray."},
			[]article.Side{article.SideJDC, article.SideJDC}},
		{"they carries both", []string{"The BMA and the government met.", "They failed to agree."},
			[]article.Side{article.SideBoth, article.SideBoth}},
		{"non-initial pronoun ignored with explicit mention", []string{"Hunt spoke.", "The BMA said it would wait."},
			[]article.Side{article.SideGov, article.SideJDC}},
		{"it chains through claims", []string{"Hunt spoke.", "It rained.", "It stopped."},
			[]article.Side{article.SideGov, article.SideGov, article.SideGov}},
		{"plain sentence breaks the chain", []string{"Hunt spoke.", "Rain fell on Leeds.", "It stopped."},
			[]article.Side{article.SideGov, article.SideNone, article.SideNone}},
	}
	for _, tt := range tests {
		got := d.Detect(tt.texts)
		for i := range got {
			if got[i].Side != tt.want[i] {
				t.Errorf("%s: claim %d %q side = %s, want %s (mentions %+v)", tt.name, i, tt.texts[i], got[i].Side, tt.want[i], got[i].Mentions)
			}
		}
	}
}

func TestCarriedMentionOffsets(t *testing.T) {
	d := detector(t)
	texts := []string{"The Jim Reaper was in Parliament.", "Later he said little."}
	r := d.Detect(texts)[1]
	if len(r.Mentions) != 1 {
		t.Fatalf("mentions = %+v, want one carried", r.Mentions)
	}
	m := r.Mentions[0]
	if !m.Carried || m.Name != "Jeremy Hunt" || texts[1][m.Start:m.End] != "he" {
		t.Errorf("carried mention = %+v, want 'he' → Jeremy Hunt", m)
	}
}

func TestTrackerReset(t *testing.T) {
	d := detector(t)
	tr := d.Tracker()
	tr.Next("Jeremy Hunt spoke.")
	tr.Reset()
	if got := tr.Next("He left."); got.Side != article.SideNone {
		t.Errorf("after Reset side = %s, want none", got.Side)
	}
}

func FuzzDetect(f *testing.F) {
	d := detector(f)
	f.Add("Hunt said", "he would \xff impose it")
	f.Add("", "they")
	f.Fuzz(func(t *testing.T, a, b string) {
		texts := []string{a, b}
		for i, r := range d.Detect(texts) {
			for _, m := range r.Mentions {
				if m.Start < 0 || m.End > len(texts[i]) || m.Start > m.End {
					t.Fatalf("mention %+v outside %q", m, texts[i])
				}
			}
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	d := detector(b)
	texts := []string{"Jeremy Hunt said the contract would be imposed.", "He added that the BMA was militant.", "It rained in Leeds."}
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(texts)
	}
}
