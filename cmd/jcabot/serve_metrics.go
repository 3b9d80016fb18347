package main

import (
	"net/http"
	"time"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/metrics"
	"github.com/jcabot/jcabot/internal/schedule"
)

// metricsLimits bound the metrics listener's connections like the chat
// port's, except the write: a CPU profile streams for its ?seconds= (30 s
// by default), so an answer may take up to two minutes.
var metricsLimits = func() edgeLimits {
	l := serveLimits
	l.Write = 2 * time.Minute
	return l
}()

// newMetrics returns jcabot's metrics when JCABOT_METRICS_ADDR is set, nil
// otherwise (metrics are off by default).
func (m *Main) newMetrics() *metrics.Metrics {
	if m.Getenv("JCABOT_METRICS_ADDR") == "" {
		return nil
	}
	v, commit := buildStamp()
	return metrics.New(metrics.Build{Version: v, Revision: commit}, m.Now)
}

// observeCommands reports the router's requests to mt.
func observeCommands(mt *metrics.Metrics) func(commands.Handled) {
	return func(h commands.Handled) {
		mt.ObserveCommand(string(h.Platform), h.Area, h.Verb, string(h.Outcome), h.Took)
	}
}

// watchServe has mt observe the store and the scheduler of a serving bot.
func watchServe(mt *metrics.Metrics, db dataStore, runner *schedule.Runner) {
	mt.CollectOutbox(db)
	db.ObserveCommits(mt.ObserveCommit)
	runner.Observe = mt.ObserveTick
}

// metricsServer serves mt's handler within metricsLimits.
func metricsServer(mt *metrics.Metrics) *http.Server {
	return edgeServer(mt.Handler(), metricsLimits)
}
