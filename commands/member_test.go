package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

func (e *env) person(id string) *jca.Person {
	e.t.Helper()
	p, err := e.db.FindPerson(context.Background(), jca.PersonID(id))
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func TestMemberJoinLeaveList(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("alice", "member join SG13"), "You now represent SG13 (study group representative).")
	mustContain(t, e.ok("alice", `member join sg17 --kind member-rep --org "Orange"`), "You now represent SG17 (representative of an ITU-T Member).")
	mustContain(t, e.ok("bob", "member join IETF"), "You now represent IETF (representative of an SDO or forum)")
	mustContain(t, e.refused("alice", "member join SG13"), "You already represent SG13 that way.")
	mustContain(t, e.ok("alice", "member join SG13 --org ETSI"), "Your membership of SG13 is updated")
	if p := e.person("console:alice"); len(p.Memberships) != 2 || p.Memberships[1].Org != "ETSI" || len(p.History) != 3 {
		t.Fatalf("alice = %+v", p)
	}
	list := e.ok("carol", "member list")
	mustContain(t, list, "SG13: @alice (sg-rep (ETSI))", "SG17: @alice (member-rep (Orange))", "IETF: @bob")
	mustContain(t, e.ok("carol", "member list --group SG17"), "Members, by group (1 group)")
	mustContain(t, e.ok("carol", "member show @alice"), "SG13: study group representative, since Wed 25 Nov 2026 · ETSI")
	mustContain(t, e.ok("alice", "member leave SG17"), "You no longer represent SG17.")
	mustContain(t, e.refused("alice", "member leave SG17"), "You do not represent SG17.")
	mustContain(t, e.ok("dave", "member show"), "Represents no group yet.")
}

func TestMemberRefusals(t *testing.T) {
	tests := []struct{ line, want string }{
		{"member join JCA", "not the JCA itself"},
		{"member join SG13 --kind sdo-rep", "SG13 is a study group; `sdo-rep` is for an SDO"},
		{"member join IETF --kind sg-rep", "IETF is not a study group"},
		{"member join SG13 --kind sgrep", "Unknown kind `sgrep`"},
		{"member join SG99", "Unknown group `SG99`"},
		{"member join", "`<group>` is missing"},
		{"member show bob", "`bob` does not name a person"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			e := newEnv(t)
			mustContain(t, e.refused("alice", tt.line), tt.want)
			if p := e.person("console:alice"); len(p.Memberships) != 0 {
				t.Fatalf("a refusal wrote %+v", p.Memberships)
			}
		})
	}
}

func TestMemberRemoveIsForChairs(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", "member join SG13")
	out := e.refused("bob", "member remove @alice SG13")
	mustContain(t, out, "Only a chair can remove a member.", "Chairs: @chair")
	if len(e.person("console:alice").Memberships) != 1 {
		t.Fatal("a refused remove changed the roster")
	}
	mustContain(t, e.ok("chair", "member remove @alice SG13"), "@alice no longer represents SG13.")
	mustContain(t, e.refused("chair", "member remove @alice SG13"), "@alice does not represent SG13.")
	if h := e.person("console:alice").History; h[len(h)-1].By != "console:chair" {
		t.Fatalf("history does not say who removed: %+v", h)
	}
}

func TestChairs(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.refused("alice", "chair add @bob"), "Only a chair can appoint a chair.")
	rep := e.do("chair", "chair add @bob")
	if rep.Refused || rep.Announce == nil {
		t.Fatalf("chair add: %+v", rep)
	}
	mustContain(t, plain(*rep.Announce), "@bob is now a chair of the JCA (appointed by @chair)")
	// Bob may now do what chairs do.
	e.ok("alice", `activity add SG13 "Alice's work"`)
	e.ok("bob", "activity update A-1 --status approved")
	mustContain(t, e.ok("x", "chair list"), "@chair (configuration)", "@bob")
	mustContain(t, e.refused("bob", "chair add @bob"), "@bob is already a chair.")
	mustContain(t, e.refused("chair", "chair add @ann,@carl"), "names more than one person. Name one at a time")
	mustContain(t, e.refused("chair", "chair add @channel"), "stands for everybody in the channel, not a person")
	mustContain(t, e.refused("chair", "chair add @HERE"), "stands for everybody in the channel")
	mustContain(t, e.refused("chair", "chair add @a/b"), "`@a/b` does not name a person")
	mustContain(t, e.refused("bob", "chair remove @chair"), "@chair is a chair by configuration (JCABOT_CHAIRS) and stays one.")
	mustContain(t, e.refused("bob", "chair remove @alice"), "@alice is not a chair.")
	mustContain(t, e.ok("bob", "chair remove @bob"), "@bob is no longer a chair.")
	mustContain(t, e.refused("bob", "activity update A-1 --status agreed"), "Only the author of A-1 or a chair")
}

