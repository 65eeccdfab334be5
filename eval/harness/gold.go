package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slant-project/slant/pipeline/article"
)

// Boilerplate is the gold stance label of page furniture (GUIDELINES.md §2).
const Boilerplate = "boilerplate"

// Label sets, in report order.
var (
	StanceLabels    = []string{string(article.ProGov), string(article.Neutral), string(article.ProJDC)}
	SentimentLabels = []string{"negative", "neutral", "positive"}
	// StanceSides are the two labels the SemEval F_avg averages.
	StanceSides = []string{string(article.ProGov), string(article.ProJDC)}
	// SentimentSides are the two polar sentiment labels (F1^PN).
	SentimentSides = []string{"negative", "positive"}
)

// Format names the layout of a gold file.
type Format string

// Gold formats.
const (
	// FormatGold is the project's gold format (GUIDELINES.md §7): units
	// keyed by article_id, start, end with text_sha256.
	FormatGold Format = "gold"
	// FormatPlain is any file with id (or article_id), text and stance.
	FormatPlain Format = "plain"
)

// Unit is one gold unit.
type Unit struct {
	Line int    // line of the gold file the row starts on
	ID   string // the id column, else "article_id:start-end", else "line N"

	ArticleID  string
	Source     string // the source column, else the article's source when known
	Start, End int    // byte offsets into the article's text; -1 when absent
	Hash       string // text_sha256 as given ("" when absent)
	Section    string

	Stance      string // pro_gov, neutral, pro_jdc or boilerplate
	Sentiment   string // negative, neutral, positive or "" (not labelled)
	TargetSide  string
	Voice       string // author, quote, reported or ""
	Speaker     string
	SpeakerSide string // gov, jdc, other, none or ""
	Text        string
}

// HasOffsets reports whether the unit has an article and a span.
func (u *Unit) HasOffsets() bool { return u.ArticleID != "" && u.Start >= 0 && u.End >= u.Start }

// Key returns the unit's alignment key: "article_id\x00start\x00end" when it
// has offsets, else "id\x00" + ID.
func (u *Unit) Key() string {
	if u.HasOffsets() {
		return offsetKey(u.ArticleID, u.Start, u.End)
	}
	return idKey(u.ID)
}

func offsetKey(article string, start, end int) string {
	return article + "\x00" + strconv.Itoa(start) + "\x00" + strconv.Itoa(end)
}

func idKey(id string) string { return "id\x00" + id }

// Content reports whether the unit is article content (not boilerplate).
func (u *Unit) Content() bool { return u.Stance != Boilerplate }

// Gold is a parsed gold file.
type Gold struct {
	Origin string
	Format Format
	Units  []Unit
	// Problems lists one "origin:line: problem" per row skipped or field
	// blanked.
	Problems []string
}

