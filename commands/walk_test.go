package commands

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
)

// The walk: every declared verb's examples, the verb alone and its help,
// run as a chair on a register with one and with several of each noun, in
// English and in French. Every reply (and what it announces to the
// channel) must read well:
//   - a number agrees with its noun ("1 activity", never "1 activities");
//   - no time is shown as RFC 3339 outside what the person would type;
//   - French text has no English words outside command words (code spans,
//     ids, vocabulary words) and what people typed.
func TestWalkEveryReplyInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			e := newEnv(t)
			seedWalk(e, lang)
			me := "chair"
			speak := func() { // examples may switch languages: switch back
				e.ok(me, "lang set "+lang)
				e.ok(me, "channel lang "+lang)
			}
			checked := 0
			var pairs []string // organizations' names are proper nouns
			for _, o := range e.r.d.Vocab.Organizations {
				pairs = append(pairs, o.Name, "(name)")
			}
			names := strings.NewReplacer(pairs...)
			for _, a := range e.r.Registry().Areas() {
				for _, v := range a.verbs() {
					lines := []string{v.FullName(), v.FullName() + " --help"}
					for _, ex := range v.Examples {
						lines = append(lines, frenchText(ex, lang))
					}
					for _, line := range lines {
						speak()
						rep := e.do(me, line)
						msgs := []bot.Message{rep.Message}
						if rep.Announce != nil {
							msgs = append(msgs, *rep.Announce)
						}
						for _, m := range msgs {
							checkReads(t, lang, line, names.Replace(plain(m)))
							checked++
						}
					}
				}
			}
			if checked < 150 {
				t.Fatalf("only %d replies walked", checked)
			}
		})
	}
}

// seedWalk fills the register so that lists meet both one and several of
// each noun, with typed text in the walk's language.
func seedWalk(e *env, lang string) {
	title := func(s string) string { return frenchText(`"`+s+`"`, lang) }
	e.pollMember("alice", "Africa/Cairo", "SG13")
	e.pollMember("bob", "Asia/Tokyo", "SG17")
	e.ok("alice", "activity add SG13 "+title("Network requirements for IMT-2030")+" --aspect capacity")
	e.ok("bob", "activity add SG17 "+title("Quantum key distribution security")+" --aspect security")
	e.ok("alice", "activity update A-1 --status consented")
	e.ok("alice", "topic propose "+title("Quantum-safe signalling")+" --group SG13 --deadline 2033-01-15")
	e.ok("bob", "topic support T-1")
	e.ok("alice", "joint propose "+title("Joint group on trust")+" --kind joint-rapporteur-group --parents SG13,SG17")
	e.ok("chair", "liaison add --direction out --from JCA --to IETF "+title("Coordination on IPv6 deployment")+" --purpose action --deadline 2033-01-31")
	e.ok("chair", `meeting schedule `+title("JCA e-meeting")+` "2032-03-26 14:00" --tz Europe/Zurich`)
	e.ok("alice", "poll new "+title("March e-meeting")+` --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`)
	e.ok("bob", "poll vote P-1 1=yes 2=maybe")
	e.ok("chair", `digest schedule "0 9 * * MON"`)
}

// quotedText is a quoted argument of two words or more that a person
// would write in their language (titles, reasons), not a date or a spec.
var quotedText = regexp.MustCompile(`"([^"]*[A-Za-z]{2,} [A-Za-z][^"]*)"`)

// frenchText replaces, for the French walk, the free text of a command line
// with French text, so English found in a reply is the bot's own.
func frenchText(line, lang string) string {
	if lang != "fr" {
		return line
	}
	n := 0
	return quotedText.ReplaceAllStringFunc(line, func(string) string {
		n++
		return fmt.Sprintf(`"Texte libre numéro %d"`, n)
	})
}

