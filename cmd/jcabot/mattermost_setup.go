package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jcabot/jcabot/adapters/mattermost"
	"github.com/jcabot/jcabot/internal/i18n"
)

// mattermostSetup creates the /jca slash command in a team (or finds the
// one there) and prints its token for MATTERMOST_COMMAND_TOKENS. It needs
// MATTERMOST_URL and a system or team admin's personal access token in
// MATTERMOST_ADMIN_TOKEN: bot accounts cannot own slash commands.
func (m *Main) mattermostSetup(ctx context.Context, args []string) int {
	fs := m.newFlagSet("mattermost-setup", "jcabot mattermost-setup --team NAME [--url URL]")
	team := fs.String("team", "", "the team's name, as in its URL (https://chat.example.org/NAME)")
	pub := fs.String("url", m.Getenv("JCABOT_PUBLIC_URL"), "the bot's public base URL (default JCABOT_PUBLIC_URL)")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "%s: unexpected %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	site := strings.TrimSpace(m.Getenv("MATTERMOST_URL"))
	admin := strings.TrimSpace(m.Getenv("MATTERMOST_ADMIN_TOKEN"))
	switch {
	case *team == "":
		fmt.Fprintln(m.Stderr, "jcabot mattermost-setup: give the team, e.g. jcabot mattermost-setup --team itu-t")
		return exitUsage
	case *pub == "":
		fmt.Fprintln(m.Stderr, "jcabot mattermost-setup: give the bot's public URL with --url https://bot.example.org, or set JCABOT_PUBLIC_URL")
		return exitUsage
	case site == "":
		fmt.Fprintln(m.Stderr, "jcabot mattermost-setup: set MATTERMOST_URL to the server's site URL (https://chat.example.org)")
		return exitUsage
	case admin == "":
		fmt.Fprintln(m.Stderr, "jcabot mattermost-setup: set MATTERMOST_ADMIN_TOKEN to a system or team admin's personal access token (not the bot's: bots cannot own slash commands)")
		return exitUsage
	}
	lang := m.cfg.Lang
	cat, err := i18n.Default()
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := mattermost.Setup(ctx, mattermost.NewClient(site, admin), mattermost.SetupOptions{
		Team: *team, PublicURL: *pub,
		DisplayName: cat.String(lang, "mattermost.command.name"),
		Description: cat.String(lang, "mattermost.command.description"),
		Hint:        cat.String(lang, "mattermost.command.hint"),
	})
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot mattermost-setup: %v\n", err)
		return exitRefused
	}
	c := res.Command
	switch {
	case res.Created:
		fmt.Fprintf(m.Stdout, "Created /%s in team %s, posting to %s.\n", c.Trigger, *team, c.URL)
	case res.Updated:
		fmt.Fprintf(m.Stdout, "/%s already existed in team %s; it now posts to %s (same token).\n", c.Trigger, *team, c.URL)
	default:
		fmt.Fprintf(m.Stdout, "/%s already exists in team %s and posts to %s; nothing changed.\n", c.Trigger, *team, c.URL)
	}
	fmt.Fprintf(m.Stdout, "Its token: %s\nAdd it to MATTERMOST_COMMAND_TOKENS (comma-separated, one per team), and the team id %s to MATTERMOST_TEAM_IDS if you restrict teams.\n", c.Token, res.TeamID)
	return exitOK
}
