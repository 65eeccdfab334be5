package attribute

// Word tables. Every entry is lower case; curly apostrophes are matched as
// straight ones. Extend these to teach the attributor a new reporting style.

// speechVerbs maps the finite forms of verbs of saying to their lemma. Only
// finite forms are listed: "-ing" forms ("arguing it was a good deal") do
// not introduce speech. "points out" and "pointed out" are matched as two
// words (see twoWordVerbs).
var speechVerbs = map[string]string{
	"say": "say", "says": "say", "said": "say",
	"add": "add", "adds": "add", "added": "add",
	"tell": "tell", "tells": "tell", "told": "tell",
	"warn": "warn", "warns": "warn", "warned": "warn",
	"insist": "insist", "insists": "insist", "insisted": "insist",
	"claim": "claim", "claims": "claim", "claimed": "claim",
	"argue": "argue", "argues": "argue", "argued": "argue",
	"state": "state", "states": "state", "stated": "state",
	"explain": "explain", "explains": "explain", "explained": "explain",
	"suggest": "suggest", "suggests": "suggest", "suggested": "suggest",
	"indicate": "indicate", "indicates": "indicate", "indicated": "indicate",
	"write": "write", "writes": "write", "wrote": "write", "written": "write",
	"tweet": "tweet", "tweets": "tweet", "tweeted": "tweet",
	"post": "post", "posts": "post", "posted": "post",
	"note": "note", "notes": "note", "noted": "note",
	"comment": "comment", "comments": "comment", "commented": "comment",
	"respond": "respond", "responds": "respond", "responded": "respond",
	"reply": "reply", "replies": "reply", "replied": "reply",
	"announce": "announce", "announces": "announce", "announced": "announce",
	"confirm": "confirm", "confirms": "confirm", "confirmed": "confirm",
	"deny": "deny", "denies": "deny", "denied": "deny",
	"admit": "admit", "admits": "admit", "admitted": "admit",
	"acknowledge": "acknowledge", "acknowledges": "acknowledge", "acknowledged": "acknowledge",
	"declare": "declare", "declares": "declare", "declared": "declare",
	"maintain": "maintain", "maintains": "maintain", "maintained": "maintain",
	"stress": "stress", "stresses": "stress", "stressed": "stress",
	"emphasise": "emphasise", "emphasises": "emphasise", "emphasised": "emphasise",
	"emphasize": "emphasise", "emphasizes": "emphasise", "emphasized": "emphasise",
	"urge": "urge", "urges": "urge", "urged": "urge",
	"ask": "ask", "asks": "ask", "asked": "ask",
	"predict": "predict", "predicts": "predict", "predicted": "predict",
	"concede": "concede", "concedes": "concede", "conceded": "concede",
	"allege": "allege", "alleges": "allege", "alleged": "allege",
	"complain": "complain", "complains": "complain", "complained": "complain",
	"remark": "remark", "remarks": "remark", "remarked": "remark",
	"recall": "recall", "recalls": "recall", "recalled": "recall",
	"contend": "contend", "contends": "contend", "contended": "contend",
	"assert": "assert", "asserts": "assert", "asserted": "assert",
	"observe": "observe", "observes": "observe", "observed": "observe",
	"mention": "mention", "mentions": "mention", "mentioned": "mention",
	"signal": "signal", "signals": "signal", "signalled": "signal", "signaled": "signal",
	"hint": "hint", "hints": "hint", "hinted": "hint",
	"promise": "promise", "promises": "promise", "promised": "promise",
	"vow": "vow", "vows": "vow", "vowed": "vow",
	"pledge": "pledge", "pledges": "pledge", "pledged": "pledge",
	"describe": "describe", "describes": "describe", "described": "describe",
	"report": "report", "reports": "report", "reported": "report",
	"continue": "continue", "continues": "continue", "continued": "continue",
	"conclude": "conclude", "concludes": "conclude", "concluded": "conclude",
	"blog": "blog", "blogs": "blog", "blogged": "blog",
	"remind": "remind", "reminds": "remind", "reminded": "remind",
	"assure": "assure", "assures": "assure", "assured": "assure",
}

// twoWordVerbs are speech verbs made of a verb and a particle.
var twoWordVerbs = map[[2]string]string{
	{"point", "out"}: "point out", {"points", "out"}: "point out", {"pointed", "out"}: "point out",
	{"went", "on"}: "go on", {"goes", "on"}: "go on",
}

// postOnly lemmas introduce speech only right after a quotation
// ("“…,” she continued"): elsewhere they are ordinary verbs ("the strike
// went on").
var postOnly = map[string]bool{"continue": true, "go on": true}

