package slack

import (
	"context"

	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/testbot"
)

// noUploads is a Web API where sharing files is not permitted, so files
// are shown inline (the longest rendering of a message with files).
type noUploads struct{ webAPI }

func (noUploads) UploadFileContext(ctx context.Context, p slack.UploadFileParameters) (*slack.FileSummary, error) {
	return nil, slack.SlackErrorResponse{Err: "missing_scope"}
}

// walker runs command lines as Slack people on a router over a real store.
type walker struct {
	t   *testing.T
	r   *commands.Router
	db  *bolt.DB
	now time.Time
	a   *Adapter
	n   int // messages checked
}

func (w *walker) do(user, line string) bot.Reply {
	w.t.Helper()
	w.now = w.now.Add(time.Minute)
	req := bot.Request{Platform: bot.Slack, Team: "T0JCA", Channel: "slack:T0JCA/C1",
		Person: bot.Person{ID: bot.NewIdentity(bot.Slack, user), Name: "Representative " + user + " of a very long organisation name"},
		Text:   line, Time: w.now}
	for _, word := range strings.Fields(line) {
		if name, ok := strings.CutPrefix(word, "@"); ok && name != "" {
			id := "U" + strings.ToUpper(strings.Trim(name, `",.`))
			req.Mentions = append(req.Mentions, bot.Mention{Token: word, ID: bot.NewIdentity(bot.Slack, id), Name: name})
		}
	}
	rep := w.r.Handle(context.Background(), req)
	if testing.Verbose() && rep.Refused {
		w.t.Logf("refused: %.100s", line)
	}
	w.check(line, rep)
	return rep
}

// check renders everything a reply holds, as the adapter would send it,
// and fails on anything Slack would refuse.
func (w *walker) check(line string, rep bot.Reply) {
	w.t.Helper()
	msgs := []bot.Message{rep.Message}
	if rep.Announce != nil {
		msgs = append(msgs, *rep.Announce)
	}
	n := w.a.notes(fixedLang(i18n.EN))
	for _, m := range msgs {
		m = w.a.attachFiles(context.Background(), "slack:T0JCA/C1", m, fixedLang(i18n.EN))
		for i, p := range renderPages(m, n) {
			if probs := blockKitProblems(p); len(probs) > 0 {
				w.t.Errorf("%s: message part %d breaks Block Kit's limits:\n  %s", line, i+1, strings.Join(probs, "\n  "))
			}
			w.n++
		}
	}
	for _, u := range rep.Updates {
		if probs := blockKitProblems(renderOne(u.Message, n)); len(probs) > 0 {
			w.t.Errorf("%s: update breaks Block Kit's limits:\n  %s", line, strings.Join(probs, "\n  "))
		}
		w.n++
	}
}

