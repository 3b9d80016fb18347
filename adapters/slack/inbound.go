package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
)

// ---- HTTP endpoints ----

// verified reads and verifies a request's body, and refuses one already
// received. On failure it has already answered (413 or 401) and nothing of
// the body was looked at.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := readBody(r)
	if errors.Is(err, errTooLarge) {
		a.refuse(w, r, http.StatusRequestEntityTooLarge, err)
		return nil, false
	}
	if err != nil {
		a.refuse(w, r, http.StatusBadRequest, errors.New("unreadable body"))
		return nil, false
	}
	now := a.now()
	sig, ts, err := a.verifier.verify(r.Header, body, now)
	if err != nil {
		a.refuse(w, r, http.StatusUnauthorized, err)
		return nil, false
	}
	if !a.replays.first(sig, ts, now) {
		a.refuse(w, r, http.StatusUnauthorized, errReplayed)
		return nil, false
	}
	return body, true
}

// refuse answers an error status and logs why, naming only the check that
// failed.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, status int, why error) {
	a.cfg.Log.Warn("slack: request refused", "path", r.URL.Path, "status", status, "why", why.Error())
	http.Error(w, http.StatusText(status), status)
}

// serveCommand answers POST /slack/commands.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	cmd, sslCheck, err := slashCommand(string(body))
	if err != nil {
		a.refuse(w, r, http.StatusBadRequest, errors.New("not a form"))
		return
	}
	if sslCheck {
		w.WriteHeader(http.StatusOK)
		return
	}
	if !wholeCommand(cmd) {
		a.refuse(w, r, http.StatusBadRequest, errors.New("command without a user, channel or workspace"))
		return
	}
	if !a.serves(cmd.TeamID) {
		a.refuse(w, r, http.StatusForbidden, errors.New("workspace not served"))
		return
	}
	a.command(cmd, func(pages []page) {
		if len(pages) == 0 {
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			return
		}
		// The length is set so that a late "working on it" is a complete
		// answer for Slack at once, while this handler still runs.
		a.writeAnswer(w, webhookMessage(pages[0], slack.ResponseTypeEphemeral))
		if len(pages) > 1 {
			a.goWork(func(ctx context.Context) { a.respond(ctx, cmd.ResponseURL, pages[1:], slack.ResponseTypeEphemeral) })
		}
	})
}

// slashCommand reads the form Slack sends for a slash command (or its
// SSL check) in one pass: the fields are substrings of the body unless
// escaped. A malformed form is an error, as for url.ParseQuery.
func slashCommand(body string) (cmd slack.SlashCommand, sslCheck bool, err error) {
	for body != "" {
		var pair string
		pair, body, _ = strings.Cut(body, "&")
		if strings.Contains(pair, ";") {
			return cmd, false, errors.New("semicolon in form")
		}
		key, value, _ := strings.Cut(pair, "=")
		if formEscapes.index(key) >= 0 {
			if key, err = url.QueryUnescape(key); err != nil {
				return cmd, false, err
			}
		}
		if formEscapes.index(value) >= 0 {
			if value, err = url.QueryUnescape(value); err != nil {
				return cmd, false, err
			}
		}
		var field *string
		switch key {
		case "ssl_check":
			sslCheck = value == "1"
		case "team_id":
			field = &cmd.TeamID
		case "team_domain":
			field = &cmd.TeamDomain
		case "enterprise_id":
			field = &cmd.EnterpriseID
		case "channel_id":
			field = &cmd.ChannelID
		case "channel_name":
			field = &cmd.ChannelName
		case "user_id":
			field = &cmd.UserID
		case "user_name":
			field = &cmd.UserName
		case "command":
			field = &cmd.Command
		case "text":
			field = &cmd.Text
		case "response_url":
			field = &cmd.ResponseURL
		case "trigger_id":
			field = &cmd.TriggerID
		case "api_app_id":
			field = &cmd.APIAppID
		}
		if field != nil && *field == "" {
			*field = value // the first non-empty of repeated fields
		}
	}
	return cmd, sslCheck, nil
}

// serveInteraction answers POST /slack/interactions: it acknowledges at
// once; the click's answer goes to the clicker through its response_url.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		a.refuse(w, r, http.StatusBadRequest, errors.New("no payload"))
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		a.refuse(w, r, http.StatusBadRequest, errors.New("payload is not an interaction"))
		return
	}
	if !wholeClick(cb) {
		a.refuse(w, r, http.StatusBadRequest, errors.New("interaction without a user, channel or workspace"))
		return
	}
	if !a.serves(interactionTeam(cb)) {
		a.refuse(w, r, http.StatusForbidden, errors.New("workspace not served"))
		return
	}
	w.WriteHeader(http.StatusOK)
	a.click(cb)
}

// wholeCommand reports whether a slash command says who typed it and where
// (user, channel and workspace):
// Slack always does, so one that does not is not Slack's, signed or not, and
// is run for nobody.
func wholeCommand(cmd slack.SlashCommand) bool {
	return strings.TrimSpace(cmd.UserID) != "" && strings.TrimSpace(cmd.ChannelID) != "" && strings.TrimSpace(cmd.TeamID) != ""
}

