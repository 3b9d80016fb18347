package deliver_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/adapters/console"
	"github.com/jcabot/jcabot/adapters/mattermost"
	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"
	slackadapter "github.com/jcabot/jcabot/adapters/slack"
	"github.com/jcabot/jcabot/adapters/slack/slackfake"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

var now = time.Date(2032, 3, 1, 9, 0, 0, 0, time.UTC)

// recorder records what the executor reports: posts' places, updates,
// queued entries.
type recorder struct {
	mu       sync.Mutex
	recorded []string
	updates  []bot.Update
	queued   []outbox.Entry
}

func (r *recorder) RecordPost(ctx context.Context, tag string, ref bot.MessageRef) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recorded = append(r.recorded, tag+" "+ref.ID)
	return nil
}
func (r *recorder) Submit(u bot.Update) { r.mu.Lock(); r.updates = append(r.updates, u); r.mu.Unlock() }
func (r *recorder) queue(ctx context.Context, e outbox.Entry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queued = append(r.queued, e)
	return nil
}

// platform is one adapter on its test fake, with the knobs the cases need.
type platform struct {
	name    string
	channel bot.ChannelID
	poster  bot.Poster
	// refuseForNow makes the next post answer a rate limit; refuseForGood
	// makes posts fail as the bot may not post in the channel. nil: the
	// platform cannot refuse (the console).
	refuseForNow, refuseForGood func()
	// posted counts the posts the platform holds.
	posted func() int
	// refuseUpload makes the next upload fail for good (nil: no uploads).
	refuseUpload func()
}

