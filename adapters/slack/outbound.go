package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/outbox"
)

// permanent are the Web API errors that retrying cannot fix: the channel
// or message is gone, the bot is not there, the token is dead, or the
// message itself is refused.
var permanent = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "message_not_found": true,
	"account_inactive": true, "invalid_auth": true, "token_revoked": true, "not_authed": true,
	"missing_scope": true, "cant_update_message": true, "edit_window_closed": true, "invalid_blocks": true,
	"msg_too_long": true, "no_text": true, "restricted_action": true, "channel_is_archived": true,
}

// classify turns a slack-go error into the outbox's terms: a rate limit is
// a RetryAfter, an error retrying cannot fix wraps ErrPermanent, anything
// else is retried with backoff. The error names the method and Slack's
// error code only, never the message.
func classify(method string, err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &outbox.RetryAfter{After: rl.RetryAfter, Err: fmt.Errorf("slack %s: %w", method, err)}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && permanent[se.Err] {
		return fmt.Errorf("slack %s: %s: %w", method, se.Err, outbox.ErrPermanent)
	}
	return fmt.Errorf("slack %s: %w", method, err)
}

// Post posts a message to a channel: files first (or their text inline
// when Slack will not take them), then the message, split into several
// when it exceeds Block Kit's limits. The reference is the first part's.
func (a *Adapter) Post(ctx context.Context, ch bot.ChannelID, msg bot.Message) (bot.MessageRef, error) {
	_, channel, err := splitChannel(ch)
	if err != nil {
		return bot.MessageRef{}, err
	}
	l := fixedLang(a.cfg.DefaultLang)
	msg = a.attachFiles(ctx, ch, msg, l)
	var ref bot.MessageRef
	for i, p := range renderPages(msg, a.notes(l)) {
		_, ts, err := a.api.PostMessageContext(ctx, channel,
			slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks...), slack.MsgOptionDisableLinkUnfurl())
		if err != nil {
			return ref, classify("chat.postMessage", err)
		}
		if i == 0 {
			ref = bot.MessageRef{Channel: ch, ID: ts}
		}
	}
	return ref, nil
}

// Direct writes to a person in their direct messages with the bot
// (chat.postMessage to a user id opens the conversation).
func (a *Adapter) Direct(ctx context.Context, who bot.Identity, msg bot.Message) error {
	if who.Platform() != bot.Slack || who.User() == "" {
		return fmt.Errorf("slack: %q is not a Slack person: %w", who, outbox.ErrPermanent)
	}
	l := fixedLang(a.cfg.DefaultLang)
	for _, p := range renderPages(msg, a.notes(l)) {
		if _, _, err := a.api.PostMessageContext(ctx, who.User(),
			slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks...), slack.MsgOptionDisableLinkUnfurl()); err != nil {
			return classify("chat.postMessage", err)
		}
	}
	return nil
}

// Update replaces a posted message with a new version, re-sending the
// whole message, blocks and buttons included.
func (a *Adapter) Update(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	_, channel, err := splitChannel(ref.Channel)
	if err != nil {
		return err
	}
	p := renderOne(msg, a.notes(fixedLang(a.cfg.DefaultLang)))
	_, _, _, err = a.api.UpdateMessageContext(ctx, channel, ref.ID,
		slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks...))
	return classify("chat.update", err)
}

// Upload shares a file in a channel (files.getUploadURLExternal, the
// upload, files.completeUploadExternal).
func (a *Adapter) Upload(ctx context.Context, ch bot.ChannelID, f bot.File) error {
	_, channel, err := splitChannel(ch)
	if err != nil {
		return err
	}
	if len(f.Data) == 0 {
		return fmt.Errorf("slack upload: empty file: %w", outbox.ErrPermanent)
	}
	_, err = a.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: f.Name, Title: f.Name, FileSize: len(f.Data), Reader: bytes.NewReader(f.Data), Channel: channel,
	})
	return classify("files.upload", err)
}

// attachFiles shares a message's files in the channel; a file Slack will
// not take is shown inline instead (its beginning, for a text file), so
// the reader still gets it. The returned message has no files left.
func (a *Adapter) attachFiles(ctx context.Context, ch bot.ChannelID, msg bot.Message, l langFn) bot.Message {
	msg, _ = deliver.ShareFiles(ctx, a, ch, nil, msg, func(f deliver.FileSent) bot.Text { return a.fileNote(f, l) })
	return msg
}

// fileNote says what became of a file not shared.
func (a *Adapter) fileNote(f deliver.FileSent, l langFn) bot.Text {
	switch f.Outcome {
	case deliver.FileInline:
		return a.t(l(), "slack.file_inline", "name", f.Name)
	case deliver.FileInlineCut:
		return a.t(l(), "slack.file_inline_cut", "name", f.Name, "n", deliver.MaxInlineRunes)
	case deliver.FileUnsent:
		return a.t(l(), "slack.file_failed", "name", f.Name)
	}
	return nil
}

// respond posts pages to a response_url: ephemeral for the person who
// asked, or in_channel when the bot cannot post there itself. It never
// replaces the message that was clicked. Slack takes at most five posts
// per response_url.
func (a *Adapter) respond(ctx context.Context, responseURL string, pages []page, responseType string) {
	if responseURL == "" {
		return
	}
	for i, p := range pages {
		if i == 5 {
			break
		}
		if err := a.postResponse(ctx, responseURL, webhookMessage(p, responseType)); err != nil {
			a.cfg.Log.Warn("slack: response_url post failed", "err", err)
			return
		}
	}
}

// postResponse posts one message to a response_url.
func (a *Adapter) postResponse(ctx context.Context, responseURL string, m *responseMessage) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
	if err != nil {
		return errors.New("response_url: not a URL")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		// Not the URL: a response_url lets whoever holds it post in the
		// channel for 30 minutes.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("response_url: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("response_url: %s", resp.Status)
	}
	return nil
}

// responseMessage is a message answered to a command or a click: the HTTP
// response body, the Socket Mode acknowledgement's payload, or a
// response_url post.
type responseMessage struct {
	ResponseType    string        `json:"response_type,omitempty"`
	Text            string        `json:"text"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool          `json:"replace_original"`
}

func webhookMessage(p page, responseType string) *responseMessage {
	return &responseMessage{Text: p.Text, Blocks: p.Blocks, ResponseType: responseType}
}

// APIMethod names a call the adapter makes, for metrics: the Web API
// method ("chat.postMessage"), "file_upload" for a file's bytes sent to
// the URL files.getUploadURLExternal gave, or "response_url" for an answer
// posted to a command's response URL. The set of names is bounded.
func APIMethod(r *http.Request) string {
	path := strings.TrimRight(r.URL.Path, "/")
	switch last := path[strings.LastIndexByte(path, '/')+1:]; {
	case webAPIMethod.MatchString(last):
		return last
	case strings.Contains(path, "/upload/"):
		return "file_upload"
	}
	return "response_url"
}

var webAPIMethod = regexp.MustCompile(`^[a-z]+(\.[a-zA-Z]+)+$`)