// wholeClick is wholeCommand for a click on one of the bot's messages.
func wholeClick(cb slack.InteractionCallback) bool {
	return strings.TrimSpace(cb.User.ID) != "" && strings.TrimSpace(cb.Channel.ID) != "" && strings.TrimSpace(interactionTeam(cb)) != ""
}

func interactionTeam(cb slack.InteractionCallback) string {
	if cb.Team.ID != "" {
		return cb.Team.ID
	}
	return cb.User.TeamID
}

// eventEnvelope is the outer JSON of the Events API.
type eventEnvelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	TeamID    string          `json:"team_id"`
	Event     json.RawMessage `json:"event"`
}

// mentionEvent is the part of an app_mention the bot reads.
type mentionEvent struct {
	Type    string `json:"type"`
	User    string `json:"user"`
	Channel string `json:"channel"`
	BotID   string `json:"bot_id"`
}

// serveEvent answers POST /slack/events: the URL verification, and an
// app_mention with the help, to the person alone.
func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		a.refuse(w, r, http.StatusBadRequest, errors.New("not an event"))
		return
	}
	if env.Type == "url_verification" {
		writeJSON(w, map[string]string{"challenge": env.Challenge})
		return
	}
	if !a.serves(env.TeamID) {
		a.refuse(w, r, http.StatusForbidden, errors.New("workspace not served"))
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Header.Get("X-Slack-Retry-Num") != "" || env.Type != "event_callback" {
		return // a redelivery of an event already answered
	}
	var ev mentionEvent
	if json.Unmarshal(env.Event, &ev) == nil && ev.Type == "app_mention" && ev.BotID == "" {
		a.mention(env.TeamID, ev.Channel, ev.User)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeAnswer writes a command's answer with its length and flushes it:
// the client has the whole answer even while the handler goes on.
func (a *Adapter) writeAnswer(w http.ResponseWriter, m *responseMessage) {
	buf, _ := a.answerBuffers.Get().(*[]byte)
	if buf == nil {
		b := make([]byte, 0, 8<<10)
		buf = &b
	}
	body := appendAnswer((*buf)[:0], m)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if cap(body) <= 64<<10 {
		*buf = body
		a.answerBuffers.Put(buf)
	}
}

// ---- what a request does, whatever it came through ----

// request builds the core's request: the person with their name and zone
// from users.info, the text with its mentions resolved. unknown is true
// when Slack says there is no such active person: the request must then
// not be handled (a forged or stale user id, a deactivated account).
func (a *Adapter) request(ctx context.Context, team, channel, userID, userName, text string, act *bot.Action) (req bot.Request, unknown bool) {
	name, tz, unknown := a.users.lookup(ctx, userID)
	if name == "" && !unknown {
		name = userName
	}
	txt, mentions := parseText(text)
	for i, m := range mentions {
		if m.Name == "" {
			mentions[i].Name, _, _ = a.users.lookup(ctx, m.ID.User())
		}
	}
	if unknown {
		a.cfg.Log.Warn("slack: a request from a user id Slack does not know was refused")
	}
	return bot.Request{
		Platform: bot.Slack,
		Team:     team,
		Channel:  bot.NewChannelID(bot.Slack, team, channel),
		Person:   bot.Person{ID: bot.NewIdentity(bot.Slack, userID), Name: name, TZ: tz},
		Text:     txt,
		Action:   act,
		Mentions: mentions,
		Time:     a.now(),
	}, unknown
}

// handle has the Handler answer req, unless its person is unknown to
// Slack: then nothing is done and the person is told so.
func (a *Adapter) handle(ctx context.Context, req bot.Request, unknown bool) bot.Reply {
	if unknown {
		var m bot.Message
		m.Section(a.t(a.lang(ctx, req.Person.ID), "reply.unknown_person"))
		return bot.Reply{Audience: bot.ToPerson, Message: m, Refused: true}
	}
	return a.cfg.Handler.Handle(ctx, req)
}

// command runs a slash command on the calling goroutine and calls answer
// exactly once with what to answer at once: the reply when it is ready
// within CommandDeadline, else "working on it" (from a timer's goroutine,
// while the command goes on), the reply then following through the
// response_url. No pages means an empty answer. command returns only once
// answer has returned, so an HTTP handler may write from answer.
func (a *Adapter) command(cmd slack.SlashCommand, answer func([]page)) {
	const waiting, inTime, late = 0, 1, 2
	var state atomic.Int32
	answeredLate := make(chan struct{})
	timer := time.AfterFunc(a.cfg.CommandDeadline, func() {
		if !state.CompareAndSwap(waiting, late) {
			return
		}
		defer close(answeredLate)
		answer(a.notice(cmd.UserID, "slack.working"))
	})
	a.inflight.Add(1)
	defer a.inflight.Done()
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		a.cfg.Log.Error("slack: a command's handling panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		switch {
		case state.CompareAndSwap(waiting, inTime):
			timer.Stop()
			answer(a.notice(cmd.UserID, "reply.failed"))
		case state.Load() == late: // "working on it" was said: say what became of it
			<-answeredLate
			ctx, cancel := context.WithTimeout(a.work, 10*time.Second)
			defer cancel()
			a.respond(ctx, cmd.ResponseURL, a.notice(cmd.UserID, "reply.failed"), slack.ResponseTypeEphemeral)
		}
		// In time already: the panic was in answering, which is over.
	}()
	ctx, cancel := context.WithTimeout(a.work, a.cfg.WorkTimeout)
	defer cancel()
	req, unknown := a.request(ctx, cmd.TeamID, cmd.ChannelID, cmd.UserID, cmd.UserName, cmd.Text, nil)
	rep := a.handle(ctx, req, unknown)
	pages := a.deliver(ctx, req, rep, cmd.ResponseURL)
	if state.CompareAndSwap(waiting, inTime) {
		timer.Stop()
		answer(pages)
		return
	}
	<-answeredLate
	a.respond(ctx, cmd.ResponseURL, pages, slack.ResponseTypeEphemeral)
}

// notice renders the adapter's own one-line answer (key in the catalog)
// for a person, in their language.
func (a *Adapter) notice(userID, key string) []page {
	ctx, cancel := context.WithTimeout(a.work, 200*time.Millisecond)
	defer cancel()
	l := a.lang(ctx, bot.NewIdentity(bot.Slack, userID))
	var m bot.Message
	m.Context(a.t(l, key))
	return renderPages(m, a.notes(fixedLang(l)))
}

// click runs the command a button carries, as the person who clicked. The
// answer goes to them alone through the click's response_url (ephemeral,
// the clicked message left as it is); the message itself is updated by
// the coalesced updates the command returns.
func (a *Adapter) click(cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	team := interactionTeam(cb)
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	for _, act := range cb.ActionCallback.BlockActions {
		name, ok := actionName(act.ActionID)
		if !ok || act.Value == "" {
			continue
		}
		value := act.Value
		a.goWork(func(ctx context.Context) {
			req, unknown := a.request(ctx, team, channel, cb.User.ID, cb.User.Name, "", &bot.Action{Name: name, Value: value})
			rep := a.handle(ctx, req, unknown)
			pages := a.deliver(ctx, req, rep, cb.ResponseURL)
			a.respond(ctx, cb.ResponseURL, pages, slack.ResponseTypeEphemeral)
		})
	}
}

// mention answers an @mention of the bot with the help, to the person
// alone (chat.postEphemeral: a mention has no response_url).
func (a *Adapter) mention(team, channel, user string) {
	if user == "" || channel == "" {
		return
	}
	a.goWork(func(ctx context.Context) {
		req, unknown := a.request(ctx, team, channel, user, "", "help", nil)
		if unknown {
			return
		}
		rep := a.cfg.Handler.Handle(ctx, req)
		rep.Message.Context(a.t(a.lang(ctx, req.Person.ID), "slack.mention_hint"))
		for _, p := range a.deliver(ctx, req, rep, "") {
			_, err := a.api.PostEphemeralContext(ctx, channel, user,
				slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks...))
			if err != nil {
				a.cfg.Log.Warn("slack: could not answer a mention", "err", classify("chat.postEphemeral", err))
				return
			}
		}
	})
}

