package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// slackScopes are the bot scopes jcabot needs, and why.
var slackScopes = []string{
	"commands",          // the /jca command
	"chat:write",        // post polls, announcements, digests; update them
	"chat:write.public", // post in public channels without being invited
	"users:read",        // a person's display name and time zone
	"files:write",       // reports and .ics files
	"app_mentions:read", // answer @jcabot with the help
}

// slackManifest prints a Slack app manifest (YAML) for jcabot: the /jca
// command, interactivity, the app_mention event and the bot scopes; with
// --socket-mode, Socket Mode on and no request URLs.
func (m *Main) slackManifest(args []string) int {
	fs := m.newFlagSet("slack-manifest", "jcabot slack-manifest [--url URL] [--socket-mode]")
	base := fs.String("url", "", "the bot's public base URL (default JCABOT_PUBLIC_URL)")
	socket := fs.Bool("socket-mode", false, "receive commands over Socket Mode: no public URL needed")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "%s: unexpected %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *base == "" {
		*base = m.Getenv("JCABOT_PUBLIC_URL")
	}
	var root string
	if !*socket {
		if *base == "" {
			fmt.Fprintln(m.Stderr, "jcabot slack-manifest: give the bot's public URL, e.g. --url https://bot.example.org (or set JCABOT_PUBLIC_URL), or use --socket-mode")
			return exitUsage
		}
		u, err := url.Parse(strings.TrimSpace(*base))
		if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			fmt.Fprintf(m.Stderr, "jcabot slack-manifest: %q is not an https URL such as https://bot.example.org (Slack only calls https)\n", *base)
			return exitUsage
		}
		root = strings.TrimRight(u.String(), "/")
	}
	jcaName := "JCA"
	if m.cfg != nil && m.cfg.Vocabulary != nil && m.cfg.Vocabulary.JCA != "" {
		jcaName = m.cfg.Vocabulary.JCA
	}
	fmt.Fprint(m.Stdout, slackManifestYAML(jcaName, root))
	return exitOK
}

// slackManifestYAML writes the manifest; root is "" for Socket Mode.
func slackManifestYAML(jcaName, root string) string {
	var b strings.Builder
	w := func(indent int, s string) { b.WriteString(strings.Repeat("  ", indent) + s + "\n") }
	q := strconv.Quote // a Go quoted string is a valid YAML double-quoted scalar for this text
	w(0, "_metadata:")
	w(1, "major_version: 1")
	w(1, "minor_version: 1")
	w(0, "display_information:")
	w(1, "name: jcabot")
	w(1, "description: "+q(clip("Coordination bot for "+jcaName+": activities, proposals, liaisons, polls and meetings.", 140)))
	w(1, `background_color: "#1d3557"`)
	w(0, "features:")
	w(1, "bot_user:")
	w(2, "display_name: jcabot")
	w(2, "always_online: true")
	w(1, "slash_commands:")
	w(2, "- command: /jca")
	if root != "" {
		w(3, "url: "+q(root+"/slack/commands"))
	}
	w(3, "description: "+q(clip("Work with "+jcaName+": activities, topics, joint groups, members, polls, meetings", 2000)))
	w(3, "usage_hint: "+q(`help | activity list | poll new "Title" --slot "2032-03-26 14:00"`))
	w(3, "should_escape: true")
	w(0, "oauth_config:")
	w(1, "scopes:")
	w(2, "bot:")
	for _, s := range slackScopes {
		w(3, "- "+s)
	}
	w(0, "settings:")
	w(1, "event_subscriptions:")
	if root != "" {
		w(2, "request_url: "+q(root+"/slack/events"))
	}
	w(2, "bot_events:")
	w(3, "- app_mention")
	w(1, "interactivity:")
	w(2, "is_enabled: true")
	if root != "" {
		w(2, "request_url: "+q(root+"/slack/interactions"))
	}
	w(1, "org_deploy_enabled: false")
	w(1, "socket_mode_enabled: "+strconv.FormatBool(root == ""))
	w(1, "token_rotation_enabled: false")
	return b.String()
}

// clip cuts s to n runes.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
