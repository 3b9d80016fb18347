package slack_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/jcabot/jcabot/adapters/slack"
	"github.com/jcabot/jcabot/adapters/slack/slackfake"
	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/gctune"
	"github.com/jcabot/jcabot/internal/metrics"
	"github.com/jcabot/jcabot/internal/testbot"
)

// measure sends n signed slash commands (line(i) as the text, from one of
// 64 people) to target over conns concurrent connections; an answer counts
// when it is the command's own, in time.
func measure(b *testing.B, target string, conns, n int, now time.Time, line func(i int) string) testbot.LoadResult {
	b.Helper()
	return testbot.Load(b, conns, n, func(i int) *http.Request {
		user := fmt.Sprintf("UBENCH%02d", i%64)
		form := slackfake.Command("T0JCA", "C1", user, line(i), "http://127.0.0.1:9/unused")
		return slackfake.Signed(b, target, testSecret, now, "application/x-www-form-urlencoded", []byte(form.Encode()))
	}, func(status int, body []byte) bool {
		return status == http.StatusOK && !bytes.Contains(body, []byte("Working on it")) && !bytes.Contains(body, []byte("didn't work"))
	})
}

// benchBot is jcabot's Slack endpoint on loopback: the adapter, the real
// router, a store that syncs every commit, a fake Slack for users.info.
func benchBot(b *testing.B) (url string, now time.Time) { return benchBotWith(b, nil) }

// benchBotWith is benchBot, observed by mt as jcabot serve wires metrics
// when JCABOT_METRICS_ADDR is set (nil: metrics off).
func benchBotWith(b *testing.B, mt *metrics.Metrics) (url string, now time.Time) {
	b.Helper()
	ctx := context.Background()
	opt := testbot.Options{}
	client := &http.Client{Timeout: 30 * time.Second}
	if mt != nil {
		opt.Observe = func(h commands.Handled) {
			mt.ObserveCommand(string(h.Platform), h.Area, h.Verb, string(h.Outcome), h.Took)
		}
		client.Transport = mt.Transport("slack", slackadapter.APIMethod, nil)
	}
	r, db, cat := testbot.New(b, opt)
	if mt != nil {
		db.ObserveCommits(mt.ObserveCommit)
		mt.CollectOutbox(db)
	}
	fake := slackfake.New(b)
	now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	a, err := slackadapter.New(slackadapter.Config{BotToken: "xoxb-bench", SigningSecret: testSecret, APIURL: fake.GetAPIURL(),
		Handler: r, Catalog: cat, Now: func() time.Time { return now }, HTTPClient: client})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Routes(mux)
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	// A register to list, and every bench user known (users.info cached).
	for i := 0; i < 200; i++ {
		req := bot.Request{Platform: bot.Slack, Channel: "slack:T0JCA/C1", Person: bot.Person{ID: "slack:USEED"},
			Text: fmt.Sprintf(`activity add SG13 "Seed activity %d on network requirements"`, i), Time: now}
		if rep := r.Handle(ctx, req); rep.Refused {
			b.Fatal("seed refused")
		}
	}
	measure(b, srv.URL+"/slack/commands", 64, 64, now, func(int) string { return "activity list" })
	return srv.URL + "/slack/commands", now
}

// scrapeEverySecond reads url (a /metrics endpoint) every second, as a
// busy Prometheus would, until the returned stop is called.
func scrapeEverySecond(url string) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if resp, err := http.Get(url); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}
	}()
	return func() { close(done) }
}

// bareServer is a plain net/http handler on loopback that reads the body
// and answers a small JSON: what the machine can do without jcabot.
func bareServer(b *testing.B) string { return bareServerSized(b, 0) }

