package clean

import (
	"strings"
	"testing"
)

// TestLineReason checks single-line decisions, judged with no context.
// want "" means content; otherwise the expected reason (a "phrase:" want
// accepts any phrase category when it is just "phrase:").
func TestLineReason(t *testing.T) {
	c := newCleaner(t)
	tests := []struct {
		line, want string
	}{
		// Short but genuine content must stay.
		{"They have. They don't like it.", ""},
		{"The JD might organise too late.", ""},
		{"It's in disarray.", ""},
		{"Far from it.", ""},
		{"That is a disaster.", ""},
		{"Who follows Malawana? A peace maker or a radical?", ""},
		{"What now?", ""},
		{"The future? Trusts have been modelling the new contract and rotas.", ""},
		{"They like it.", ""},
		{"Like many trusts, Barts has drawn up new rotas.", ""},
		{"Reply to the consultation was due in May.", ""},
		{"Share of doctors voting fell to 68%.", ""},
		{"Shares in Capita fell 5%.", ""},
		{"Comments from the BMA were not available.", ""},
		{"Hunt told Reuters.", ""},
		{"Read more widely, doctors would know the contract.", ""},
		{"By the time Malawana realised accepting the contract was about the best he could do, the atmosphere was toxic.", ""},
		{"Follow the money, says the BMA.", ""},
		{"Doctors support our campaign.", ""},
		{"Sign up rates for the scheme fell.", ""},
		{`Quote from Wikipedia "British unions such as Unite and the TUC have opposed TTIP"`, ""},
		{"In reply to the consultation, the BMA said the offer was unsafe.", ""},
		{"He is already a member of the committee.", ""},
		{"Junior doctors make a contribution to their pensions every month.", ""},
		{"The public support us, says McCourt.", ""},
		{"Why the No vote means nothing and everything", ""},
		{"Doctor strike Jan 2016", ""}, // a caption, but only its repetition shows it
		{"Jeremy Hunt", ""},            // a name alone is not furniture out of context
		{"£250m", ""},
		{"Abraham Lincoln famously quoted from the Bible: Mark 3:25", ""},
		{"Order restored at the trust.", ""},
		{"The tweet was deleted after an outcry.", ""},
		{"The BMA Council member speaks out", ""},
		{"Staff who report abuse by patients will be protected.", ""},
		{"Report abuse", "phrase:comment-moderation"},

		// Widgets, ratings, moderation links.
		{"Print", "phrase:share-widget"},
		{"• Save", "phrase:share-widget"},
		{"Share this article", "phrase:share-widget"},
		{"Share on Facebook", "phrase:share-widget"},
		{"Rate", "phrase:rating"},
		{"1 star out of 5", "phrase:rating"},
		{"0 out of 5 stars", "phrase:rating"},
		{"Rate this\u00a0blog\u00a0 (4.25\u00a0average user rating)", "phrase:rating"},
		{"Click to rate", "phrase:rating"},
		{"Unsuitable or offensive? Report this comment", "phrase:comment-moderation"},
		{"Report", "phrase:comment-moderation"},
		{"Reply", "phrase:comment-action"},
		{"Like", "phrase:comment-action"},
		{"Permalink", "phrase:comment-action"},
		{"12 points", "phrase:comment-action"},
		{"Reply Share Report Save", "phrase:comment-action"},
		{"Log in to reply", "phrase:comment-action"},
		{"10", ReasonNoWords},
		{"***", ReasonNoWords},

		// Comment headers.
		{"Readers' comments (10)", "phrase:comment-header"},
		{"23 comments", "phrase:comment-header"},
		{"Comments (12)", "phrase:comment-header"},
		{"Have your say", "phrase:comment-header"},
		{"Join the discussion", "phrase:comment-header"},
		{"Comments", "phrase:comment-header-weak"},
		{"Comments are closed.", "phrase:comment-end"},

		// Captions and credits.
		{"Rejected sign Image copyright Aquir", "phrase:caption"},
		{"Striking junior doctors, photo by Paul Mattsson", "phrase:caption"},
		{"Striking junior doctors, photo by Paul Mattsson \u00a0 (Click to enlarge: opens in new window)", "phrase:"},
		{"Junior doctors on the picket line at St Thomas' hospital. Photograph: Dan Kitwood/Getty Images", "phrase:caption"},
		{"Getty Images", "phrase:caption"},
		{"PA Media", "phrase:caption"},
		{"Jeremy Hunt at the Tory conference (Getty)", "phrase:caption"},
		{"Image source, Getty Images", "phrase:caption"},

		// Bylines and author lines.
		{"Glenn Kelly, Socialist Party industrial department", ReasonByline},
		{"Jaimie Kaffash, news editor of Pulse", ReasonByline},
		{"By Nick Triggle", ReasonByline},
		{"By JOHN SMITH FOR MAILONLINE", ReasonByline},
		{"Denis Campbell Health policy editor", ReasonByline},
		{"Health correspondent", "phrase:byline"},
		{"Posted by docjones", "phrase:byline"},

		// Read more, social, slogans, navigation, prompts.
		{"Read more from Nick", "phrase:read-more"},
		{"Read more: Junior doctors to strike again", "phrase:read-more"},
		{"Follow Nick on Twitter", "phrase:social"},
		{"Follow us on Facebook", "phrase:social"},
		{"This site is intended for health professionals only", "phrase:slogan"},
		{"Read the latest issue online", "phrase:read-more"},
		{"Skip to content", "phrase:navigation"},
		{"Home | News | Health | Opinion", ReasonMenu},
		{"Home > News > Health", ReasonMenu},
		{"Most read", "phrase:list-header"},
		{"Related articles", "phrase:list-header"},
		{"More on this story", "phrase:list-header"},
		{"Sign up to our daily newsletter", "phrase:newsletter"},
		{"Support our journalism", "phrase:donation"},
		{"Since you're here …", "phrase:donation"},
		{"Advertisement", "phrase:advert"},
		{"Story continues below advertisement", "phrase:advert"},
		{"We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.", "phrase:cookie"},
		{"Copyright © 2016 Pulse. All rights reserved.", "phrase:legal"},
		{"The BBC is not responsible for the content of external sites.", "phrase:legal"},
		{"Click here to read the full report", "phrase:read-more"},
		{"Sign in", "phrase:navigation"},
		{"ENDS", "phrase:end-marker"},
		{"Notes to editors", "phrase:end-marker"},
		{"For further information please contact the press office", "phrase:press"},
		{"https://www.bma.org.uk/juniors", ReasonLink},
		{"press@bma.org.uk", ReasonLink},

		// Dates and times.
		{"12 August 2016", ReasonDate},
		{"Thursday 11 August 2016 10.15 BST", ReasonDate},
		{"May 2016", ReasonDate},
		{"3 hours ago", "phrase:timestamp"},
		{"Posted 3 hours ago", "phrase:timestamp"},
		{"Yesterday 10:45", ReasonDate},
		{"2016-08-11", ReasonNoWords},
		{"Aug 11, 2016 at 10:04 am", ReasonDate},
		{"Updated at 12.15pm on 12 August to include a statement from the Department of Health", "phrase:timestamp"},
		{"Last modified on Thu 1 Sep 2016 14.48 BST", "phrase:timestamp"},
		{"First published on Thu 1 Sep 2016 14.41 BST", "phrase:timestamp"},
		{"Published: 10:44 BST, 12 August 2016 | Updated: 12:01 BST, 12 August 2016", "phrase:timestamp"},
		{"This article is more than 8 years old", "phrase:timestamp"},
	}
	for _, tc := range tests {
		got := c.LineReason(tc.line)
		ok := got == tc.want
		if tc.want == "phrase:" {
			ok = strings.HasPrefix(got, "phrase:")
		}
		if !ok {
			t.Errorf("LineReason(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestNameLike(t *testing.T) {
	tests := []struct {
		s       string
		relaxed bool
		want    bool
	}{
		{"Vinci Ho", false, true},
		{"Mary de Souza", false, true},
		{"JuniorDoc88", false, true},
		{"dr_bob", false, true},
		{"Anonymous", false, true},
		{"Agreed", false, false},
		{"JDC", false, false},
		{"Well said", false, false},
		{"I agree", false, false},
		{"They have.", false, false},
		{"docjones", false, false},
		{"docjones", true, true},
		{"Vinci Ho said that the contract is unsafe", false, false},
		{"Junior doctors", false, false},
	}
	for _, tc := range tests {
		if got := nameLike(tc.s, tc.relaxed); got != tc.want {
			t.Errorf("nameLike(%q, %v) = %v, want %v", tc.s, tc.relaxed, got, tc.want)
		}
	}
}

func TestTitleMatch(t *testing.T) {
	title := keyWords("Junior doctors seek 'rolling industrial action'")
	tests := []struct {
		line string
		want bool
	}{
		{"Junior doctors seek ‘rolling industrial action’", true},
		{"Junior doctors seek 'rolling industrial action' | HSJ", true},
		{"Junior doctors seek rolling industrial", true},
		{"Junior doctors", false},
		{"Junior doctors seek talks over the new contract", false},
		{"Consultants seek rolling industrial action", false},
	}
	for _, tc := range tests {
		if got := titleMatch(keyWords(tc.line), title); got != tc.want {
			t.Errorf("titleMatch(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"It's in disarray.", true},
		{"Who follows Malawana?", true},
		{"''If a house is divided against itself, that house cannot stand.''", true},
		{"he said: “No.”", true},
		{"Doctor strike Jan 2016", false},
		{"Dr McCourt added:", false},
		{"Mistrust, suspicion and doubt...", true},
	}
	for _, tc := range tests {
		if got := endsSentence(tc.s); got != tc.want {
			t.Errorf("endsSentence(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