// On a chat platform the last chair cannot be removed. On the console its
// operator (console:local) is a chair too, listed by chair list, so the
// last appointed chair can go.
func TestLastChairCannotBeRemoved(t *testing.T) {
	e := newEnv(t)
	e.chairs = nil
	var err error
	e.r, err = NewRouter(Deps{Store: e.db, Outbox: e.db, Vocab: e.r.d.Vocab, Catalog: e.cat, DefaultTZ: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	slackDo := func(who, line string, mention ...string) bot.Reply {
		req := bot.Request{Platform: bot.Slack, Channel: "slack:T1/C1", Person: bot.Person{ID: bot.Identity("slack:" + who)},
			Text: line, Time: e.now}
		for _, m := range mention {
			req.Mentions = append(req.Mentions, bot.Mention{Token: "@" + m, ID: bot.Identity("slack:" + m)})
		}
		return e.r.Handle(context.Background(), req)
	}
	e.ok("local", "chair add @ann") // console:local is a chair on its own machine
	if rep := slackDo("UBEN", "chair add @UANN", "UANN"); !rep.Refused {
		t.Fatal("a non-chair appointed a chair")
	}
	mustContain(t, e.ok("local", "chair list"), "@local", "@ann")
	e.ok("local", "chair remove @ann") // the operator remains
	mustContain(t, e.ok("local", "chair add @ann"), "@ann is now a chair")

	// On Slack: the only appointed chair is the last one.
	e.ok("local", "chair remove @ann")
	if _, err := e.db.UpdatePerson(context.Background(), "slack:UANN", func(p *jca.Person) error { p.Chair = true; return nil }); err != nil {
		t.Fatal(err)
	}
	rep := slackDo("UANN", "chair remove @UANN", "UANN")
	if !rep.Refused || !strings.Contains(plain(rep.Message), "is the last chair and cannot be removed") {
		t.Fatalf("the last chair: %s", plain(rep.Message))
	}
	if rep := slackDo("UANN", "chair list"); strings.Contains(plain(rep.Message), "@local") {
		t.Errorf("Slack lists the console's operator: %s", plain(rep.Message))
	}
}

func TestZonePrecedence(t *testing.T) {
	e := newEnv(t)
	// Default: JCABOT_TZ (UTC here).
	mustContain(t, e.ok("alice", "tz show"), "Your time zone is UTC, the default here.")
	// The platform profile's zone comes next...
	req := bot.Request{Platform: bot.Console, Channel: "console:general", Text: "tz show", Time: e.now,
		Person: bot.Person{ID: "console:alice", Name: "alice", TZ: "America/New_York"}}
	mustContain(t, plain(e.r.Handle(context.Background(), req).Message), "America/New_York, from your chat profile", "(New York, EST)")
	if e.person("console:alice").ProfileTZ != "America/New_York" {
		t.Fatal("the profile zone was not remembered")
	}
	// ...and the zone set with tz set wins over it.
	mustContain(t, e.ok("alice", "tz set africa/cairo"), "Your time zone is now Africa/Cairo: it is 12:0")
	req.Text = "tz show"
	mustContain(t, plain(e.r.Handle(context.Background(), req).Message), "Africa/Cairo (you set it)")
	mustContain(t, e.refused("alice", "tz set Europe/Zurik"), "Unknown time zone `Europe/Zurik`", "Did you mean `Europe/Zurich`")
	if e.person("console:alice").TZ != "Africa/Cairo" {
		t.Fatal("a refused tz set changed the zone")
	}
	e.ok("alice", "tz clear")
	mustContain(t, plain(e.r.Handle(context.Background(), req).Message), "from your chat profile")
	mustContain(t, e.refused("alice", "tz clear"), "You have not set a time zone.")
}

// A date-only deadline is the end of that day where the person is.
func TestDateOnlyDeadlineFollowsTheZone(t *testing.T) {
	e := newEnv(t)
	e.ok("tokyo", "tz set Asia/Tokyo")
	e.ok("ny", "tz set America/New_York")
	for who, want := range map[string]time.Time{
		"tokyo": time.Date(2033, 1, 15, 14, 59, 59, 999999999, time.UTC),
		"ny":    time.Date(2033, 1, 16, 4, 59, 59, 999999999, time.UTC),
	} {
		// Resolve the person as a request would, then read the deadline.
		c := &Call{Req: bot.Request{Time: e.now}, Me: jca.PersonID("console:" + who), r: e.r, Loc: time.UTC}
		e.r.resolvePerson(context.Background(), c)
		got, err := c.deadline("2033-01-15")
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: deadline %v (%v), want %v", who, got.UTC(), err, want)
		}
	}
}

func TestChannelSettings(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("alice", "channel show"), "This channel's posts use UTC, in English; people who set no working hours count as working 07:00-22:00.")
	mustContain(t, e.refused("alice", "channel tz Europe/Zurich"), "Only a chair can change the channel's settings.")
	mustContain(t, e.ok("chair", "channel tz Europe/Zurich"), "now use Europe/Zurich")
	mustContain(t, e.ok("chair", "channel lang fr"), "now in French")
	mustContain(t, e.refused("chair", "channel lang de"), "Unknown language `de`")
	loc, lang := e.r.channelSettings(context.Background(), "console:general")
	if loc.String() != "Europe/Zurich" || lang != "fr" {
		t.Fatalf("channel settings %v %v", loc, lang)
	}
	mustContain(t, e.ok("marie", "channel show"), "Europe/Zurich, in French")
	e.ok("marie", "lang set fr")
	mustContain(t, e.ok("marie", "channel show"), "Les messages de ce canal utilisent Europe/Zurich, en français\u00a0; les personnes sans heures de travail indiquées comptent comme travaillant 07:00-22:00.")
}

