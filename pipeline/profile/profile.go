// Package profile loads a dispute profile (the two sides, their actors and
// aliases, the topics that stand for a side, carry-over words and stance cue
// words) and finds its names in text with byte offsets.
//
// A profile is YAML or JSON (JSON is YAML). Everything case-specific to a
// dispute lives in the profile, so the same code serves the next dispute.
package profile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

// DefaultName is the embedded profile used when none is given.
const DefaultName = "junior-doctors-2016"

// Actor is a person, body or group on one side.
type Actor struct {
	Name    string       `yaml:"name" json:"name"`
	Side    article.Side `yaml:"side" json:"side"`
	Kind    string       `yaml:"kind" json:"kind"`
	Aliases []string     `yaml:"aliases" json:"aliases"`
}

// Topic is a policy or object of the dispute that stands for a side when a
// claim is about it (a target, never a speaker).
type Topic struct {
	Name    string       `yaml:"name" json:"name"`
	Side    article.Side `yaml:"side" json:"side"`
	Aliases []string     `yaml:"aliases" json:"aliases"`
}

// Cue is a word or framing that favours one side when used evaluatively;
// Weight is a prior in log-odds units.
type Cue struct {
	Phrase string  `yaml:"phrase" json:"phrase"`
	Weight float64 `yaml:"weight" json:"weight"`
}

// SideInfo describes one side.
type SideInfo struct {
	Label       string `yaml:"label" json:"label"`
	Description string `yaml:"description" json:"description"`
}

// Profile is a parsed dispute profile.
type Profile struct {
	Name        string              `yaml:"name" json:"name"`
	Version     string              `yaml:"version" json:"version"`
	Description string              `yaml:"description" json:"description"`
	Sides       map[string]SideInfo `yaml:"sides" json:"sides"`
	Actors      []Actor             `yaml:"actors" json:"actors"`
	Topics      []Topic             `yaml:"topics" json:"topics"`
	CarryOver   []string            `yaml:"carry_over" json:"carry_over"`
	Cues        struct {
		ProGov []Cue `yaml:"pro_gov" json:"pro_gov"`
		ProJDC []Cue `yaml:"pro_jdc" json:"pro_jdc"`
	} `yaml:"cues" json:"cues"`

	// Checksum is the hex SHA-256 of the profile file's bytes.
	Checksum string `yaml:"-" json:"-"`
	// Path is where the profile was read from ("embedded:NAME" for the default).
	Path string `yaml:"-" json:"-"`

	names *Matcher // actors and topics
	cues  *Matcher // cue phrases
	carry *Matcher // carry-over words
}

// Default returns the embedded default profile.
func Default() (*Profile, error) {
	b, err := data.FS.ReadFile("profiles/" + DefaultName + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", DefaultName, err)
	}
	return Parse(b, "embedded:"+DefaultName)
}

// Load reads a profile file; an empty path gives the default.
func Load(path string) (*Profile, error) {
	if path == "" {
		return Default()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	return Parse(b, path)
}

// Parse parses and validates profile bytes; origin names them in errors.
func Parse(b []byte, origin string) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("profile %s: %w", origin, err)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", origin, err)
	}
	sum := sha256.Sum256(b)
	p.Checksum = hex.EncodeToString(sum[:])
	p.Path = origin
	p.build()
	return &p, nil
}

func (p *Profile) validate() error {
	var errs []error
	if p.Name == "" {
		errs = append(errs, errors.New("missing name"))
	}
	if p.Version == "" {
		errs = append(errs, errors.New("missing version"))
	}
	if len(p.Actors) == 0 {
		errs = append(errs, errors.New("no actors"))
	}
	okSide := func(s article.Side) bool {
		return s == article.SideGov || s == article.SideJDC || s == article.SideOther
	}
	for i, a := range p.Actors {
		if a.Name == "" {
			errs = append(errs, fmt.Errorf("actor %d: missing name", i+1))
		}
		if !okSide(a.Side) {
			errs = append(errs, fmt.Errorf("actor %q: side %q is not gov, jdc or other", a.Name, a.Side))
		}
	}
	for i, t := range p.Topics {
		if t.Side != article.SideGov && t.Side != article.SideJDC {
			errs = append(errs, fmt.Errorf("topic %d %q: side %q is not gov or jdc", i+1, t.Name, t.Side))
		}
	}
	return errors.Join(errs...)
}

// Ref is what a matched name refers to.
type Ref struct {
	Name  string       // actor or topic name, or the cue phrase
	Side  article.Side // gov, jdc or other
	Topic bool         // a topic (policy), not an actor
	// Weight is the cue's weight (cue matches only).
	Weight float64
}

// Mention is a match of a name in a text.
type Mention struct {
	Start, End int // byte offsets into the searched text
	Alias      string
	Ref        Ref
}

func (p *Profile) build() {
	p.names = NewMatcher()
	for _, a := range p.Actors {
		r := Ref{Name: a.Name, Side: a.Side}
		p.names.Add(a.Name, r)
		for _, al := range a.Aliases {
			p.names.Add(al, r)
		}
	}
	for _, t := range p.Topics {
		r := Ref{Name: t.Name, Side: t.Side, Topic: true}
		for _, al := range t.Aliases {
			p.names.Add(al, r)
		}
	}
	p.cues = NewMatcher()
	for _, c := range p.Cues.ProGov {
		p.cues.Add(c.Phrase, Ref{Name: c.Phrase, Side: article.SideGov, Weight: c.Weight})
	}
	for _, c := range p.Cues.ProJDC {
		p.cues.Add(c.Phrase, Ref{Name: c.Phrase, Side: article.SideJDC, Weight: c.Weight})
	}
	p.carry = NewMatcher()
	for _, w := range p.CarryOver {
		p.carry.Add(w, Ref{Name: w})
	}
}