// TextHash is the gold format's text_sha256: the first 16 hex digits of
// the SHA-256 of s.
func TextHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// ReadGold reads a gold file named origin: a CSV with a header row or a
// JSONL file. Required columns: text and stance. The gold format adds
// article_id, start, end, text_sha256 (GUIDELINES.md §7); a plain file has
// id (or article_id) and optionally source, section, sentiment, voice,
// speaker, speaker_side.
//
// A row is skipped, with a problem "origin:line: why", when it is
// malformed (see readTable), has an empty text, a stance other than
// pro_gov, neutral, pro_jdc or boilerplate (any case), start/end that are
// not integers with 0 ≤ start ≤ end, or repeats the key of an earlier row.
// An optional label outside its set (sentiment, voice, speaker_side) is
// blanked with a problem; the row is kept. The returned error (wrapping
// ErrUsage) is for a file with no header or without a required column.
func ReadGold(r io.Reader, origin string) (*Gold, error) {
	t, err := readTable(r, origin)
	if err != nil {
		return nil, err
	}
	for _, col := range []string{"text", "stance"} {
		if !t.has[col] {
			return nil, usagef("%s: missing column %q (a gold file needs text and stance)", origin, col)
		}
	}
	g := &Gold{Origin: origin, Format: FormatPlain}
	ps := t.problems
	offsets := t.has["article_id"] && t.has["start"] && t.has["end"]
	if offsets {
		g.Format = FormatGold
	}
	if !offsets && !t.has["id"] && !t.has["article_id"] {
		// Units still get ids (their line), but say so.
		ps.add(origin, 0, "no id or article_id column: units are named by their line")
	}
	seen := map[string]int{}
	for _, rc := range t.rows {
		u, bad := parseUnit(rc, offsets)
		if bad != "" {
			ps.add(origin, rc.line, "%s", bad)
			continue
		}
		for _, b := range u.blank() {
			ps.add(origin, rc.line, "%s", b)
		}
		k := u.Key()
		if prev, dup := seen[k]; dup {
			ps.add(origin, rc.line, "unit %s repeats line %d", u.ID, prev)
			continue
		}
		seen[k] = rc.line
		g.Units = append(g.Units, u)
	}
	g.Problems = ps.lines()
	return g, nil
}

// parseUnit turns a row into a unit, or says why it cannot.
func parseUnit(rc record, offsets bool) (Unit, string) {
	f := func(k string) string { return strings.TrimSpace(rc.f[k]) }
	u := Unit{Line: rc.line, ID: f("id"), ArticleID: f("article_id"), Source: f("source"), Start: -1, End: -1,
		Hash: strings.ToLower(f("text_sha256")), Section: strings.ToLower(f("section")),
		Stance: strings.ToLower(f("stance")), Sentiment: strings.ToLower(f("sentiment")),
		TargetSide: strings.ToLower(f("target_side")), Voice: strings.ToLower(f("voice")),
		Speaker: f("speaker"), SpeakerSide: strings.ToLower(f("speaker_side")), Text: rc.f["text"]}
	if strings.TrimSpace(u.Text) == "" {
		return u, "empty text"
	}
	switch u.Stance {
	case string(article.ProGov), string(article.Neutral), string(article.ProJDC), Boilerplate:
	default:
		return u, fmt.Sprintf("stance %q is not pro_gov, neutral, pro_jdc or boilerplate", rc.f["stance"])
	}
	if offsets {
		if u.ArticleID == "" {
			return u, "empty article_id"
		}
		s, err1 := strconv.Atoi(f("start"))
		e, err2 := strconv.Atoi(f("end"))
		if err1 != nil || err2 != nil || s < 0 || e < s {
			return u, fmt.Sprintf("start %q and end %q are not offsets with 0 <= start <= end", rc.f["start"], rc.f["end"])
		}
		u.Start, u.End = s, e
	}
	if u.ID == "" {
		switch {
		case u.HasOffsets():
			u.ID = fmt.Sprintf("%s:%d-%d", u.ArticleID, u.Start, u.End)
		default:
			u.ID = fmt.Sprintf("line %d", rc.line)
		}
	}
	return u, ""
}

// blank empties optional labels outside their sets and says which.
func (u *Unit) blank() []string {
	var out []string
	check := func(field *string, name string, allowed ...string) {
		if *field == "" {
			return
		}
		for _, a := range allowed {
			if *field == a {
				return
			}
		}
		out = append(out, fmt.Sprintf("%s %q is not one of %s: left out", name, *field, strings.Join(allowed, ", ")))
		*field = ""
	}
	check(&u.Sentiment, "sentiment", SentimentLabels...)
	check(&u.Voice, "voice", string(article.VoiceAuthor), string(article.VoiceQuote), string(article.VoiceReported))
	check(&u.SpeakerSide, "speaker_side", string(article.SideGov), string(article.SideJDC), string(article.SideOther), string(article.SideNone))
	check(&u.Section, "section", string(article.SectionBody), string(article.SectionComment))
	return out
}