// addresseeVerbs may take an addressee before their content ("told
// members she will", "urged the BMA to").
var addresseeVerbs = map[string]bool{"tell": true, "warn": true, "ask": true, "urge": true,
	"promise": true, "remind": true, "assure": true}

// epigraphVerbs may also follow a fully quoted, unattributed sentence to
// name its source ("Abraham Lincoln famously quoted from the Bible").
var epigraphVerbs = map[string]bool{"quoted": true, "quotes": true, "wrote": true, "said": true, "says": true}

// auxiliaries and adverbs that may stand between a speaker and its verb
// ("Government sources have already indicated").
var auxAdverbs = set("has", "have", "had", "will", "would", "may", "might", "could", "can", "shall",
	"should", "must", "did", "does", "do", "also", "already", "repeatedly", "previously", "today",
	"yesterday", "tonight", "now", "then", "later", "again", "recently", "publicly", "privately",
	"reportedly", "once", "first", "famously", "simply", "just", "always", "originally", "initially",
	"separately", "further", "earlier", "since", "subsequently", "apparently", "clearly", "openly",
	"explicitly", "effectively", "herself", "himself", "themselves", "itself", "too", "last", "night",
	"week", "month")

// beForms before a speech verb make it passive ("is said to be", "has
// been told"): the subject is not the speaker.
var beForms = set("is", "are", "was", "were", "be", "been", "being", "am", "'s", "get", "got")

// negations before a speech verb ("has not said whether") deny the
// report.
var negations = set("not", "never", "n't", "cannot", "didn't", "doesn't", "don't", "hasn't",
	"haven't", "hadn't", "won't", "wouldn't")

// finiteWords are verb forms that cannot stand inside a speaker's noun
// phrase (so "if the unions are broken and Hunt" is not a speaker).
var finiteWords = set("is", "are", "was", "were", "am", "be", "been", "being", "has", "have", "had",
	"will", "would", "can", "could", "should", "must", "may", "might", "shall", "did", "does", "do",
	"cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
	"weren't", "hasn't", "haven't", "hadn't", "wouldn't", "couldn't", "shouldn't", "it's",
	"he's", "she's", "they're", "we're", "i'm", "that's", "there's", "thought", "think", "thinks",
	"believe", "believes", "know", "knows", "knew", "feel", "feels", "felt", "want", "wants",
	"wanted", "wonder", "remember", "see", "saw", "seems", "seem", "need", "needs", "make",
	"makes", "made", "get", "gets", "got", "go", "goes", "went", "take", "takes", "took",
	"called", "calling", "should've", "let")

// npStarters cannot begin a speaker's noun phrase.
var npStarters = set("as", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "if",
	"because", "although", "though", "while", "whether", "unless", "until", "than", "to", "for",
	"of", "with", "in", "on", "at", "by", "from", "into", "about", "after", "before", "despite",
	"like", "not", "no", "nor", "or", "having", "being", "there", "here", "this", "these", "those",
	"such", "whatever", "whoever", "everyone", "everybody", "anyone", "nobody", "someone", "people",
	"all", "many", "most")

// conjunctions and discourse words dropped from the start of a noun phrase.
var leadWords = set("and", "but", "yet", "so", "however", "meanwhile", "also", "now", "then",
	"still", "instead", "indeed", "earlier", "later", "separately", "today", "yesterday",
	"tonight", "responding", "speaking", "writing", "asked", "finally", "moreover", "furthermore",
	"besides", "nevertheless", "nonetheless", "similarly", "likewise", "elsewhere", "previously")

// authorPronouns are the writer's own voice: "I suggested" is not a
// reported speaker.
var authorPronouns = set("i", "we", "you", "me", "us", "i'm")

// pronouns resolved to the most recent speaker.
var pronouns = set("he", "she", "they", "it", "him", "her", "them")