// TestEveryCommandRendersWithinBlockKitLimits walks the whole language on
// a large JCA: help for every area and verb, every example, lists of many
// records, a 20-slot poll with 500 voters, a long digest and the report,
// and checks every message against Block Kit's limits.
func TestEveryCommandRendersWithinBlockKitLimits(t *testing.T) {
	ctx := context.Background()
	r, db, cat := testbot.New(t, testbot.Options{Chairs: []bot.Identity{"slack:UCHAIR"}, NoSync: true})
	a, err := New(Config{BotToken: "xoxb-x", SigningSecret: "s", Handler: r, Catalog: cat, api: noUploads{}})
	if err != nil {
		t.Fatal(err)
	}
	w := &walker{t: t, r: r, db: db, now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), a: a}

	// A large JCA: user text full of markup characters, long titles and notes.
	long := strings.Repeat("Network <requirements> & *security* for `IMT-2030` ", 6)
	note := strings.Repeat("A note with <!channel> & a <https://evil.example|fake link> ", 35)
	groups := []string{"SG2", "SG3", "SG5", "SG11", "SG12", "SG13", "SG15", "SG17", "SG20", "SG21", "TSAG"}
	for i := 0; i < 70; i++ {
		g := groups[i%len(groups)]
		w.do("UCHAIR", fmt.Sprintf(`activity add %s "%s %d" --aspect security,capacity --wsis C2,C5 --link https://www.itu.int/md/T22-%s-%d,https://example.org/a?b=1&c=2 --note "%s"`,
			g, long[:250], i, g, i, note[:1900]))
	}
	for i := 0; i < 120; i++ {
		w.do(fmt.Sprintf("UMEMBER%03d", i), "member join "+groups[i%len(groups)]+` --org "Organisation with a long name & <brackets> number `+fmt.Sprint(i)+`"`)
	}
	for i := 1; i <= 6; i++ {
		w.do("UCHAIR", fmt.Sprintf(`topic propose "%s" --group SG13,SG17,SG20 --aspect security --why "%s" --deadline 2027-03-0%d`, long[:280], note[:1900], i))
		w.do("UCHAIR", fmt.Sprintf(`joint propose "%s" --kind jrg --parents SG13,SG17 --mandate "%s" --convener @alice`, long[:280], note[:1900]))
		w.do("UCHAIR", fmt.Sprintf(`liaison add "%s" --direction in --from IETF --to SG13,SG17 --purpose action --deadline 2027-01-1%d --link https://datatracker.ietf.org/liaison/%d`, long[:280], i, i))
		w.do("UCHAIR", fmt.Sprintf(`meeting schedule "%s" "2027-0%d-10 14:00" --duration 2h --tz Europe/Zurich --where "%s" --link https://itu.zoom.example/j/%d`, long[:200], i, long[:200], i))
	}
	for i := 0; i < 60; i++ {
		user := fmt.Sprintf("UMEMBER%03d", i)
		w.do(user, fmt.Sprintf(`topic support T-%d --comment "%s"`, i%6+1, note[:500]))
		w.do(user, fmt.Sprintf(`joint object G-%d --reason "%s"`, i%6+1, note[:500]))
	}
	// A 20-slot poll with 500 voters.
	var slots strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&slots, ` --slot "2032-03-%02d 14:00"`, i+1)
	}
	w.do("UCHAIR", `poll new "`+long[:280]+`"`+slots.String()+" --tz Europe/Zurich")
	polls, _, err := db.ListPolls(ctx, jca.PollFilter{Limit: 100})
	if err != nil || len(polls) != 1 {
		t.Fatalf("polls %v %v", polls, err)
	}
	big := polls[0]
	if err := r.Posts().RecordPost(ctx, commands.PollTag(big.ID), bot.MessageRef{Channel: "slack:T0JCA/C1", ID: "1900000000.000001"}); err != nil {
		t.Fatal(err)
	}
	answers := []jca.Answer{jca.Yes, jca.Maybe, jca.No}
	for i := 0; i < 500; i++ {
		id := jca.PersonID(fmt.Sprintf("slack:UVOTER%03d", i))
		if _, err := db.UpdatePerson(ctx, id, func(p *jca.Person) error {
			p.Name = fmt.Sprintf("Voter %03d with a name far longer than any grid column <b>&", i)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		ans := map[int]jca.Answer{}
		for s := 1; s <= 20; s++ {
			ans[s] = answers[(i+s)%3]
		}
		if _, err := db.Vote(ctx, big.ID, id, ans, w.now, func(*jca.Poll) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	ref := jca.PollRef(big.ID)
	w.do("UVOTER001", "poll vote "+ref+" 1=yes 2=maybe 3=no")
	w.do("UCHAIR", `poll new "Hidden" --slot "2032-05-01 10:00" --slot "2032-05-02 10:00" --hidden`)
	w.do("UCHAIR", "digest schedule @weekly")

	// Help for every area and every verb, then every example.
	var lines []string
	for _, area := range r.Registry().Areas() {
		lines = append(lines, "help "+area.Name, area.Name+" --help")
		verbs := area.Verbs
		if area.Run != nil {
			verbs = append(verbs, area.Run)
		}
		for _, verb := range verbs {
			if verb.Name != "" {
				lines = append(lines, "help "+area.Name+" "+verb.Name)
			}
			lines = append(lines, verb.Examples...)
		}
	}
	lines = append(lines, "help", "",
		"activity list", "activity list --page 2", "activity list --group SG13", "activity search network security",
		"activity matrix", "activity show A-3", "find requirements security", "member list", "member list --group SG13",
		"topic list", "topic show T-1", "joint list", "joint show G-1", "liaison list", "liaison show L-2",
		"meeting list", "meeting show M-1", "meeting ics", "org list", "chair list",
		"poll show "+ref, "poll show "+ref+" --page 25", "poll pending "+ref, "poll list", "poll post "+ref,
		"digest now", "report", "report --format html", "report --format csv",
		"poll close "+ref, "poll show "+ref, "poll decide "+ref, "activity lsit", `activity add SG99 "x"`)
	for _, line := range lines {
		w.do("UCHAIR", line)
	}
	if w.n < 300 {
		t.Fatalf("only %d messages checked", w.n)
	}
	t.Logf("%d messages checked", w.n)
}