// deliver carries out a reply through the chat core's executor and returns
// the pages for the person alone, with a word for each channel message
// that could not be posted at once. Where the bot may not post (a private
// channel it was not invited to, a direct message), the channel still sees
// it through the command's response_url, without later updates.
func (a *Adapter) deliver(ctx context.Context, req bot.Request, rep bot.Reply, responseURL string) []page {
	l := a.personLang(ctx, req.Person.ID)
	job := deliver.Job{Req: req, Reply: rep, Poster: a,
		FilesTo:  func(context.Context) (bot.ChannelID, error) { return req.Channel, nil },
		FileNote: func(f deliver.FileSent) bot.Text { return a.fileNote(f, l) }}
	if responseURL != "" {
		job.ShowInstead = func(ctx context.Context, msg bot.Message) bool {
			a.respond(ctx, responseURL, renderPages(msg, a.notes(l)), slack.ResponseTypeInChannel)
			return true
		}
	}
	res := a.exec.Carry(ctx, job)
	problems := res.Problems()
	if res.Person == nil && len(problems) == 0 {
		return nil
	}
	var m bot.Message
	if res.Person != nil {
		m = *res.Person
	}
	for _, p := range problems {
		m.Context(a.problemNote(p, l))
	}
	return renderPages(m, a.notes(l))
}

// problemNote tells the person what became of a channel message that was
// not posted at once, and what to do.
func (a *Adapter) problemNote(s deliver.Sent, l langFn) bot.Text {
	switch {
	case s.Behind:
		return a.t(l(), "deliver.post_behind")
	case s.Outcome == deliver.Shown:
		return a.t(l(), "slack.invite_to_update")
	case s.Outcome == deliver.Queued:
		return a.t(l(), "slack.post_later")
	case s.Permanent:
		return a.t(l(), "slack.invite")
	}
	return a.t(l(), "slack.post_failed")
}
