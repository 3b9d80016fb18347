package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/adapters/slack/slackfake"
	"github.com/jcabot/jcabot/internal/metrics/metricstest"
)

// freeAddr is a loopback address nobody listens on, for a server the test
// starts by its configuration.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitReady polls url until it answers 200, for at most 10 s.
func waitReady(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never became ready (last: %v)", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// `jcabot serve` with JCABOT_METRICS_ADDR: after a few signed commands the
// scrape shows the counters moving (commands by area, verb and outcome,
// latency per platform, Slack API calls, store commits, the outbox, build
// info), the profiles are on the metrics listener, and the chat port serves
// neither.
func TestServeMetricsAfterAFewCommands(t *testing.T) {
	fake := slackfake.New(t)
	chatAddr, metricsAddr := freeAddr(t), freeAddr(t)
	m, _, errOut := testMain(t.TempDir(), nil, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1-test", "SLACK_SIGNING_SECRET": e2eSecret, "SLACK_API_URL": fake.GetAPIURL(),
		"JCABOT_ADDR": chatAddr, "JCABOT_METRICS_ADDR": metricsAddr, "JCABOT_CHAIRS": "slack:UCHAIR",
	})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	t.Cleanup(func() {
		stop()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exit %d: %s", code, errOut)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	})
	chat, metricsURL := "http://"+chatAddr, "http://"+metricsAddr
	waitReady(t, chat+"/readyz")

	send := func(user, line string) string {
		form := slackfake.Command("T0JCA", "C1", user, line, fake.ResponseURL("r"))
		resp, err := http.DefaultClient.Do(slackfake.Signed(t, chat+"/slack/commands", e2eSecret, time.Now(),
			"application/x-www-form-urlencoded", []byte(form.Encode())))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	fake.RateLimit("chat.postMessage", 1, 1)
	for _, c := range []struct{ user, line, want string }{
		{"UCHAIR", `activity add SG13 "Network requirements for IMT-2030"`, "A-1"},
		{"UALICE", `activity add SG17 "Quantum key distribution security"`, "A-2"},
		{"UALICE", `activty list`, "activity"},
		{"UALICE", `activity show A-99`, "A-99"},
		{"UCHAIR", `poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30"`, "P-1"},
	} {
		if body := send(c.user, c.line); !strings.Contains(body, c.want) {
			t.Fatalf("%s: %s", c.line, body)
		}
	}

	// The poll's post, refused with 429, is queued; the outbox's next pass
	// (every 5 s) posts it. Scrape until the metrics have seen it.
	var e metricstest.Exposition
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		e = metricstest.Scrape(t, metricsURL+"/metrics")
		if v, ok := e.Value("jcabot_chat_api_calls_total", "method", "chat.postMessage", "status", "200"); (ok && v >= 1) || time.Now().After(deadline) {
			break
		}
	}
	for _, line := range strings.Split(string(e), "\n") {
		if strings.HasPrefix(line, "jcabot_") && !strings.Contains(line, "_bucket") {
			t.Log(line)
		}
	}
	for _, c := range []struct {
		name    string
		labels  []string
		atLeast float64
	}{
		{"jcabot_commands_total", []string{"area", "activity", "verb", "add", "outcome", "done"}, 2},
		{"jcabot_commands_total", []string{"area", "unknown", "outcome", "refused"}, 1},
		{"jcabot_commands_total", []string{"area", "activity", "verb", "show", "outcome", "refused"}, 1},
		{"jcabot_command_duration_seconds_count", []string{"platform", "slack"}, 5},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "auth.test", "status", "200"}, 1},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "users.info", "status", "200"}, 2},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "chat.postMessage", "status", "429"}, 1},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "chat.postMessage", "status", "200"}, 1},
		{"jcabot_store_commit_duration_seconds_count", nil, 2},
		{"jcabot_outbox_readable", nil, 1},
		{"jcabot_outbox_entries", []string{"status", "due"}, 0},
		{"jcabot_scheduler_tick_lag_seconds_count", nil, 0},
		{"jcabot_build_info", nil, 1},
		{"process_resident_memory_bytes", nil, 1},
	} {
		if got, ok := e.Value(c.name, c.labels...); !ok || got < c.atLeast {
			t.Errorf("%s%v = %v (present %v), want at least %v", c.name, c.labels, got, ok, c.atLeast)
		}
	}
	if strings.Contains(string(e), "Network requirements") || strings.Contains(string(e), "UALICE") {
		t.Error("the metrics show what people typed or who they are")
	}

	get := func(url string) int {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/goroutine", "/debug/pprof/cmdline"} {
		if code := get(chat + path); code != http.StatusNotFound {
			t.Errorf("the chat port answers %s with %d", path, code)
		}
	}
	if code := get(metricsURL + "/debug/pprof/goroutine?debug=1"); code != http.StatusOK {
		t.Errorf("profiles on the metrics listener: %d", code)
	}
}

// Metrics are off by default, and never on the chat port's address.
func TestServeMetricsAddress(t *testing.T) {
	addr := freeAddr(t)
	m, _, errOut := testMain(t.TempDir(), nil, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1-test", "SLACK_SIGNING_SECRET": e2eSecret,
		"JCABOT_ADDR": addr, "JCABOT_METRICS_ADDR": addr,
	})
	if code := m.Run(context.Background(), []string{"serve"}); code != exitUsage || !strings.Contains(errOut.String(), "must differ from JCABOT_ADDR") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if mt := (&Main{Getenv: func(string) string { return "" }}).newMetrics(); mt != nil {
		t.Fatal("metrics on without JCABOT_METRICS_ADDR")
	}
}