// roleNouns are heads of noun phrases that can be speakers without a
// proper name ("a Department of Health spokeswoman", "one junior doctor",
// "the source", "critics").
var roleNouns = set("spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen",
	"spokeswomen", "source", "sources", "official", "officials", "minister", "ministers",
	"secretary", "chair", "chairman", "chairwoman", "chief", "executive", "director", "leader",
	"leaders", "president", "doctor", "doctors", "nurse", "nurses", "consultant", "consultants",
	"member", "members", "union", "unions", "committee", "department", "government", "trust",
	"trusts", "hospital", "campaigners", "campaigner", "critics", "critic", "experts", "expert",
	"analysts", "analyst", "insiders", "insider", "aides", "aide", "colleagues", "representative",
	"representatives", "negotiator", "negotiators", "blogger", "commentator", "author", "authors",
	"researchers", "researcher", "report", "study", "survey", "statement", "email", "emails",
	"letter", "message", "messages", "memo", "note", "tweet", "post", "blog", "documents",
	"document", "figures", "analysis", "poll", "paper", "papers", "website", "spokesmen",
	"medic", "medics", "gp", "gps", "surgeon", "registrar", "trainee", "trainees", "manager",
	"managers", "boss", "bosses", "employers", "organisation", "organization", "group", "body",
	"party", "mp", "mps", "councillor", "chancellor", "mayor", "founder", "editor", "correspondent",
	"journalist", "lawyer", "lawyers", "judge", "campaign", "association", "federation",
	"confederation", "council", "college", "board", "agency", "office", "ministry", "regulator",
	"watchdog", "charity", "head", "heads", "figure", "figures", "person", "woman", "man",
	"patient", "patients", "parent", "parents", "student", "students", "resident", "residents",
	"worker", "workers", "staff", "colleague", "friend", "friends", "ally", "allies")

// docNouns are documents: "an email from X" speaks with X's voice.
var docNouns = set("email", "emails", "letter", "letters", "statement", "message", "messages",
	"memo", "note", "tweet", "post", "blog", "report", "document", "documents", "paper", "survey",
	"study", "analysis", "poll", "figures", "website", "press", "release", "circular", "bulletin",
	"newsletter", "briefing")

// titleWords are titles and offices that stand before a person's name
// ("Former Foreign Secretary David Owen" → "David Owen").
var titleWords = set("dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "secretary",
	"minister", "chancellor", "president", "chair", "chairman", "chairwoman", "chief", "executive",
	"director", "mp", "cllr", "councillor", "spokesman", "spokeswoman", "leader", "editor",
	"correspondent", "officer", "governor", "mayor", "reverend", "rev", "judge", "justice")

// nameConnectors may join the capitalised words of an organisation's name
// ("Department of Health").
var nameConnectors = set("of", "for", "and", "the", "de", "van", "von", "du", "la", "le", "&")

// prepositions that end a leading personal name ("Danny Mortimer of NHS
// Employers").
var namePrepositions = set("of", "from", "at", "for", "with", "in", "on", "who", "whose")

// trailingTime words are dropped from the end of a speaker phrase ("an
// email sent to members tonight").
var trailingTime = set("today", "tonight", "yesterday", "now", "earlier", "recently", "again",
	"this", "morning", "evening", "afternoon", "week", "month", "year", "last", "night")

// modifierCuts end a speaker phrase: participles and relative pronouns
// after its head ("an email sent to members", "the doctor who spoke").
var modifierCuts = set("sent", "seen", "obtained", "leaked", "published", "released", "issued",
	"circulated", "who", "which", "that", "whose", "quoted", "cited", "speaking", "writing",
	"posted", "addressed", "shared")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// quantifiers open an unnamed speaker phrase ("one junior doctor", "some
// consultants"); they are written in lower case.
var quantifiers = set("one", "some", "another", "two", "three", "four", "five", "several", "many",
	"most", "a", "an", "few", "dozens", "hundreds", "thousands")

// personRoles head phrases that name one person ("a Department of Health
// spokeswoman", "one junior doctor").
var personRoles = set("spokesman", "spokeswoman", "spokesperson", "doctor", "consultant", "nurse",
	"chair", "chairman", "chairwoman", "secretary", "minister", "leader", "executive", "official",
	"source", "blogger", "surgeon", "registrar", "trainee", "gp", "manager", "director",
	"president", "mp", "councillor", "chancellor", "mayor", "founder", "editor", "correspondent",
	"journalist", "lawyer", "judge", "critic", "campaigner", "insider", "aide", "colleague",
	"representative", "negotiator", "commentator", "author", "researcher", "expert", "analyst",
	"head", "person", "woman", "man", "patient", "parent", "student", "resident", "worker",
	"friend", "ally", "medic", "boss", "chief")

// orgWords mark a capitalised phrase as an organisation, not a person.
var orgWords = set("department", "party", "association", "committee", "council", "union",
	"government", "england", "employers", "trust", "hospital", "service", "nhs", "college",
	"confederation", "federation", "office", "ministry", "agency", "board", "group", "foundation",
	"institute", "fund", "society", "website", "news", "times", "guardian", "telegraph", "journal",
	"street", "wikipedia", "bbc", "university", "commission", "authority", "court")
