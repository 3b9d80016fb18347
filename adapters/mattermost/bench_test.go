package mattermost_test

// Slash-command throughput and latency through the full Mattermost path:
// an HTTP POST of the form a server sends, the token check, the real
// router on a real bbolt file, the Markdown answer, under 64 concurrent
// connections, against a bare net/http handler measured in the same run.
// (A benchmark may import the commands; the adapter itself never does.)

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/adapters/mattermost"
	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"
	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/gctune"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/testbot"
)

const (
	benchConns = 64
	benchToken = "benchtoken0000000000000000"
)

// load sends n POSTs of body(i) to target over conns concurrent
// connections, as a Mattermost server sends a slash command; every answer
// must be 200.
func load(b *testing.B, target string, conns, n int, body func(i int) string) testbot.LoadResult {
	b.Helper()
	return testbot.Load(b, conns, n, func(i int) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(body(i)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Token "+benchToken)
		return req
	}, func(status int, _ []byte) bool { return status == http.StatusOK })
}

// benchServer is the bot's Mattermost endpoint on a real store, and a bare
// handler beside it.
type benchServer struct {
	bot, bare *httptest.Server
	// echo is the adapter with a trivial handler (one short line): the
	// adapter's own cost, without the commands and the store.
	echo *httptest.Server
	team string
}

