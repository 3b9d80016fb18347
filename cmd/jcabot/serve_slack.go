package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	slackadapter "github.com/jcabot/jcabot/adapters/slack"
	"github.com/jcabot/jcabot/internal/bot"
)

var _ chatAdapter = (*slackadapter.Adapter)(nil)

// slackVars documents the variables of the Slack adapter, for errors and
// the README.
var slackVars = []struct{ Name, Meaning string }{
	{"SLACK_BOT_TOKEN", "the bot token (xoxb-...); Slack is served when it is set"},
	{"SLACK_SIGNING_SECRET", "the app's signing secret, to verify every HTTP request; required unless Socket Mode"},
	{"SLACK_APP_TOKEN", "an app-level token (xapp-...) with connections:write: Socket Mode instead of public HTTP endpoints"},
	{"SLACK_API_URL", "the Web API base URL (tests, proxies); default https://slack.com/api/"},
	{"SLACK_TEAM_IDS", "only these workspaces are served, comma-separated (T0123ABCD,...); others get 403"},
}

// slackFactory builds the Slack adapter when SLACK_BOT_TOKEN is set.
func slackFactory() adapterFactory {
	return adapterFactory{name: "Slack", vars: []string{"SLACK_BOT_TOKEN"}, build: buildSlack}
}

func buildSlack(ctx context.Context, d serveDeps) (chatAdapter, bool, error) {
	cfg, ok, err := slackSettings(d.Getenv)
	if !ok || err != nil {
		return nil, ok, err
	}
	cfg.Catalog, cfg.DefaultLang = d.Catalog, d.Lang
	cfg.Handler, cfg.Recorder = d.Handler, d.Recorder
	if d.Updates != nil {
		cfg.Updates = d.Updates
	}
	cfg.Enqueue, cfg.Waiting, cfg.Lang = d.queue, d.waiting, d.personLang
	cfg.Log, cfg.Now = d.Log, d.Now
	if d.Metrics != nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second,
			Transport: d.Metrics.Transport(string(bot.Slack), slackadapter.APIMethod, nil)}
	}
	a, err := slackadapter.New(cfg)
	if err != nil {
		return nil, true, err
	}
	return a, true, nil
}

var teamIDRE = regexp.MustCompile(`^[TE][A-Z0-9]{2,}$`)

// slackSettings reads the SLACK_* variables: ok is false when
// SLACK_BOT_TOKEN is not set (Slack is not served). A bad value is an
// error naming its variable.
func slackSettings(getenv func(string) string) (cfg slackadapter.Config, ok bool, err error) {
	cfg = slackadapter.Config{
		BotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		APIURL:        strings.TrimSpace(getenv("SLACK_API_URL")),
	}
	if cfg.BotToken == "" {
		for _, v := range slackVars[1:] {
			if getenv(v.Name) != "" {
				return cfg, false, fmt.Errorf("%s is set but SLACK_BOT_TOKEN is not: set the bot token (xoxb-...) to serve Slack", v.Name)
			}
		}
		return cfg, false, nil
	}
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return cfg, true, errors.New("SLACK_BOT_TOKEN must be the bot user OAuth token, starting with xoxb-")
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		return cfg, true, errors.New("SLACK_APP_TOKEN must be an app-level token, starting with xapp- (or unset, to serve HTTP)")
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		return cfg, true, errors.New("SLACK_SIGNING_SECRET is required to serve Slack over HTTP (Basic Information → Signing Secret), unless SLACK_APP_TOKEN turns Socket Mode on")
	}
	if strings.ContainsAny(cfg.SigningSecret, " \t\r\n") {
		return cfg, true, errors.New("SLACK_SIGNING_SECRET contains spaces: copy the secret alone")
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, true, fmt.Errorf("SLACK_API_URL=%q is not an http(s) URL such as https://slack.com/api/", cfg.APIURL)
		}
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
	}
	for _, t := range strings.Split(getenv("SLACK_TEAM_IDS"), ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !teamIDRE.MatchString(t) {
			return cfg, true, fmt.Errorf("SLACK_TEAM_IDS: %q is not a workspace id such as T0123ABCD", t)
		}
		cfg.TeamIDs = append(cfg.TeamIDs, t)
	}
	return cfg, true, nil
}
