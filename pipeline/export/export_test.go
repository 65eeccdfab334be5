package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"＝1+1", "'＝1+1"},
		{"'=1", "''=1"}, // an apostrophe of its own survives the round trip
		{"'quoted'", "'quoted'"},
		{"Hunt says -2", "Hunt says -2"},
		{"", ""},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := Unneutralise(tt.want); back != tt.in {
			t.Errorf("Unneutralise(%q) = %q, want %q", tt.want, back, tt.in)
		}
	}
}

func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"=1", "'", "''=", "-", "abc", "\t", "＠x", "'+'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralise(s)
		if formulaStart(n) {
			t.Errorf("Neutralise(%q) = %q still starts like a formula", s, n)
		}
		if back := Unneutralise(n); back != s {
			t.Errorf("round trip %q → %q → %q", s, n, back)
		}
	})
}

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0.25, "0.25"},
		{-0.25, "-0.25"},
		{1.0 / 3, "0.3333333333333333"},
		{math.NaN(), ""},
		{math.Inf(-1), ""},
		{math.Copysign(0, -1), "0"},
		{1234567, "1234567"},
		{0.000001, "0.000001"},
		{1e-7, "1e-07"},
		{2e15, "2e+15"},
	}
	for _, tt := range tests {
		if got := FormatFloat(tt.v); got != tt.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", tt.v, got, tt.want)
		}
		back, err := ParseFloat(tt.want)
		if err != nil || !(back == tt.v || math.IsNaN(back) && (math.IsNaN(tt.v) || math.IsInf(tt.v, 0))) {
			t.Errorf("ParseFloat(%q) = %v, %v; want %v", tt.want, back, err, tt.v)
		}
	}
}

// hostile holds formula-like and HTML-like text in every text field.
func hostile() *article.Article {
	return &article.Article{
		ID: "=HYPERLINK(\"http://evil\",\"x\")", Source: "+1", Outlet: "-2+3", Title: "@SUM(A1)", Author: "\tTab",
		Date: "2016-01", URL: "=cmd|' /C calc'!A0", Kind: "news",
		Claims: []article.Claim{
			{ID: "-1", Section: article.SectionBody, Paragraph: 1, Sentence: 1, Start: 0, End: 10, Kind: article.KindStatement,
				Text: "=1+1 is the answer, he said", Voice: article.VoiceQuote, Speaker: "@Jeremy_Hunt", SpeakerSide: article.SideGov,
				Score: &article.Score{Stance: article.ProGov, P: [3]float64{0.625, 0.25, 0.125}, StanceScore: -0.5, Sentiment: -0.25,
					SentimentLabel: "negative", TargetSide: article.SideJDC, Model: "=model"}},
			{ID: "c2", Section: article.SectionComment, Comment: 1, Commenter: "-dr_who", Paragraph: 2, Sentence: 2, Start: 11, End: 20,
				Kind: article.KindQuestion, Text: "<script>alert(1)</script>, really?", Voice: article.VoiceAuthor, SpeakerSide: article.SideNone},
		},
	}
}

// TestCSVsAreHarmless writes every CSV for the hostile article and checks
// every cell: one that starts like a formula must be a number in a numeric
// column (such as −0.5); text cells never do.
func TestCSVsAreHarmless(t *testing.T) {
	a := hostile()
	agg := bias.NewAggregator(bias.Options{Bootstrap: 50})
	rows := agg.Add(a)
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var claims, arts, srcs bytes.Buffer
	cw := NewClaimsWriter(&claims)
	if err := cw.Write(a); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := WriteArticles(&arts, rows); err != nil {
		t.Fatal(err)
	}
	if err := WriteSources(&srcs, res.Sources); err != nil {
		t.Fatal(err)
	}
	sawNegative := false
	for name, buf := range map[string]*bytes.Buffer{"claims": &claims, "articles": &arts, "sources": &srcs} {
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(recs) < 2 {
			t.Fatalf("%s: %d records", name, len(recs))
		}
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if !formulaStart(cell) {
					continue
				}
				if _, err := ParseFloat(cell); err != nil {
					t.Errorf("%s column %s: cell %q would run as a formula", name, recs[0][i], cell)
				} else {
					sawNegative = true
				}
			}
		}
	}
	if !sawNegative {
		t.Error("no negative number found: numeric cells must stay numbers (stance_score −0.5)")
	}
	for _, want := range []string{`"'=HYPERLINK(""http://evil"",""x"")"`, "'+1", "'@Jeremy_Hunt", "'-1", "'-dr_who", ",-0.5,", "'=1+1 is the answer"} {
		if !strings.Contains(claims.String(), want) {
			t.Errorf("claims.csv lacks %q:\n%s", want, claims.String())
		}
	}
	if !strings.Contains(arts.String(), "'-2+3") || !strings.Contains(srcs.String(), "'-2+3") {
		t.Error("outlet -2+3 not neutralised in articles.csv or sources.csv")
	}
}

