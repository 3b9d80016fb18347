package mattermost

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
)

// readBody reads a request body of at most MaxBody bytes. It writes the
// refusal itself (413, 400) and returns ok false.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "unreadable request body", http.StatusBadRequest)
		}
		return nil, false
	}
	return body, true
}

// tokenOK reports whether tok is one of the configured command tokens,
// comparing with every one in constant time.
func (a *Adapter) tokenOK(tok string) bool {
	if tok == "" {
		return false
	}
	ok := 0
	for _, want := range a.tokens {
		ok |= subtle.ConstantTimeCompare([]byte(tok), want)
	}
	return ok == 1
}

// ServeCommand answers POST /mattermost/commands, a custom slash command.
// Without a configured token (form field or "Authorization: Token"), it
// answers 401 and does nothing else; for a team not served, 403.
func (a *Adapter) ServeCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	header, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Token ")
	if !a.tokenOK(strings.TrimSpace(header)) && !a.tokenOK(form.Get("token")) {
		a.d.Log.Warn("mattermost: slash command refused: unknown token")
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	team, channel, user := form.Get("team_id"), form.Get("channel_id"), form.Get("user_id")
	if !a.served(team) {
		http.Error(w, "team not served", http.StatusForbidden)
		return
	}
	if channel == "" || user == "" {
		http.Error(w, "channel_id and user_id are required", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	defer a.recovered(ctx, w, user, false)
	text := form.Get("text")
	person, gone := a.person(ctx, user, form.Get("user_name"))
	req := bot.Request{
		Platform: bot.Mattermost,
		Team:     team,
		Channel:  bot.NewChannelID(bot.Mattermost, team, channel),
		Person:   person,
		Text:     text,
		Time:     a.d.Now(),
	}
	if !gone {
		req.Mentions = a.mentions(ctx, text, userMentions(form))
	}
	rep := a.handle(ctx, req, gone)
	writeJSON(w, a.commandResponse(ctx, req, rep))
}

// commandResponse carries out a reply to a command: what the channel must
// see is posted by the bot, updates go to the coalescer, files to the
// person in a direct message; the answer itself is ephemeral.
func (a *Adapter) commandResponse(ctx context.Context, req bot.Request, rep bot.Reply) *model.CommandResponse {
	personal := a.personal(ctx, req, rep)
	if len(personal.Blocks) == 0 && len(personal.Title) == 0 {
		return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, SkipSlackParsing: true}
	}
	posts := a.render(ctx, personal)
	res := &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, SkipSlackParsing: true,
		Text: posts[0].Text, Attachments: posts[0].Attachments}
	for _, p := range posts[1:] {
		res.ExtraResponses = append(res.ExtraResponses, &model.CommandResponse{
			ResponseType: model.CommandResponseTypeEphemeral, SkipSlackParsing: true,
			Text: p.Text, Attachments: p.Attachments})
	}
	return res
}

// carryOut carries out a reply through the chat core's executor: what
// the channel must see is posted by the bot's account, updates go to the
// coalescer, files to the person in a direct message. It returns the
// person's message (empty when the reply was for the channel) and the
// notes for them: a word for each channel message not posted at once, and
// what became of their files.
func (a *Adapter) carryOut(ctx context.Context, req bot.Request, rep bot.Reply) (bot.Message, []bot.Text) {
	who := req.Person.ID
	res := a.exec.Carry(ctx, deliver.Job{Req: req, Reply: rep, Poster: a,
		FilesTo: func(ctx context.Context) (bot.ChannelID, error) {
			dm, err := a.directChannel(ctx, who.User())
			return bot.NewChannelID(bot.Mattermost, req.Team, dm), err
		},
		FileNote: func(f deliver.FileSent) bot.Text {
			switch f.Outcome {
			case deliver.FileInline, deliver.FileInlineCut:
				return a.t(ctx, who, "mattermost.file_inline", "name", f.Name)
			case deliver.FileUnsent:
				return a.t(ctx, who, "mattermost.file_failed", "name", f.Name)
			}
			return nil
		}})
	var notes []bot.Text
	for _, p := range res.Problems() {
		if p.Behind {
			notes = append(notes, a.t(ctx, who, "deliver.post_behind"))
		} else if p.Outcome == deliver.Queued {
			notes = append(notes, a.t(ctx, who, "mattermost.post_queued"))
		} else {
			notes = append(notes, a.t(ctx, who, "mattermost.post_failed", "bot", a.botName(ctx)))
		}
	}
	var sent []string
	for _, f := range res.Files {
		if f.Outcome == deliver.FileShared {
			sent = append(sent, f.Name)
		}
	}
	if len(sent) > 0 {
		notes = append([]bot.Text{a.t(ctx, who, "mattermost.files_sent", "names", strings.Join(sent, ", "))}, notes...)
	}
	var person bot.Message
	if res.Person != nil {
		person = *res.Person
	}
	return person, notes
}

