package commands

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// env is a router on a real store in a temporary directory, with a clock
// the test moves.
type env struct {
	t      *testing.T
	r      *Router
	db     *bolt.DB
	cat    *i18n.Catalog
	now    time.Time
	chairs []bot.Identity
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := bolt.Open(context.Background(), filepath.Join(t.TempDir(), "jca.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, cat: cat, now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC),
		chairs: []bot.Identity{"console:chair"}}
	e.r, err = NewRouter(Deps{Store: db, Outbox: db, Vocab: v, Catalog: cat, Chairs: e.chairs, DefaultTZ: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if m := cat.Missing(); len(m) > 0 {
			t.Errorf("catalog keys used but missing: %v", m)
		}
	})
	return e
}

// do runs a line as console:<who> and returns the reply.
func (e *env) do(who, line string) bot.Reply {
	e.t.Helper()
	e.now = e.now.Add(time.Minute)
	req := bot.Request{
		Platform: bot.Console, Channel: "console:general",
		Person: bot.Person{ID: bot.NewIdentity(bot.Console, who), Name: who},
		Text:   line, Time: e.now,
	}
	for _, m := range consoleMention.FindAllStringSubmatch(line, -1) {
		req.Mentions = append(req.Mentions, bot.Mention{Token: "@" + m[1], ID: bot.NewIdentity(bot.Console, m[1]), Name: m[1]})
	}
	return e.r.Handle(context.Background(), req)
}

// consoleMention finds mentions as the console and Mattermost adapters do:
// "@" and a name of letters, digits, _ . - ("@ann,@carl" is two mentions,
// "@a/b" the mention "@a" followed by "/b"), never inside an e-mail address.
var consoleMention = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.\-@])@([\p{L}\p{N}_.\-]+)`)

// ok runs a line that must succeed and returns its text.
func (e *env) ok(who, line string) string {
	e.t.Helper()
	rep := e.do(who, line)
	if rep.Refused {
		e.t.Fatalf("%s: refused: %s", line, plain(rep.Message))
	}
	return plain(rep.Message)
}

// refused runs a line that must be refused and returns its text.
func (e *env) refused(who, line string) string {
	e.t.Helper()
	rep := e.do(who, line)
	if !rep.Refused {
		e.t.Fatalf("%s: accepted: %s", line, plain(rep.Message))
	}
	return plain(rep.Message)
}

// plain flattens a message for assertions: code keeps its backquotes and
// mentions read @user, as on the console.
func plain(m bot.Message) string {
	var b strings.Builder
	b.WriteString(text(m.Title) + "\n")
	for _, blk := range m.Blocks {
		b.WriteString(text(blk.Text))
		b.WriteString(blk.Pre)
		for _, f := range blk.Fields {
			b.WriteString(f.Label + " " + text(f.Value) + "\n")
		}
		for _, btn := range blk.Buttons {
			b.WriteString("[" + btn.Label + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func text(t bot.Text) string {
	var b strings.Builder
	for _, s := range t {
		switch s.Kind {
		case bot.Code:
			b.WriteString("`" + s.Text + "`")
		case bot.MentionSpan:
			b.WriteString("@" + s.Person.User())
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply lacks %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Fatalf("reply contains %q:\n%s", w, got)
		}
	}
}

func (e *env) count() int {
	_, total, err := e.db.ListActivities(context.Background(), jca.ActivityFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return total
}