// Working hours: a person's own, else the channel's default, else
// 07:00-22:00; bad hours and a chair-only default are refused, changing
// nothing.
func TestWorkingHours(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("alice", "tz show"), "Your working hours: 07:00-22:00 (the default).")
	mustContain(t, e.ok("alice", "tz set Asia/Tokyo --hours 8:00-21:00"), "Your time zone is now Asia/Tokyo", "Your working hours are now 08:00-21:00, in your zone.")
	mustContain(t, e.ok("alice", "tz show"), "Your working hours: 08:00-21:00 (you set them).")
	mustContain(t, e.ok("alice", "tz set --hours 22:00-06:00"), "Your working hours are now 22:00-06:00")
	mustContain(t, e.ok("alice", "tz show"), "Asia/Tokyo", "22:00-06:00 (you set them)")
	for _, bad := range []string{"25:00-08:00", "8-17", "09:00-09:00"} {
		mustContain(t, e.refused("alice", "tz set --hours "+bad), "is not a span of hours", "08:00-21:00")
	}
	mustContain(t, e.refused("alice", "tz set"), "Say the zone, the hours or both")
	if p, _ := e.db.FindPerson(context.Background(), "console:alice"); p.Hours == nil || p.Hours.String() != "22:00-06:00" || p.TZ != "Asia/Tokyo" {
		t.Fatalf("after refusals: %+v", p)
	}

	mustContain(t, e.refused("bob", "channel hours 08:00-20:00"), "Only a chair can change the channel's settings.")
	mustContain(t, e.refused("chair", "channel hours 8h-20h"), "is not a span of hours")
	mustContain(t, e.ok("chair", "channel hours 08:00-20:00"), "now count as working 08:00-20:00")
	mustContain(t, e.ok("bob", "tz show"), "08:00-20:00 (this channel's default)")
	mustContain(t, e.ok("bob", "member show @alice"), "Working hours: 22:00-06:00 (their own)")
	e.ok("bob", "lang set fr")
	mustContain(t, e.ok("bob", "tz show"), "Vos heures de travail\u00a0: 08:00-20:00 (celles par défaut de ce canal).")
}