// bareServerSized answers a JSON of about size bytes: the bare handler
// shipping as many bytes as jcabot's answer, so the ratio measures
// jcabot's own work rather than the size of what it says.
func bareServerSized(b *testing.B, size int) string {
	body := `{"response_type":"ephemeral","text":"ok"}`
	if size > len(body) {
		body = `{"response_type":"ephemeral","text":"` + strings.Repeat("x", size-len(body)) + `"}`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	b.Cleanup(srv.Close)
	return srv.URL + "/slack/commands"
}

// answerSize is the size of jcabot's answer to one signed command.
func answerSize(b *testing.B, target string, now time.Time, line string) int {
	b.Helper()
	form := slackfake.Command("T0JCA", "C1", "UBENCH00", line, "http://127.0.0.1:9/unused")
	resp, err := http.DefaultClient.Do(slackfake.Signed(b, target, testSecret, now, "application/x-www-form-urlencoded", []byte(form.Encode())))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return len(body)
}

// BenchmarkSlackCommands: signed slash commands through the full HTTP path
// (verification, users.info cache, the router, the store, Block Kit) under
// 64 concurrent connections, against a bare handler measured in the same
// run. Goals: reads ≥ 50 % of the bare handler (x-of-bare ≥ 0.5), writes ≥
// 3× one writer's fsync-bound rate (x-of-1-writer ≥ 3), p99 far under
// Slack's 3 s.
//
// Everything runs at the garbage collector's pace `jcabot serve` sets
// (internal/gctune), the bare handler included; the reads are measured at
// Go's default pace too (the -gogc100 figures), for comparison.
func BenchmarkSlackCommands(b *testing.B) {
	const reads, writes, single = 4000, 1500, 150
	_, restore := gctune.Apply(os.Getenv)
	b.Cleanup(restore)
	b.Run("list-64conn", func(b *testing.B) {
		target, now := benchBot(b)
		bare := bareServer(b)
		size := answerSize(b, target, now, "activity list")
		sameSize := bareServerSized(b, size)
		list := func(int) string { return "activity list" }
		var gots, bases, sized, gots100, bases100 []testbot.LoadResult
		for i := 0; i < b.N; i++ {
			bases = append(bases, measure(b, bare, 64, reads, now, list))
			sized = append(sized, measure(b, sameSize, 64, reads, now, list))
			gots = append(gots, measure(b, target, 64, reads, now, list))
			old := debug.SetGCPercent(100)
			bases100 = append(bases100, measure(b, bare, 64, reads, now, list))
			gots100 = append(gots100, measure(b, target, 64, reads, now, list))
			debug.SetGCPercent(old)
		}
		got, base, same := testbot.MeanLoad(gots), testbot.MeanLoad(bases), testbot.MeanLoad(sized)
		b.ReportMetric(got.Rate, "cmds/s")
		b.ReportMetric(base.Rate, "bare-req/s")
		b.ReportMetric(got.Rate/base.Rate, "x-of-bare")
		b.ReportMetric(float64(size), "answer-bytes")
		b.ReportMetric(got.Rate/same.Rate, "x-of-bare-same-size")
		b.ReportMetric(float64(got.P50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(got.P99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(testbot.MeanLoad(gots100).Rate/testbot.MeanLoad(bases100).Rate, "x-of-bare-gogc100")
	})
	// The same reads with metrics on, as serve runs with
	// JCABOT_METRICS_ADDR (a scrape every second besides), against the
	// same bot with metrics off, in the same run. Goal: metrics-cost ≥ 0.95
	// (the ratio to the bare handler falls by at most 5 %).
	b.Run("list-64conn-metrics", func(b *testing.B) {
		off, now := benchBot(b)
		mt := metrics.New(metrics.Build{Version: "bench"}, nil)
		on, _ := benchBotWith(b, mt)
		scrapes := httptest.NewServer(mt.Handler())
		b.Cleanup(scrapes.Close)
		stop := scrapeEverySecond(scrapes.URL + "/metrics")
		defer stop()
		bare := bareServer(b)
		list := func(int) string { return "activity list" }
		var offs, ons, bases []testbot.LoadResult
		for i := 0; i < b.N; i++ {
			bases = append(bases, measure(b, bare, 64, reads, now, list))
			offs = append(offs, measure(b, off, 64, reads, now, list))
			ons = append(ons, measure(b, on, 64, reads, now, list))
		}
		got, plain, base := testbot.MeanLoad(ons), testbot.MeanLoad(offs), testbot.MeanLoad(bases)
		b.ReportMetric(got.Rate, "cmds/s")
		b.ReportMetric(got.Rate/base.Rate, "x-of-bare")
		b.ReportMetric(plain.Rate/base.Rate, "x-of-bare-metrics-off")
		b.ReportMetric(got.Rate/plain.Rate, "metrics-cost")
		b.ReportMetric(float64(got.P99.Microseconds())/1000, "p99-ms")
	})
	b.Run("add-64conn", func(b *testing.B) {
		target, now := benchBot(b)
		bare := bareServer(b)
		add := func(i int) string {
			return fmt.Sprintf(`activity add SG17 "Bench activity %d on quantum key distribution"`, i)
		}
		var gots, ones, bases []testbot.LoadResult
		for i := 0; i < b.N; i++ {
			bases = append(bases, measure(b, bare, 64, writes, now, add))
			ones = append(ones, measure(b, target, 1, single, now, add))
			gots = append(gots, measure(b, target, 64, writes, now, add))
		}
		got, one, base := testbot.MeanLoad(gots), testbot.MeanLoad(ones), testbot.MeanLoad(bases)
		b.ReportMetric(got.Rate, "cmds/s")
		b.ReportMetric(one.Rate, "cmds/s-1-writer")
		b.ReportMetric(got.Rate/one.Rate, "x-of-1-writer")
		b.ReportMetric(got.Rate/base.Rate, "x-of-bare")
		b.ReportMetric(float64(got.P50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(got.P99.Microseconds())/1000, "p99-ms")
	})
}
