package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jcabot/jcabot/adapters/mattermost"
	"github.com/jcabot/jcabot/internal/bot"
)

var _ chatAdapter = (*mattermost.Adapter)(nil)

// mattermostVars documents the variables of the Mattermost adapter, for
// errors and the README.
var mattermostVars = []struct{ Name, Meaning string }{
	{"MATTERMOST_URL", "the server's site URL (https://chat.example.org); Mattermost is served when it and MATTERMOST_TOKEN are set"},
	{"MATTERMOST_TOKEN", "the bot account's access token"},
	{"MATTERMOST_COMMAND_TOKENS", "the /jca slash command tokens accepted, comma-separated (jcabot mattermost-setup prints them)"},
	{"MATTERMOST_TEAM_IDS", "only these teams are served, comma-separated; others get 403"},
	{"JCABOT_ACTION_SECRET", "the HMAC key of button contexts (at least 16 characters); default: generated once and kept in the data file"},
}

// mattermostFactory builds the Mattermost adapter when MATTERMOST_URL and
// MATTERMOST_TOKEN are set.
func mattermostFactory() adapterFactory {
	return adapterFactory{name: "Mattermost", vars: []string{"MATTERMOST_URL and MATTERMOST_TOKEN"}, build: buildMattermost}
}

func buildMattermost(ctx context.Context, d serveDeps) (chatAdapter, bool, error) {
	cfg, ok, err := mattermostSettings(d.Getenv)
	if !ok || err != nil {
		return nil, ok, err
	}
	cfg.PublicURL = d.PublicURL
	if cfg.PublicURL == "" {
		return nil, true, errors.New("JCABOT_PUBLIC_URL is required to serve Mattermost: the URL the Mattermost server reaches the bot at (https://bot.example.org), for the slash command and the buttons")
	}
	if s := d.Getenv("JCABOT_ACTION_SECRET"); s != "" {
		cfg.ActionSecret = []byte(s)
	} else {
		if cfg.ActionSecret, err = d.Store.Secret(ctx, "mattermost-actions"); err != nil {
			return nil, true, fmt.Errorf("the button secret: %w", err)
		}
	}
	cfg.Lang = d.Lang
	deps := mattermost.Deps{Handler: d.Handler, Recorder: d.Recorder, Catalog: d.Catalog, Log: d.Log, Now: d.Now,
		Queue: d.queue, Waiting: d.waiting, Lang: d.personLang}
	if d.Updates != nil {
		deps.Updates = d.Updates
	}
	if d.Metrics != nil {
		c := mattermost.NewClient(cfg.URL, cfg.Token)
		c.HTTPClient.Transport = d.Metrics.Transport(string(bot.Mattermost), mattermost.APIRoute, nil)
		deps.Client = c
	}
	a, err := mattermost.New(cfg, deps)
	if err != nil {
		return nil, true, err
	}
	return a, true, nil
}

// mattermostSettings reads the MATTERMOST_* variables: ok is false when
// neither MATTERMOST_URL nor MATTERMOST_TOKEN is set (Mattermost is not
// served). A bad or missing value is an error naming its variable.
func mattermostSettings(getenv func(string) string) (cfg mattermost.Config, ok bool, err error) {
	cfg.URL = strings.TrimSpace(getenv("MATTERMOST_URL"))
	cfg.Token = strings.TrimSpace(getenv("MATTERMOST_TOKEN"))
	if cfg.URL == "" && cfg.Token == "" {
		for _, v := range []string{"MATTERMOST_COMMAND_TOKENS", "MATTERMOST_TEAM_IDS"} {
			if getenv(v) != "" {
				return cfg, false, fmt.Errorf("%s is set but MATTERMOST_URL and MATTERMOST_TOKEN are not: set both to serve Mattermost", v)
			}
		}
		return cfg, false, nil
	}
	switch {
	case cfg.URL == "":
		return cfg, true, errors.New("MATTERMOST_TOKEN is set but MATTERMOST_URL is not: set the server's site URL (https://chat.example.org)")
	case cfg.Token == "":
		return cfg, true, errors.New("MATTERMOST_URL is set but MATTERMOST_TOKEN is not: set the bot account's access token")
	case strings.ContainsAny(cfg.Token, " \t\r\n"):
		return cfg, true, errors.New("MATTERMOST_TOKEN contains spaces: copy the token alone")
	}
	cfg.CommandTokens = mattermostList(getenv("MATTERMOST_COMMAND_TOKENS"))
	if len(cfg.CommandTokens) == 0 {
		return cfg, true, errors.New("MATTERMOST_COMMAND_TOKENS is required to serve Mattermost: the /jca command's token, which `jcabot mattermost-setup --team NAME` prints")
	}
	for _, t := range cfg.CommandTokens {
		if strings.ContainsAny(t, " \t\r\n") {
			return cfg, true, errors.New("MATTERMOST_COMMAND_TOKENS: a token contains spaces; separate tokens with commas")
		}
	}
	cfg.TeamIDs = mattermostList(getenv("MATTERMOST_TEAM_IDS"))
	return cfg, true, nil
}

// mattermostList reads a comma-separated list, without blanks.
func mattermostList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
