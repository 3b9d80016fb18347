package mattermost

import (
	"context"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"
)

func TestSetupTwiceCreatesOneCommand(t *testing.T) {
	mm := mattermosttest.NewServer()
	defer mm.Close()
	team := mm.AddTeam("itu")
	ctx := context.Background()
	admin := mm.Client(mm.AdminToken)
	o := SetupOptions{Team: "itu", PublicURL: "https://bot.example.org/", DisplayName: "JCA bot",
		Description: "JCA coordination", Hint: "help | poll"}

	first, err := Setup(ctx, admin, o)
	if err != nil {
		t.Fatal(err)
	}
	c := first.Command
	if !first.Created || first.TeamID != team.Id || c.Token == "" || c.Trigger != "jca" || c.Method != model.CommandMethodPost ||
		c.URL != "https://bot.example.org/mattermost/commands" || !c.AutoComplete || c.AutoCompleteHint != "help | poll" {
		t.Fatalf("first run: %+v %+v", first, c)
	}
	second, err := Setup(ctx, admin, o)
	if err != nil {
		t.Fatal(err)
	}
	if second.Created || second.Updated || second.Command.Token != c.Token {
		t.Fatalf("second run: %+v", second)
	}
	if n := len(mm.Calls("POST /commands")); n != 1 || len(mm.Commands()) != 1 {
		t.Fatalf("%d commands created, want 1", n)
	}

	// The bot moved: the same command is pointed at the new URL, same token.
	o.PublicURL = "https://jca.example.org"
	moved, err := Setup(ctx, admin, o)
	if err != nil || !moved.Updated || moved.Command.Token != c.Token || moved.Command.URL != "https://jca.example.org/mattermost/commands" {
		t.Fatalf("moved: %+v %v", moved, err)
	}
	if len(mm.Commands()) != 1 {
		t.Fatal("a second command was created")
	}

	// The bot's own token cannot own commands; an unknown team is named.
	if _, err := Setup(ctx, mm.Client(mm.BotToken), o); err == nil || !strings.Contains(err.Error(), "system or team admin") {
		t.Fatalf("bot token: %v", err)
	}
	o.Team = "nosuchteam"
	if _, err := Setup(ctx, admin, o); err == nil || !strings.Contains(err.Error(), "find team nosuchteam: not found") {
		t.Fatalf("unknown team: %v", err)
	}
	if _, err := Setup(ctx, admin, SetupOptions{Team: "itu", PublicURL: "ftp://x"}); err == nil {
		t.Fatal("a bad URL was accepted")
	}
}
