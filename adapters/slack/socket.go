package slack

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// maxAckPayload is below slack-go's (and Slack's) 20 KB limit on a Socket
// Mode response; a larger answer goes through the response_url.
const maxAckPayload = 19 * 1024

// acker acknowledges Socket Mode envelopes (*socketmode.Client).
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

var _ acker = (*socketmode.Client)(nil)

// runSocket holds the Socket Mode connection (socketmode reconnects by
// itself) and handles what arrives until ctx ends.
func (a *Adapter) runSocket(ctx context.Context) error {
	if a.client == nil {
		return errors.New("slack: Socket Mode needs the Web API client")
	}
	sm := socketmode.New(a.client)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			a.ready.Store(false)
			if ctx.Err() != nil {
				return nil
			}
			return classify("apps.connections.open", err)
		case evt := <-sm.Events:
			a.socketEvent(ctx, sm, evt)
		}
	}
}

// socketEvent handles one Socket Mode event. Every envelope is
// acknowledged: a slash command's ack carries its answer (within the
// deadline, like the HTTP answer), a click or an event is acknowledged at
// once and answered afterwards.
func (a *Adapter) socketEvent(ctx context.Context, ack acker, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.ready.Store(true)
		return
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		a.ready.Store(false)
		if evt.Type == socketmode.EventTypeInvalidAuth {
			a.cfg.Log.Error("slack: Socket Mode refused the app token (SLACK_APP_TOKEN)")
		}
		return
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	id := evt.Request.EnvelopeID
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || !wholeCommand(cmd) || !a.serves(cmd.TeamID) {
			a.ack(ctx, ack, id, nil)
			return
		}
		a.goWork(func(context.Context) {
			a.command(cmd, func(pages []page) {
				var payload any
				rest := pages
				if len(pages) > 0 {
					m := webhookMessage(pages[0], slack.ResponseTypeEphemeral)
					if js, err := json.Marshal(m); err == nil && len(js) < maxAckPayload {
						payload, rest = m, pages[1:]
					}
				}
				a.ack(ctx, ack, id, payload)
				if len(rest) > 0 {
					a.goWork(func(wctx context.Context) { a.respond(wctx, cmd.ResponseURL, rest, slack.ResponseTypeEphemeral) })
				}
			})
		})
	case socketmode.EventTypeInteractive:
		a.ack(ctx, ack, id, nil)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok && wholeClick(cb) && a.serves(interactionTeam(cb)) {
			a.click(cb)
		}
	case socketmode.EventTypeEventsAPI:
		a.ack(ctx, ack, id, nil)
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || !a.serves(ev.TeamID) || evt.Request.RetryAttempt > 0 {
			return
		}
		if m, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent); ok && m.BotID == "" {
			a.mention(ev.TeamID, m.Channel, m.User)
		}
	default:
		a.ack(ctx, ack, id, nil)
	}
}

func (a *Adapter) ack(ctx context.Context, ack acker, id string, payload any) {
	if err := ack.AckCtx(ctx, id, payload); err != nil {
		a.cfg.Log.Warn("slack: Socket Mode acknowledgement failed", "err", err)
	}
}