// Names finds actor and topic names in text, longest match first,
// non-overlapping, in text order.
func (p *Profile) Names(text string) []Mention { return p.names.Find(text) }

// Cues finds cue phrases in text.
func (p *Profile) CueMentions(text string) []Mention { return p.cues.Find(text) }

// CarryWords finds carry-over words (pronouns, "the union") in text.
func (p *Profile) CarryWords(text string) []Mention { return p.carry.Find(text) }

// Actor returns the actor with the given name, or false.
func (p *Profile) Actor(name string) (Actor, bool) {
	for _, a := range p.Actors {
		if a.Name == name {
			return a, true
		}
	}
	return Actor{}, false
}

// SpeakerSide resolves a speaker description ("Ellen McCourt", "a
// Department of Health spokeswoman", "NHS Employers chief executive Danny
// Mortimer") to a side through the actor list: the longest actor alias in
// it wins; topics never identify speakers. It returns the actor's name and
// side, or "", SideNone when no actor is named.
func (p *Profile) SpeakerSide(speaker string) (string, article.Side) {
	best := Mention{}
	found := false
	for _, m := range p.names.Find(speaker) {
		if m.Ref.Topic {
			continue
		}
		if !found || m.End-m.Start > best.End-best.Start {
			best, found = m, true
		}
	}
	if !found {
		return "", article.SideNone
	}
	return best.Ref.Name, best.Ref.Side
}

// Version returns "name@version+sha8" for records.
func (p *Profile) VersionString() string {
	sum := p.Checksum
	if len(sum) > 8 {
		sum = sum[:8]
	}
	return p.Name + "@" + p.Version + "+" + sum
}

// Matcher finds phrases in text on word boundaries, case-insensitively,
// treating straight and curly apostrophes alike and ignoring a possessive
// "'s" or trailing apostrophe on the text's words. It is safe for concurrent
// use once built.
type Matcher struct {
	root *trie
}

type trie struct {
	next  map[string]*trie
	refs  []Ref
	alias string
}

// NewMatcher returns an empty matcher.
func NewMatcher() *Matcher { return &Matcher{root: &trie{}} }

// Add registers phrase → ref. Empty phrases are ignored.
func (m *Matcher) Add(phrase string, ref Ref) {
	ws := Words(phrase)
	if len(ws) == 0 {
		return
	}
	n := m.root
	for _, w := range ws {
		if n.next == nil {
			n.next = map[string]*trie{}
		}
		c := n.next[w.Key]
		if c == nil {
			c = &trie{}
			n.next[w.Key] = c
		}
		n = c
	}
	for _, r := range n.refs {
		if r == ref {
			return
		}
	}
	n.refs = append(n.refs, ref)
	if n.alias == "" {
		n.alias = phrase
	}
}

// Find returns the longest non-overlapping matches in text order. When one
// phrase maps to several refs, the first added wins.
func (m *Matcher) Find(text string) []Mention {
	ws := Words(text)
	var out []Mention
	for i := 0; i < len(ws); {
		n := m.root
		bestJ := -1
		var best *trie
		for j := i; j < len(ws); j++ {
			n = n.next[ws[j].Key]
			if n == nil {
				break
			}
			if len(n.refs) > 0 {
				bestJ, best = j, n
			}
		}
		if best == nil {
			i++
			continue
		}
		out = append(out, Mention{Start: ws[i].Start, End: ws[bestJ].End, Alias: best.alias, Ref: best.refs[0]})
		i = bestJ + 1
	}
	return out
}

// Word is a word of text with its byte offsets and its matching key.
type Word struct {
	Start, End int
	Key        string // lower-case, apostrophes straight, possessive removed
}

// Words splits text into words: maximal runs of letters, digits,
// apostrophes and hyphens, trimmed of leading/trailing apostrophes and
// hyphens. Offsets are byte offsets into text.
func Words(text string) []Word {
	out := make([]Word, 0, len(text)/6+1) // about one word per 6 bytes of English
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		s, e := start, end
		for s < e && isJoiner(text[s:e]) {
			_, n := firstRune(text[s:e])
			s += n
		}
		for e > s {
			r, n := lastRune(text[s:e])
			if r == '\'' || r == '’' || r == '-' || r == '‘' {
				e -= n
				continue
			}
			break
		}
		if e > s {
			out = append(out, Word{Start: s, End: e, Key: key(text[s:e])})
		}
		start = -1
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	if len(out) == 0 {
		return nil
	}
	return out
}

func isJoiner(s string) bool {
	r, _ := firstRune(s)
	return r == '\'' || r == '’' || r == '‘' || r == '-'
}

// apostrophes makes curly apostrophes straight (built once: building a
// Replacer per word dominated matching time).
var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

func key(w string) string {
	w = strings.ToLower(w)
	if strings.Contains(w, "’") || strings.Contains(w, "‘") { // Replace is slow even with nothing to replace
		w = apostrophes.Replace(w)
	}
	if strings.HasSuffix(w, "'s") && len(w) > 2 {
		w = w[:len(w)-2]
	}
	return w
}

// Keys returns the matching keys of text's words (for features and tests).
func Keys(text string) []string {
	ws := Words(text)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Key
	}
	return out
}

// SortMentions orders mentions by start offset.
func SortMentions(ms []Mention) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
}