var (
	codeSpan = regexp.MustCompile("`[^`]*`")
	// flagWords are options as help lists them: "--deadline YYYY-MM-DD".
	flagWords = regexp.MustCompile(`--[a-z-]+(?: [^\s:]+)?`)
	rawTime   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`)
	// oneEnglish finds "1 <word>s" (and "there are 1"): a singular count
	// with a plural noun.
	oneEnglish = regexp.MustCompile(`(?:^|[^\d.,:/\-])1 ([a-z]+s)\b|there are 1\b`)
	oneFrench  = regexp.MustCompile(`(?:^|[^\d.,:/\-])1 ([a-zéèêà]+s)\b|il y en a 1\b`)
	// singularS are words that end in s in the singular.
	singularS = map[string]bool{"yes": true, "status": true, "is": true, "was": true, "has": true, "its": true,
		"this": true, "us": true, "plus": true, "as": true, "mois": true, "fois": true, "pas": true, "dans": true,
		"sous": true, "sans": true, "vous": true, "nous": true, "plus-tard": true, "alias": true}
	// englishWords are words of the bot's English that never belong in
	// French text.
	englishWords = regexp.MustCompile(`\b(the|and|with|from|this|that|you|your|have|will|which|there|their|been|only|please|could|would|should|here|changed|added|removed|slots?|meetings?|polls?|activity|activities|topics?|deadline|until|since|about|after|before|every|nothing|answered by|logged|created|updated|none|week|weeks|hours?|days?|months?|years?|ago|evolution|capacity|continuity|interoperability|security)\b`)
)

// checkReads fails on a reply that reads badly (see the walk).
func checkReads(t *testing.T, lang, line, out string) {
	t.Helper()
	for _, p := range readingProblems(lang, line, out) {
		t.Errorf("%s: `%s` %s:\n%s", lang, line, p, out)
	}
}

// readingProblems lists what reads badly in out, a reply to line in lang.
func readingProblems(lang, line, out string) []string {
	var problems []string
	if strings.HasPrefix(line, "lang set en") || strings.HasPrefix(line, "channel lang en") {
		lang = "en" // the answer to switching to English is English
	}
	text := codeSpan.ReplaceAllString(out, "`…`")
	text = flagWords.ReplaceAllString(text, "--…")
	text = strings.ReplaceAll(text, "Texte libre", "")
	if m := rawTime.FindString(text); m != "" {
		problems = append(problems, fmt.Sprintf("shows a raw time %q", m))
	}
	one := oneEnglish
	if lang == "fr" {
		one = oneFrench
	}
	for _, m := range one.FindAllStringSubmatch(text, -1) {
		if m[1] == "" || !singularS[m[1]] {
			problems = append(problems, fmt.Sprintf("says %q", strings.TrimSpace(m[0])))
		}
	}
	if lang == "fr" {
		for _, w := range englishWords.FindAllString(text, -1) {
			problems = append(problems, fmt.Sprintf("has the English word %q", w))
		}
	}
	return problems
}

// The walk's checks find what they look for, and let good text be.
func TestReadingProblems(t *testing.T) {
	for _, c := range []struct {
		lang, out string
		bad       bool
	}{
		{"en", "Coverage of the register: 1 activities", true},
		{"en", "there are 1 in all", true},
		{"en", "Activities (1) · 1 activity · 2 groups · 1 yes", false},
		{"en", "Deadline: 2033-01-15T23:59:59Z", true},
		{"en", "Write `2032-03-28T03:30+02:00` instead", false},
		{"fr", "1 activités", true},
		{"fr", "1 activité, 2 groupes, 1 fois", false},
		{"fr", "Le bot a modifié the status", true},
		{"fr", "Statut\u00a0: under-study · `--deadline none` · --deadline YYYY-MM-DD\u00a0: l'échéance", false},
	} {
		if got := readingProblems(c.lang, "x", c.out); (len(got) > 0) != c.bad {
			t.Errorf("%s %q: problems %q, want bad=%v", c.lang, c.out, got, c.bad)
		}
	}
}
