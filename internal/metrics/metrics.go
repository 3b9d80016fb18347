// Package metrics is what an operator can see inside a running jcabot:
// Prometheus metrics (github.com/prometheus/client_golang) and Go's
// profiles (net/http/pprof), served together by Handler on a listener of
// their own, never on the chat-facing port.
//
// The package owns the metric names and their labels; the rest of the bot
// reports through plain functions (ObserveCommand, ObserveTick,
// ObserveCommit, Transport), so nothing else imports Prometheus. Every
// label value comes from a bounded set the bot itself defines (areas,
// verbs, outcomes, platforms, API methods): never from what a person typed.
package metrics

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/jcabot/jcabot/internal/outbox"
)

// Build describes the running binary, for jcabot_build_info.
type Build struct {
	Version  string // the release, or "devel"
	Revision string // the VCS commit, "" when unknown
}

// OutboxSource summarises the outbox at scrape time.
type OutboxSource interface {
	OutboxSummary(ctx context.Context) (outbox.Summary, error)
}

// Metrics holds jcabot's metrics in a registry of its own (not the
// process-wide default, so tests and two bots in one process never mix).
type Metrics struct {
	reg *prometheus.Registry
	now func() time.Time

	commands       *prometheus.CounterVec
	commandSeconds *prometheus.HistogramVec
	apiCalls       *prometheus.CounterVec
	apiSeconds     *prometheus.HistogramVec
	ticks          *prometheus.CounterVec
	tickLag        prometheus.Histogram
	passSeconds    *prometheus.HistogramVec
	commitSeconds  prometheus.Histogram
	commitWrites   prometheus.Histogram
}

// latencyBuckets span a cached read (a fraction of a millisecond) to
// Slack's 3 s deadline and beyond.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New registers every metric; now is the clock of the outbox's ages
// (time.Now if nil).
func New(b Build, now func() time.Time) *Metrics {
	if now == nil {
		now = time.Now
	}
	m := &Metrics{reg: prometheus.NewRegistry(), now: now}
	m.commands = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jcabot_commands_total",
		Help: "Commands and clicks handled, by area, verb and outcome (done, refused, failed).",
	}, []string{"area", "verb", "outcome"})
	m.commandSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "jcabot_command_duration_seconds",
		Help:    "Time to answer a command or click, from the router's start to its reply, by platform.",
		Buckets: latencyBuckets,
	}, []string{"platform"})
	m.apiCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jcabot_chat_api_calls_total",
		Help: "Calls to a chat platform's API, by platform, method and HTTP status (\"error\" when no answer came).",
	}, []string{"platform", "method", "status"})
	m.apiSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "jcabot_chat_api_call_duration_seconds",
		Help:    "Time a chat platform's API took to answer, by platform.",
		Buckets: latencyBuckets,
	}, []string{"platform"})
	m.ticks = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jcabot_scheduler_passes_total",
		Help: "Scheduler passes, by job (tick: the minute's due work; deliver: the outbox) and outcome (done, failed).",
	}, []string{"job", "outcome"})
	m.tickLag = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "jcabot_scheduler_tick_lag_seconds",
		Help:    "How late the minute tick started after the minute it runs for.",
		Buckets: []float64{.001, .01, .1, .5, 1, 5, 15, 30, 60},
	})
	m.passSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "jcabot_scheduler_pass_duration_seconds",
		Help:    "Time a scheduler pass took, by job.",
		Buckets: latencyBuckets,
	}, []string{"job"})
	m.commitSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "jcabot_store_commit_duration_seconds",
		Help:    "Time a store transaction took to commit, fsync included.",
		Buckets: latencyBuckets,
	})
	m.commitWrites = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "jcabot_store_commit_writes",
		Help:    "Writes that shared one store transaction (group commit).",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 1000},
	})
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "jcabot_build_info",
		Help:        "Always 1; the labels say which jcabot is running.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision},
	})
	info.Set(1)
	m.reg.MustRegister(m.commands, m.commandSeconds, m.apiCalls, m.apiSeconds, m.ticks, m.tickLag,
		m.passSeconds, m.commitSeconds, m.commitWrites, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector())
	return m
}

// CollectOutbox has every scrape read the outbox's summary from out (call
// it once).
func (m *Metrics) CollectOutbox(out OutboxSource) {
	m.reg.MustRegister(&outboxCollector{src: out, now: m.now})
}

// ObserveCommand counts one handled command or click and its latency.
func (m *Metrics) ObserveCommand(platform, area, verb, outcome string, took time.Duration) {
	m.commands.WithLabelValues(area, verb, outcome).Inc()
	m.commandSeconds.WithLabelValues(platform).Observe(took.Seconds())
}

// ObserveTick counts one scheduler pass. lag is how late a minute tick
// started (ignored for other jobs).
func (m *Metrics) ObserveTick(job string, lag, took time.Duration, err error) {
	outcome := "done"
	if err != nil {
		outcome = "failed"
	}
	m.ticks.WithLabelValues(job, outcome).Inc()
	m.passSeconds.WithLabelValues(job).Observe(took.Seconds())
	if job == "tick" {
		m.tickLag.Observe(lag.Seconds())
	}
}

// ObserveCommit records one store transaction of writes writes.
func (m *Metrics) ObserveCommit(took time.Duration, writes int) {
	m.commitSeconds.Observe(took.Seconds())
	m.commitWrites.Observe(float64(writes))
}

// Transport counts every call made through base (http.DefaultTransport
// when nil) as a call to platform's API; method names the call from its
// request ("chat.postMessage", "POST /api/v4/posts") and must return a
// bounded set of names.
func (m *Metrics) Transport(platform string, method func(*http.Request) string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &countingTransport{m: m, platform: platform, method: method, base: base}
}

type countingTransport struct {
	m        *Metrics
	platform string
	method   func(*http.Request) string
	base     http.RoundTripper
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
	}
	t.m.apiCalls.WithLabelValues(t.platform, t.method(r), status).Inc()
	t.m.apiSeconds.WithLabelValues(t.platform).Observe(time.Since(start).Seconds())
	return resp, err
}

// Handler serves /metrics and Go's profiles under /debug/pprof/. Mount it
// only on the metrics listener: profiles show the program's memory.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// outboxCollector reads the outbox's summary at each scrape, so the
// figures are the store's, whichever process wrote the entries.
type outboxCollector struct {
	src OutboxSource
	now func() time.Time
}

var (
	outboxEntriesDesc = prometheus.NewDesc("jcabot_outbox_entries",
		"Outbox entries by status (due, delivered, failed, dropped).", []string{"status"}, nil)
	outboxOldestDesc = prometheus.NewDesc("jcabot_outbox_oldest_due_age_seconds",
		"Age of the oldest entry still waiting for delivery; 0 when none waits.", nil, nil)
	outboxUpDesc = prometheus.NewDesc("jcabot_outbox_readable",
		"1 when the outbox could be read at this scrape, 0 when not.", nil, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxEntriesDesc
	ch <- outboxOldestDesc
	ch <- outboxUpDesc
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.src.OutboxSummary(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUpDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxUpDesc, prometheus.GaugeValue, 1)
	for _, st := range []outbox.Status{outbox.Due, outbox.Delivered, outbox.Failed, outbox.Dropped} {
		ch <- prometheus.MustNewConstMetric(outboxEntriesDesc, prometheus.GaugeValue, float64(s.ByStatus[st]), string(st))
	}
	age := 0.0
	if !s.OldestDue.IsZero() {
		age = max(0, c.now().Sub(s.OldestDue).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(outboxOldestDesc, prometheus.GaugeValue, age)
}