func platforms(t *testing.T) []platform {
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	handler := bot.HandlerFunc(func(context.Context, bot.Request) bot.Reply { return bot.Reply{} })

	sf := slackfake.New(t)
	sa, err := slackadapter.New(slackadapter.Config{BotToken: "xoxb-conformance", SigningSecret: "s", APIURL: sf.GetAPIURL(),
		Handler: handler, Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}

	mm := mattermosttest.NewServer()
	t.Cleanup(mm.Close)
	team := mm.AddTeam("jca")
	ma, err := mattermost.New(mattermost.Config{URL: mm.URL, Token: mm.BotToken, CommandTokens: []string{"t"},
		PublicURL: "https://bot.example.org", ActionSecret: []byte("0123456789abcdef0123456789abcdef")},
		mattermost.Deps{Handler: handler, Updates: &outbox.Coalescer{}, Catalog: cat, Now: func() time.Time { return now },
			Client: mm.Client(mm.BotToken)})
	if err != nil {
		t.Fatal(err)
	}
	const mmChannel = "conformance000000000000001"

	var out bytes.Buffer
	con := &console.Console{Out: &out, Channel: "console:general"}

	return []platform{
		{name: "slack", channel: "slack:T1/C1", poster: sa,
			refuseForNow:  func() { sf.RateLimit("chat.postMessage", 1, 30) },
			refuseForGood: func() { sf.Fail("chat.postMessage", "not_in_channel") },
			posted:        func() int { return countOK(sf.Calls("chat.postMessage")) },
			refuseUpload:  func() { sf.Fail("files.getUploadURLExternal", "missing_scope") }},
		{name: "mattermost", channel: bot.NewChannelID(bot.Mattermost, team.Id, mmChannel), poster: ma,
			refuseForNow:  func() { mm.FailNext("POST /posts", http.StatusTooManyRequests, "30") },
			refuseForGood: func() { mm.KickBot(mmChannel) },
			posted:        func() int { return mm.PostCount(mmChannel) },
			refuseUpload:  func() { mm.FailNext("POST /files", http.StatusForbidden, "") }},
		{name: "console", channel: "console:general", poster: con,
			posted: func() int { return strings.Count(out.String(), "[#general]") }},
	}
}

func countOK(calls []slackfake.Call) int {
	n := 0
	for _, c := range calls {
		if !c.Limited {
			n++
		}
	}
	return n
}

func msg(s string) *bot.Message { return new(bot.Message).Section(bot.T(s)) }

// The executor's contract, run against every adapter on its fake: a reply
// for the person comes back for the person; what the channel must see is
// posted, a tagged announcement's place recorded; updates are submitted
// before anything is posted; a post refused for now is queued under a
// "post/" key with the message and its tag, and tried under that key; one
// refused for good is reported as such, never as posted.
func TestExecutorConformance(t *testing.T) {
	for _, p := range platforms(t) {
		t.Run(p.name, func(t *testing.T) {
			ctx := context.Background()
			rec := &recorder{}
			x := &deliver.Executor{Recorder: rec, Updates: rec, Queue: rec.queue, Now: func() time.Time { return now },
				Log: slog.New(slog.DiscardHandler)}
			req := bot.Request{Platform: p.channel.Platform(), Channel: p.channel, Person: bot.Person{ID: "x:U1"}}
			update := bot.Update{Ref: bot.MessageRef{Channel: p.channel, ID: "old"}, Tag: "poll:9"}

			res := x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Message: *msg("Only you"),
				Announce: msg("Everyone"), AnnounceTag: "poll:1", Updates: []bot.Update{update}}})
			if res.Person == nil || res.Person.Blocks[0].Text.String() != "Only you" {
				t.Fatalf("the person's answer: %+v", res.Person)
			}
			if len(res.Channel) != 1 || res.Channel[0].Outcome != deliver.Posted || len(res.Problems()) != 0 || p.posted() != 1 {
				t.Fatalf("announcement: %+v, %d posted", res.Channel, p.posted())
			}
			if len(rec.updates) != 1 || rec.updates[0].Ref != update.Ref || rec.updates[0].Tag != update.Tag {
				t.Fatalf("updates: %+v", rec.updates)
			}
			if p.name != "console" && (len(rec.recorded) != 1 || !strings.HasPrefix(rec.recorded[0], "poll:1 ") || rec.recorded[0] == "poll:1 ") {
				t.Fatalf("recorded: %v", rec.recorded)
			}

			// Every platform can write to one person (the Teller's means).
			dm, ok := p.poster.(bot.DirectMessenger)
			person := bot.NewIdentity(p.channel.Platform(), "U0PERSON00000000000000001")
			if !ok {
				t.Fatal("no direct messages")
			}
			if err := dm.Direct(ctx, person, *msg("For you alone")); err != nil {
				t.Fatalf("direct: %v", err)
			}

			res = x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Audience: bot.ToChannel, Message: *msg("To all")}})
			if res.Person != nil || len(res.Channel) != 1 || res.Channel[0].Outcome != deliver.Posted || p.posted() < 2 {
				t.Fatalf("a reply for the channel: %+v", res)
			}
			if p.refuseUpload != nil {
				// The person's files are shared where the job says; a file the
				// platform refuses is never lost: shared its own other way, or
				// its text shown in the person's answer.
				ics := bot.File{Name: "M-1.ics", MediaType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
				withFile := bot.Reply{Message: bot.Message{Blocks: msg("Your calendar").Blocks, Files: []bot.File{ics}}}
				to := func(context.Context) (bot.ChannelID, error) { return p.channel, nil }
				res := x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: withFile, FilesTo: to})
				if len(res.Files) != 1 || res.Files[0].Outcome != deliver.FileShared || len(res.Person.Files) != 0 {
					t.Fatalf("a file: %+v", res.Files)
				}
				p.refuseUpload()
				res = x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: withFile, FilesTo: to})
				switch {
				case len(res.Files) != 1:
					t.Fatalf("a refused file: %+v", res.Files)
				case res.Files[0].Outcome == deliver.FileInline:
					if !strings.Contains(fmt.Sprint(res.Person.Blocks), "BEGIN:VCALENDAR") {
						t.Fatalf("inline, but not in the answer: %+v", res.Person.Blocks)
					}
				case res.Files[0].Outcome != deliver.FileShared:
					t.Fatalf("a refused file lost: %+v", res.Files)
				}
			}
			// A channel with posts still waiting in the outbox: a new post
			// queues behind them instead of overtaking them.
			behind := *x
			behind.Waiting = func(context.Context, bot.ChannelID) bool { return true }
			before, queued := p.posted(), len(rec.queued)
			res = behind.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Audience: bot.ToChannel, Message: *msg("Behind")}})
			if res.Channel[0].Outcome != deliver.Queued || !res.Channel[0].Behind || p.posted() != before || len(rec.queued) != queued+1 {
				t.Fatalf("behind waiting posts: %+v, %d posted", res.Channel, p.posted()-before)
			}
			rec.queued = rec.queued[:queued]
			if p.refuseForNow == nil {
				return // the console cannot refuse a post
			}

			p.refuseForNow()
			res = x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Message: *msg("ok"), Announce: msg("Later"), AnnounceTag: "poll:2"}})
			if len(res.Problems()) != 1 || res.Channel[0].Outcome != deliver.Queued || res.Channel[0].Permanent {
				t.Fatalf("refused for now: %+v", res.Channel)
			}
			if len(rec.queued) != 1 || !strings.HasPrefix(rec.queued[0].Key, "post/"+string(p.channel)+"/") ||
				rec.queued[0].Tag != "poll:2" || rec.queued[0].Message.Blocks[0].Text.String() != "Later" {
				t.Fatalf("queued: %+v", rec.queued)
			}

			p.refuseForGood()
			res = x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Message: *msg("ok"), Announce: msg("Never")}})
			if len(res.Problems()) != 1 || res.Channel[0].Outcome != deliver.Unposted || !res.Channel[0].Permanent || len(rec.queued) != 1 {
				t.Fatalf("refused for good: %+v (queued %d)", res.Channel, len(rec.queued))
			}
			shown := 0
			res = x.Carry(ctx, deliver.Job{Req: req, Poster: p.poster, Reply: bot.Reply{Message: *msg("ok"), Announce: msg("Elsewhere"), AnnounceTag: "poll:3"},
				ShowInstead: func(context.Context, bot.Message) bool { shown++; return true }})
			if shown != 1 || res.Channel[0].Outcome != deliver.Shown || len(res.Problems()) != 1 {
				t.Fatalf("shown instead: %d, %+v", shown, res.Channel)
			}
		})
	}
}
