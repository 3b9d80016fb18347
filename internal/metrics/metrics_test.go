package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/metrics/metricstest"
	"github.com/jcabot/jcabot/internal/outbox"
)

func scrape(t *testing.T, m *Metrics) metricstest.Exposition {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	return metricstest.Scrape(t, srv.URL+"/metrics")
}

type fakeOutbox struct {
	s   outbox.Summary
	err error
}

func (f fakeOutbox) OutboxSummary(context.Context) (outbox.Summary, error) { return f.s, f.err }

// Every metric the README lists moves when the bot reports to it.
func TestMetricsMoveWithTheWork(t *testing.T) {
	now := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	m := New(Build{Version: "v1.2.3", Revision: "abc123"}, func() time.Time { return now })
	m.CollectOutbox(fakeOutbox{s: outbox.Summary{ByStatus: map[outbox.Status]int{outbox.Due: 2, outbox.Delivered: 7},
		OldestDue: now.Add(-90 * time.Second)}})

	m.ObserveCommand("slack", "activity", "add", "done", 3*time.Millisecond)
	m.ObserveCommand("slack", "activity", "add", "done", 4*time.Millisecond)
	m.ObserveCommand("mattermost", "poll", "vote", "refused", time.Millisecond)
	m.ObserveTick("tick", 1500*time.Millisecond, 20*time.Millisecond, nil)
	m.ObserveTick("deliver", 0, time.Millisecond, errors.New("store closed"))
	m.ObserveCommit(2*time.Millisecond, 3)

	calls := 0
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	client := &http.Client{Transport: m.Transport("slack", func(r *http.Request) string { return "chat.postMessage" }, nil)}
	for range 2 {
		resp, err := client.Post(api.URL+"/api/chat.postMessage", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	api.Close()
	if _, err := client.Get(api.URL + "/api/chat.postMessage"); err == nil {
		t.Fatal("a closed server answered")
	}

	body := scrape(t, m)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"jcabot_commands_total", []string{"area", "activity", "verb", "add", "outcome", "done"}, 2},
		{"jcabot_commands_total", []string{"area", "poll", "verb", "vote", "outcome", "refused"}, 1},
		{"jcabot_command_duration_seconds_count", []string{"platform", "slack"}, 2},
		{"jcabot_command_duration_seconds_count", []string{"platform", "mattermost"}, 1},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "chat.postMessage", "status", "429"}, 1},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "chat.postMessage", "status", "200"}, 1},
		{"jcabot_chat_api_calls_total", []string{"platform", "slack", "method", "chat.postMessage", "status", "error"}, 1},
		{"jcabot_scheduler_passes_total", []string{"job", "tick", "outcome", "done"}, 1},
		{"jcabot_scheduler_passes_total", []string{"job", "deliver", "outcome", "failed"}, 1},
		{"jcabot_scheduler_tick_lag_seconds_sum", nil, 1.5},
		{"jcabot_store_commit_duration_seconds_count", nil, 1},
		{"jcabot_store_commit_writes_sum", nil, 3},
		{"jcabot_outbox_entries", []string{"status", "due"}, 2},
		{"jcabot_outbox_entries", []string{"status", "delivered"}, 7},
		{"jcabot_outbox_entries", []string{"status", "failed"}, 0},
		{"jcabot_outbox_oldest_due_age_seconds", nil, 90},
		{"jcabot_outbox_readable", nil, 1},
		{"jcabot_build_info", []string{"version", "v1.2.3", "revision", "abc123"}, 1},
	} {
		got, ok := body.Value(c.name, c.labels...)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if _, ok := body.Value("go_goroutines"); !ok {
		t.Error("no Go runtime metrics")
	}
}

// An unreadable outbox says so rather than reporting zeros as if empty.
func TestUnreadableOutbox(t *testing.T) {
	m := New(Build{Version: "devel"}, nil)
	m.CollectOutbox(fakeOutbox{err: errors.New("disk gone")})
	body := scrape(t, m)
	if v, ok := body.Value("jcabot_outbox_readable"); !ok || v != 0 {
		t.Fatalf("readable = %v %v", v, ok)
	}
	if _, ok := body.Value("jcabot_outbox_entries"); ok {
		t.Fatal("entries reported from an unreadable outbox")
	}
}

// The profiles are served beside the metrics.
func TestProfilesAreServed(t *testing.T) {
	srv := httptest.NewServer(New(Build{}, nil).Handler())
	defer srv.Close()
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/cmdline"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
}
