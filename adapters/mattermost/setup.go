package mattermost

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
)

// Trigger is the slash command's trigger word: /jca.
const Trigger = "jca"

// SetupAPI is the part of model.Client4 that Setup uses, with a system or
// team admin's token (bot accounts cannot own slash commands).
type SetupAPI interface {
	GetTeamByName(ctx context.Context, name, etag string) (*model.Team, *model.Response, error)
	ListCommands(ctx context.Context, teamID string, customOnly bool) ([]*model.Command, *model.Response, error)
	CreateCommand(ctx context.Context, cmd *model.Command) (*model.Command, *model.Response, error)
	UpdateCommand(ctx context.Context, cmd *model.Command) (*model.Command, *model.Response, error)
}

var _ SetupAPI = (*model.Client4)(nil)

// SetupOptions describe the /jca command to create.
type SetupOptions struct {
	Team      string // the team's name, as in its URL
	PublicURL string // the bot's base URL: the command posts to PublicURL + CommandsPath
	// DisplayName, Description and Hint are shown in Mattermost's
	// autocomplete (from the catalog).
	DisplayName, Description, Hint string
}

// SetupResult is the command as it stands on the server.
type SetupResult struct {
	TeamID  string
	Command *model.Command
	Created bool // it did not exist
	Updated bool // it existed with another URL or method, now fixed
}

// Setup creates the /jca slash command in a team, or finds the one that
// exists (so running it twice creates one command), pointing it at the
// bot's URL with method P and autocomplete. The result's Command.Token goes
// in MATTERMOST_COMMAND_TOKENS.
func Setup(ctx context.Context, api SetupAPI, o SetupOptions) (SetupResult, error) {
	if strings.TrimSpace(o.Team) == "" {
		return SetupResult{}, errors.New("the team's name is required (as in its URL: https://chat.example.org/<team>)")
	}
	if err := checkURL(o.PublicURL); err != nil {
		return SetupResult{}, fmt.Errorf("the bot's public URL: %w", err)
	}
	url := strings.TrimRight(o.PublicURL, "/") + CommandsPath
	team, resp, err := api.GetTeamByName(ctx, o.Team, "")
	if err != nil {
		return SetupResult{}, setupError("find team "+o.Team, resp, err)
	}
	cmds, resp, err := api.ListCommands(ctx, team.Id, true)
	if err != nil {
		return SetupResult{}, setupError("list the team's slash commands", resp, err)
	}
	for _, c := range cmds {
		if c.Trigger != Trigger || c.DeleteAt != 0 {
			continue
		}
		if c.URL == url && c.Method == model.CommandMethodPost {
			return SetupResult{TeamID: team.Id, Command: c}, nil
		}
		c.URL, c.Method = url, model.CommandMethodPost
		up, resp, err := api.UpdateCommand(ctx, c)
		if err != nil {
			return SetupResult{}, setupError("update the /"+Trigger+" command", resp, err)
		}
		return SetupResult{TeamID: team.Id, Command: up, Updated: true}, nil
	}
	cmd := &model.Command{
		TeamId:           team.Id,
		Trigger:          Trigger,
		Method:           model.CommandMethodPost,
		URL:              url,
		DisplayName:      o.DisplayName,
		Description:      o.Description,
		AutoComplete:     true,
		AutoCompleteDesc: o.Description,
		AutoCompleteHint: o.Hint,
	}
	created, resp, err := api.CreateCommand(ctx, cmd)
	if err != nil {
		return SetupResult{}, setupError("create the /"+Trigger+" command", resp, err)
	}
	return SetupResult{TeamID: team.Id, Command: created, Created: true}, nil
}

// setupError explains a refusal to an administrator.
func setupError(what string, resp *model.Response, err error) error {
	var ae *model.AppError
	msg := ""
	if errors.As(err, &ae) && ae.Message != "" {
		msg = ": " + ae.Message
	}
	switch {
	case resp == nil || resp.StatusCode == 0:
		return fmt.Errorf("%s: the server did not answer (is MATTERMOST_URL right?)", what)
	case resp.StatusCode == 401:
		return fmt.Errorf("%s: the token was refused (MATTERMOST_ADMIN_TOKEN)%s", what, msg)
	case resp.StatusCode == 403:
		return fmt.Errorf("%s: not allowed: the token must be a system or team admin's, and slash commands must be enabled%s", what, msg)
	case resp.StatusCode == 404:
		return fmt.Errorf("%s: not found%s", what, msg)
	}
	return fmt.Errorf("%s: status %d%s", what, resp.StatusCode, msg)
}