func TestClaimsRoundTrip(t *testing.T) {
	a := hostile()
	b := &article.Article{ID: "b", Source: "s2", Claims: []article.Claim{{ID: "b-1", Section: article.SectionBody, Text: "x"}}}
	var buf bytes.Buffer
	cw := NewClaimsWriter(&buf)
	for _, x := range []*article.Article{a, b} {
		if err := cw.Write(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != strings.Join(ClaimsColumns(), ",") {
		t.Errorf("header %q", lines[0])
	}
	// The unscored comment claim has empty score columns.
	if !strings.HasSuffix(lines[2], ",,,,,,,,,") {
		t.Errorf("unscored claim row %q: score columns must be empty", lines[2])
	}
	cr, err := NewClaimsReader(bytes.NewReader(buf.Bytes()), "claims.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []*article.Article
	for {
		x, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, x)
	}
	if len(cr.Problems()) != 0 {
		t.Errorf("problems: %v", cr.Problems())
	}
	if len(got) != 2 || got[0].ID != a.ID || got[0].Source != a.Source || len(got[0].Claims) != 2 || len(got[1].Claims) != 1 {
		t.Fatalf("read back %d articles: %+v", len(got), got)
	}
	for i, c := range got[0].Claims {
		w := a.Claims[i]
		if (w.Score == nil) != (c.Score == nil) || w.Score != nil && *w.Score != *c.Score {
			t.Errorf("claim %d score %+v, want %+v", i, c.Score, w.Score)
		}
		c.Score, w.Score = nil, nil
		if fmt.Sprintf("%+v", c) != fmt.Sprintf("%+v", w) {
			t.Errorf("claim %d:\n got %+v\nwant %+v", i, c, w)
		}
	}
	if got[0].Claims[1].Score != nil {
		t.Error("unscored claim read back with a score")
	}
}

func TestSourcesRoundTrip(t *testing.T) {
	agg := bias.NewAggregator(bias.Options{Bootstrap: 100, Seed: 3})
	var rows []bias.ArticleMeasures
	for i := range 6 {
		a := hostile()
		a.ID = fmt.Sprintf("a%d", i)
		if i%2 == 1 {
			a.Claims[0].Score.Stance, a.Claims[0].Score.StanceScore = article.ProJDC, 0.75
		}
		rows = append(rows, agg.Add(a)...)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSources(&buf, res.Sources); err != nil {
		t.Fatal(err)
	}
	back, probs, err := ReadSources(bytes.NewReader(buf.Bytes()), "sources.csv")
	if err != nil || len(probs) != 0 {
		t.Fatalf("read: %v %v", err, probs)
	}
	strip := func(s []bias.SourceMeasures) string {
		s = slices.Clone(s)
		for i := range s {
			s[i].TopProGov, s[i].TopProJDC = nil, nil
			// Sums are not exported; only counts and measures are.
			c := &s[i].Counts
			c.SumStanceScore, c.SumSentiment, c.SumSentimentToward = 0, 0, [2]float64{}
			c.Author.SumStanceScore, c.Quoted.SumStanceScore = 0, 0
			c.SumSqStanceScore, c.SumSqSentiment, c.SumSqSentimentToward = 0, 0, [2]float64{}
			c.Author.SumSqStanceScore, c.Quoted.SumSqStanceScore = 0, 0
		}
		return fmt.Sprintf("%+v", s)
	}
	if strip(back) != strip(res.Sources) {
		t.Errorf("sources round trip:\n got %s\nwant %s", strip(back), strip(res.Sources))
	}
	if !strings.HasPrefix(buf.String(), "source,section,outlet,n_articles,small_sample,ci_method,n_claims,n_scored,share_pro_gov,share_pro_gov_lo,") {
		t.Errorf("header: %s", strings.SplitN(buf.String(), "\n", 2)[0])
	}

	var abuf bytes.Buffer
	if err := WriteArticles(&abuf, rows); err != nil {
		t.Fatal(err)
	}
	var aback []bias.ArticleMeasures
	probs, err = ReadArticles(bytes.NewReader(abuf.Bytes()), "articles.csv", func(m *bias.ArticleMeasures) error {
		aback = append(aback, *m)
		return nil
	})
	if err != nil || len(probs) != 0 {
		t.Fatalf("read articles: %v %v", err, probs)
	}
	if len(aback) != len(rows) || aback[1].Section != article.SectionComment || aback[0].Title != "@SUM(A1)" ||
		aback[0].Value[bias.NetSlant] != rows[0].Value[bias.NetSlant] || !math.IsNaN(aback[0].Lo[bias.MeanStanceScore]) {
		t.Errorf("articles round trip: %d rows, first %+v", len(aback), aback[0])
	}
}

// TestSourcesCIMethod: a single-article source is written with ci_method
// "claims" and its claim-level bounds, a multi-article one with
// "articles"; both read back. A file from before the column loads without
// a problem, rows with an interval as "articles"; an unknown method skips
// its row with a message.
func TestSourcesCIMethod(t *testing.T) {
	agg := bias.NewAggregator(bias.Options{Bootstrap: 50, Seed: 1})
	solo := hostile()
	solo.ID, solo.Source = "s1", "solo"
	agg.Add(solo)
	for i := range 3 {
		a := hostile()
		a.ID, a.Source = fmt.Sprintf("m%d", i), "multi"
		agg.Add(a)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSources(&buf, res.Sources); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	// Rows: multi/body, multi/comment, solo/body, solo/comment. The solo
	// body has one scored pro_gov claim: share_pro_gov Wilson(1, 1) =
	// [1/(1+z²), 1] = [0.2065493143772375, 1].
	want := map[string]string{"multi/body": "articles", "multi/comment": "", "solo/body": "claims", "solo/comment": ""}
	for _, r := range recs[1:] {
		k := r[col["source"]] + "/" + r[col["section"]]
		if got := r[col["ci_method"]]; got != want[k] {
			t.Errorf("%s: ci_method %q, want %q", k, got, want[k])
		}
		if k == "solo/body" {
			lo, _ := ParseFloat(r[col["share_pro_gov_lo"]])
			if math.Abs(lo-0.2065493143772375) > 1e-12 || r[col["share_pro_gov_hi"]] != "1" {
				t.Errorf("solo/body share_pro_gov [%s, %s], want [0.2065493143772375, 1]", r[col["share_pro_gov_lo"]], r[col["share_pro_gov_hi"]])
			}
		}
	}
	back, probs, err := ReadSources(bytes.NewReader(buf.Bytes()), "sources.csv")
	if err != nil || len(probs) != 0 || len(back) != 4 {
		t.Fatalf("read: %d rows, %v %v", len(back), err, probs)
	}
	for i := range back {
		if back[i].CI != res.Sources[i].CI {
			t.Errorf("%s/%s: read ci %q, wrote %q", back[i].Source, back[i].Section, back[i].CI, res.Sources[i].CI)
		}
	}

	// A file without the ci_method column: inferred from the bounds and
	// n_articles (an old run's single-article rows have no bounds; the
	// last row is a new file with the column cut out).
	old := "source,section,n_articles,small_sample,n_claims,n_scored,n_pro_gov,n_neutral,n_pro_jdc,net_slant,net_slant_lo,net_slant_hi\n" +
		"a,body,6,false,10,9,1,2,6,0.71,0.5,0.9\n" +
		"b,body,1,true,4,4,1,1,2,0.33,,\n" +
		"c,body,1,true,4,4,1,1,2,0.33,-0.4,0.8\n"
	rows, probs, err := ReadSources(strings.NewReader(old), "old.csv")
	if err != nil || len(rows) != 3 {
		t.Fatalf("old file: %d rows, %v", len(rows), err)
	}
	if strings.Contains(fmt.Sprint(probs), "ci_method") {
		t.Errorf("old file: the missing ci_method is reported: %v", probs)
	}
	if rows[0].CI != bias.CIArticles || rows[1].CI != bias.CINone || rows[2].CI != bias.CIClaims {
		t.Errorf("old file: ci %q, %q, %q; want articles, none, claims", rows[0].CI, rows[1].CI, rows[2].CI)
	}

	bad := "source,section,n_articles,ci_method,n_claims,n_scored,n_pro_gov,n_neutral,n_pro_jdc\n" +
		"a,body,1,claims,4,4,1,1,2\n" +
		"b,body,1,jackknife,4,4,1,1,2\n"
	rows, probs, err = ReadSources(strings.NewReader(bad), "bad.csv")
	if err != nil || len(rows) != 1 || rows[0].CI != bias.CIClaims {
		t.Fatalf("bad method: %+v %v", rows, err)
	}
	if !strings.Contains(fmt.Sprint(probs), `bad.csv:3: column ci_method: "jackknife" is not articles, claims or empty`) {
		t.Errorf("problems %v", probs)
	}
}

func TestReadersReportBadInput(t *testing.T) {
	if _, _, err := ReadSources(strings.NewReader(""), "sources.csv"); err == nil || !strings.Contains(err.Error(), "sources.csv: empty file") {
		t.Errorf("empty file: %v", err)
	}
	_, _, err := ReadSources(strings.NewReader("source,section,n_articles\nx,body,3\n"), "dir/sources.csv")
	if !errors.Is(err, ErrColumn) || !strings.Contains(err.Error(), `dir/sources.csv: header has no "n_claims" column`) {
		t.Errorf("missing column: %v", err)
	}
	// A BOM, a short row, a bad number, a bad section, a bare quote: the
	// good rows are kept and each bad one is named by line.
	in := "\ufeffsource,section,n_articles,n_claims,n_scored,n_pro_gov,n_neutral,n_pro_jdc,net_slant\n" +
		"a,body,3,10,9,1,2,6,0.71\n" +
		"b,body,3\n" +
		"c,body,x,10,9,1,2,6,0.7\n" +
		"d,sidebar,3,10,9,1,2,6,0.7\n" +
		"e,bo\"dy,3,10,9,1,2,6,0.7\n" +
		"f,comment,1,2,2,0,0,2,\n"
	rows, probs, err := ReadSources(strings.NewReader(in), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Source != "a" || rows[0].Value[bias.NetSlant] != 0.71 || rows[1].Source != "f" || !math.IsNaN(rows[1].Value[bias.NetSlant]) {
		t.Errorf("rows %+v", rows)
	}
	msg := fmt.Sprint(probs)
	for _, w := range []string{"s.csv: no column", "s.csv:3: 3 fields, the header has 9", `s.csv:4: column n_articles: "x" is not an integer`,
		`s.csv:5: column section: section "sidebar"`, "s.csv:6:"} {
		if !strings.Contains(msg, w) {
			t.Errorf("problems lack %q: %s", w, msg)
		}
	}
	cr, err := NewClaimsReader(strings.NewReader("article_id,source,section,claim_id,stance\na,s,body,1,favour\na,s,body,2,pro_jdc\n"), "c.csv")
	if err != nil {
		t.Fatal(err)
	}
	a, err := cr.Next()
	if err != nil || len(a.Claims) != 1 || a.Claims[0].Score == nil || a.Claims[0].Score.Stance != article.ProJDC {
		t.Errorf("claims: %+v %v", a, err)
	}
	if !strings.Contains(fmt.Sprint(cr.Problems()), `c.csv:2: column stance: "favour"`) {
		t.Errorf("problems %v", cr.Problems())
	}
}

// The readers never panic and never return a row without its keys, whatever
// the bytes.
func FuzzReaders(f *testing.F) {
	f.Add([]byte("source,section,n_articles,n_claims,n_scored,n_pro_gov,n_neutral,n_pro_jdc\na,body,1,2,2,1,1,0\n"))
	f.Add([]byte("article_id,source,section,claim_id,stance,stance_score\na,s,body,1,pro_gov,-0.5\na,s,comment,2,,\n"))
	f.Add([]byte("\ufeffarticle_id,source,section\n\"a\nb\",s,body\n"))
	f.Add([]byte{0xff, 0xfe, 0, 0, ',', '"'})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := ReadSources(bytes.NewReader(data), "s.csv")
		for _, r := range rows {
			if err == nil && (r.Source == "" || r.Section == "") {
				t.Errorf("source row without keys: %+v", r)
			}
		}
		ReadArticles(bytes.NewReader(data), "a.csv", func(m *bias.ArticleMeasures) error {
			if m.ArticleID == "" || m.Source == "" {
				t.Errorf("article row without keys: %+v", m)
			}
			return nil
		})
		if cr, err := NewClaimsReader(bytes.NewReader(data), "c.csv"); err == nil {
			for range 10000 {
				a, err := cr.Next()
				if err != nil {
					break
				}
				if a.ID == "" || len(a.Claims) == 0 {
					t.Errorf("article without id or claims: %+v", a)
				}
			}
		}
	})
}