func newBenchServer(b *testing.B, activities int) *benchServer {
	b.Helper()
	ctx := context.Background()
	router, _, cat := testbot.New(b, testbot.Options{})
	for i := 0; i < activities; i++ {
		rep := router.Handle(ctx, bot.Request{Platform: bot.Console, Channel: "console:general",
			Person: bot.Person{ID: commands.LocalOperator}, Time: time.Now(),
			Text: fmt.Sprintf(`activity add SG%d "Requirements for network slice %d" --aspect capacity`, []int{13, 17, 20, 11}[i%4], i)})
		if rep.Refused {
			b.Fatalf("seeding: %v", rep.Message)
		}
	}
	mm := mattermosttest.NewServer()
	b.Cleanup(mm.Close)
	team := mm.AddTeam("itu")
	for i := 0; i < benchConns; i++ {
		mm.AddUser(&model.User{Id: benchUser(i), Username: fmt.Sprintf("rep%d", i), FirstName: "Rep", LastName: fmt.Sprint(i),
			Timezone: model.StringMap{"useAutomaticTimezone": "true", "automaticTimezone": "Europe/Zurich"}})
	}
	a, err := mattermost.New(mattermost.Config{URL: mm.URL, Token: mm.BotToken, CommandTokens: []string{benchToken},
		PublicURL: "https://bot.example.org", ActionSecret: []byte("0123456789abcdef0123456789abcdef")},
		mattermost.Deps{Handler: router, Recorder: router.Posts(), Updates: &outbox.Coalescer{}, Catalog: cat,
			Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Routes(mux)
	s := &benchServer{bot: httptest.NewServer(mux), team: team.Id}
	b.Cleanup(s.bot.Close)
	echo, err := mattermost.New(mattermost.Config{URL: mm.URL, Token: mm.BotToken, CommandTokens: []string{benchToken},
		PublicURL: "https://bot.example.org", ActionSecret: []byte("0123456789abcdef0123456789abcdef")},
		mattermost.Deps{Handler: bot.HandlerFunc(func(ctx context.Context, req bot.Request) bot.Reply {
			return bot.Reply{Message: *new(bot.Message).Section(bot.T("ok " + req.Text))}
		}), Updates: &outbox.Coalescer{}, Catalog: cat, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	emux := http.NewServeMux()
	echo.Routes(emux)
	s.echo = httptest.NewServer(emux)
	b.Cleanup(s.echo.Close)
	s.bare = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"response_type":"ephemeral","text":%q}`, "ok "+r.PostForm.Get("text"))
	}))
	b.Cleanup(s.bare.Close)
	return s
}

func benchUser(i int) string { return fmt.Sprintf("rep%023d", i%benchConns) }

// form is the slash command request of person i.
func (s *benchServer) form(i int, text string) string {
	return url.Values{"channel_id": {"townsquare0000000000000001"}, "channel_name": {"town-square"}, "command": {"/jca"},
		"response_url": {"http://mm.example.org/hooks/commands/x"}, "team_domain": {"itu"}, "team_id": {s.team},
		"text": {text}, "token": {benchToken}, "trigger_id": {"dHJpZ2dlcg=="}, "user_id": {benchUser(i)},
		"user_name": {fmt.Sprintf("rep%d", i%benchConns)}}.Encode()
}

func report(b *testing.B, prefix string, r testbot.LoadResult) {
	b.ReportMetric(r.Rate, prefix+"req/s")
	b.ReportMetric(float64(r.P50.Microseconds())/1000, prefix+"p50-ms")
	b.ReportMetric(float64(r.P99.Microseconds())/1000, prefix+"p99-ms")
}

// BenchmarkMattermostActivityList: `/jca activity list` (a read, over 400
// activities) under 64 concurrent connections, as a share of a bare
// net/http handler's rate in the same run (goal: at least 50 %). Like
// everything here it runs at the garbage collector's pace `jcabot serve`
// sets (internal/gctune); the -gogc100 figure is the same share at Go's
// default pace.
func BenchmarkMattermostActivityList(b *testing.B) {
	_, restore := gctune.Apply(os.Getenv)
	b.Cleanup(restore)
	s := newBenchServer(b, 400)
	const perOp = 4000
	list := func(i int) string { return s.form(i, "activity list --group SG13") }
	load(b, s.bot.URL+mattermost.CommandsPath, benchConns, 200, list) // warm the people caches
	load(b, s.echo.URL+mattermost.CommandsPath, benchConns, 200, list)
	b.ResetTimer()
	var bares, echos, fulls, bares100, fulls100 []testbot.LoadResult
	for n := 0; n < b.N; n++ {
		bares = append(bares, load(b, s.bare.URL, benchConns, perOp, list))
		echos = append(echos, load(b, s.echo.URL+mattermost.CommandsPath, benchConns, perOp, list))
		fulls = append(fulls, load(b, s.bot.URL+mattermost.CommandsPath, benchConns, perOp, list))
		old := debug.SetGCPercent(100)
		bares100 = append(bares100, load(b, s.bare.URL, benchConns, perOp, list))
		fulls100 = append(fulls100, load(b, s.bot.URL+mattermost.CommandsPath, benchConns, perOp, list))
		debug.SetGCPercent(old)
	}
	bare, echo, full := testbot.MeanLoad(bares), testbot.MeanLoad(echos), testbot.MeanLoad(fulls)
	report(b, "bare-", bare)
	b.ReportMetric(echo.Rate/bare.Rate*100, "adapter-only-%-of-bare")
	report(b, "", full)
	b.ReportMetric(full.Rate/bare.Rate*100, "%-of-bare")
	b.ReportMetric(testbot.MeanLoad(fulls100).Rate/testbot.MeanLoad(bares100).Rate*100, "%-of-bare-gogc100")
}

// BenchmarkMattermostActivityAdd: `/jca activity add` (a write, fsync
// bound) under 64 concurrent connections against one connection's rate in
// the same run (goal: at least 3×), and against the bare handler.
func BenchmarkMattermostActivityAdd(b *testing.B) {
	_, restore := gctune.Apply(os.Getenv)
	b.Cleanup(restore)
	s := newBenchServer(b, 0)
	const perOp = 1000
	var seq atomic.Int64
	add := func(i int) string {
		return s.form(i, fmt.Sprintf(`activity add SG%d "Benchmark item %d" --aspect capacity`, []int{13, 17, 20, 11}[i%4], seq.Add(1)))
	}
	load(b, s.bot.URL+mattermost.CommandsPath, benchConns, 64, add) // warm the people cache
	b.ResetTimer()
	var bares, ones, manys []testbot.LoadResult
	for n := 0; n < b.N; n++ {
		bares = append(bares, load(b, s.bare.URL, benchConns, perOp, add))
		ones = append(ones, load(b, s.bot.URL+mattermost.CommandsPath, 1, perOp/10, add))
		manys = append(manys, load(b, s.bot.URL+mattermost.CommandsPath, benchConns, perOp, add))
	}
	bare, one, many := testbot.MeanLoad(bares), testbot.MeanLoad(ones), testbot.MeanLoad(manys)
	report(b, "bare-", bare)
	b.ReportMetric(one.Rate, "1-conn-req/s")
	report(b, "", many)
	b.ReportMetric(many.Rate/one.Rate, "x-one-conn")
	b.ReportMetric(many.Rate/bare.Rate*100, "%-of-bare")
}