// directChannel returns the direct channel between the bot and a person.
func (a *Adapter) directChannel(ctx context.Context, userID string) (string, error) {
	me, err := a.botUser(ctx)
	if err != nil {
		return "", err
	}
	ch, resp, err := a.api.CreateDirectChannel(ctx, me.Id, userID)
	if err != nil {
		return "", classify("open a direct channel", resp, err)
	}
	return ch.Id, nil
}

func (a *Adapter) botName(ctx context.Context) string {
	if me, err := a.botUser(ctx); err == nil && validUsername(me.Username) {
		return me.Username
	}
	return "jcabot"
}

// t renders an adapter line in the person's language, else the bot's.
func (a *Adapter) t(ctx context.Context, who bot.Identity, key string, kv ...any) bot.Text {
	lang := a.cfg.Lang
	if a.d.Lang != nil {
		if l := a.d.Lang(ctx, who); l != "" {
			lang = l
		}
	}
	return a.d.Catalog.Text(lang, key, kv...)
}

// ServeAction answers POST /mattermost/actions, a button click. A click
// whose context does not carry this bot's valid, unexpired MAC gets 401; a
// click from a team not served, 403. The answer confirms to the clicker
// alone (ephemeral_text); the post itself is updated through the coalesced
// UpdatePost, never by the answer.
func (a *Adapter) ServeAction(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var in model.PostActionIntegrationRequest
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	action, err := a.sign.verify(in.Context)
	if err != nil {
		a.d.Log.Warn("mattermost: button click refused", "why", err.Error())
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if !a.served(in.TeamId) {
		http.Error(w, "team not served", http.StatusForbidden)
		return
	}
	if in.UserId == "" || in.ChannelId == "" {
		http.Error(w, "user_id and channel_id are required", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	defer a.recovered(ctx, w, in.UserId, true)
	person, gone := a.person(ctx, in.UserId, in.UserName)
	req := bot.Request{
		Platform: bot.Mattermost,
		Team:     in.TeamId,
		Channel:  bot.NewChannelID(bot.Mattermost, in.TeamId, in.ChannelId),
		Person:   person,
		Action:   &action,
		Time:     a.d.Now(),
	}
	rep := a.handle(ctx, req, gone)
	personal := a.personal(ctx, req, rep)
	writeJSON(w, &model.PostActionIntegrationResponse{EphemeralText: a.renderText(ctx, personal), SkipSlackParsing: true})
}

// personal carries out a reply (carryOut) and returns what the person
// alone is answered: the reply's message unless it was for the channel,
// with the notes of what was carried out.
func (a *Adapter) personal(ctx context.Context, req bot.Request, rep bot.Reply) bot.Message {
	personal, notes := a.carryOut(ctx, req, rep)
	for _, n := range notes {
		personal.Context(n)
	}
	return personal
}

// recovered, deferred by a request's handler, answers a request whose
// handling panicked: the panic is logged (without the request) and the
// person told, in their language, that what they asked may have been done.
func (a *Adapter) recovered(ctx context.Context, w http.ResponseWriter, userID string, click bool) {
	p := recover()
	if p == nil {
		return
	}
	a.d.Log.Error("mattermost: a request's handling panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	var m bot.Message
	m.Context(a.t(ctx, bot.NewIdentity(bot.Mattermost, userID), "reply.failed"))
	if click {
		writeJSON(w, &model.PostActionIntegrationResponse{EphemeralText: a.renderText(ctx, m), SkipSlackParsing: true})
		return
	}
	writeJSON(w, &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, SkipSlackParsing: true,
		Text: a.renderText(ctx, m)})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return // the server went away; nothing to tell it
	}
}

// person is who asked: the display name and zone of their profile (cached),
// or only their username when the server does not answer. gone is true
// when the server says there is no such active account: the request must
// then not be handled (a forged or stale id, a deactivated account).
func (a *Adapter) person(ctx context.Context, userID, userName string) (p bot.Person, gone bool) {
	p = bot.Person{ID: bot.NewIdentity(bot.Mattermost, userID), Name: userName}
	pr, gone := a.people.account(ctx, userID)
	if pr != nil {
		p.Name, p.TZ = pr.Name, pr.TZ
	}
	if gone {
		a.d.Log.Warn("mattermost: a request from a user id the server does not know was refused")
	}
	return p, gone
}

// handle has the Handler answer req, unless its person is gone from the
// server: then nothing is done and the person is told so.
func (a *Adapter) handle(ctx context.Context, req bot.Request, gone bool) bot.Reply {
	if gone {
		var m bot.Message
		m.Section(a.t(ctx, req.Person.ID, "reply.unknown_person"))
		return bot.Reply{Audience: bot.ToPerson, Message: m, Refused: true}
	}
	return a.d.Handler.Handle(ctx, req)
}

// userMentions reads user_mentions / user_mentions_ids: repeated form
// values as the server sends them (model.UserMentionMap.ToURLValues), or
// one JSON array each, as the documentation shows them. Names are
// lower-cased and without their @.
func userMentions(form url.Values) map[string]string {
	names, ids := listValues(form["user_mentions"]), listValues(form["user_mentions_ids"])
	out := map[string]string{}
	if len(names) != len(ids) {
		return out
	}
	for i, n := range names {
		if n = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(n), "@")); n != "" && ids[i] != "" {
			out[n] = strings.TrimSpace(ids[i])
		}
	}
	return out
}

func listValues(vs []string) []string {
	if len(vs) == 1 && strings.HasPrefix(strings.TrimSpace(vs[0]), "[") {
		var list []string
		if json.Unmarshal([]byte(vs[0]), &list) == nil {
			return list
		}
	}
	return vs
}

var mentionRE = regexp.MustCompile(`@([A-Za-z0-9][A-Za-z0-9._-]*)`)

// mentions resolves the @names of a command's text into identities: from
// the server's user_mentions first, else by username through the API
// (cached). @channel, @all and @here are nobody.
func (a *Adapter) mentions(ctx context.Context, text string, known map[string]string) []bot.Mention {
	var out []bot.Mention
	seen := map[string]bool{}
	for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
		name := strings.TrimRight(m[1], ".-_")
		low := strings.ToLower(name)
		if name == "" || seen[name] || low == "channel" || low == "all" || low == "here" {
			continue
		}
		seen[name] = true
		var p *profile
		if id, ok := known[low]; ok {
			p = a.people.byUserID(ctx, id)
			if p == nil {
				p = &profile{ID: id, Username: low, Name: low}
			}
		} else {
			p = a.people.byUsername(ctx, low)
		}
		if p == nil {
			continue
		}
		out = append(out, bot.Mention{Token: "@" + name, ID: bot.NewIdentity(bot.Mattermost, p.ID), Name: p.Name})
	}
	return out
}
