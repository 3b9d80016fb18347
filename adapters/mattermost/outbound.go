package mattermost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/outbox"
)

// maxFileIDs is how many files one post carries (the server limits the
// JSON of FileIds to 300 runes, about ten ids).
const maxFileIDs = 10

// classify turns a Client4 failure into a delivery error the outbox
// understands: 429 is a RetryAfter (the server's Retry-After, else
// X-RateLimit-Reset, else one second); 400, 403, 404 and 413 wrap
// outbox.ErrPermanent (the channel or post is gone, the bot is not in it,
// the request can never pass); anything else (5xx, a network error) is
// retried with backoff. The error never carries a response body.
func classify(what string, resp *model.Response, err error) error {
	if err == nil {
		return nil
	}
	if resp == nil || resp.StatusCode == 0 {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("mattermost: %s: %w", what, err)
		}
		return fmt.Errorf("mattermost: %s: the server did not answer", what)
	}
	code := resp.StatusCode
	id := ""
	var ae *model.AppError
	if errors.As(err, &ae) && ae.Id != "" {
		id = " (" + ae.Id + ")"
	}
	base := fmt.Errorf("mattermost: %s: status %d%s", what, code, id)
	switch {
	case code == http.StatusTooManyRequests:
		return &outbox.RetryAfter{After: retryAfter(resp.Header), Err: base}
	case code == http.StatusBadRequest || code == http.StatusForbidden || code == http.StatusNotFound ||
		code == http.StatusRequestEntityTooLarge:
		return fmt.Errorf("%w: %w", base, outbox.ErrPermanent)
	}
	return base
}

// retryAfter reads how long the server asks to wait.
func retryAfter(h http.Header) time.Duration {
	for _, k := range []string{"Retry-After", "X-RateLimit-Reset"} {
		if s := strings.TrimSpace(h.Get(k)); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n >= 0 {
				return max(time.Duration(n)*time.Second, time.Second)
			}
		}
	}
	return time.Second
}

// Post posts a message in a channel as the bot: long messages become
// several posts; the reference is the last one's (it carries the buttons).
// Files are uploaded and attached to a post of their own.
func (a *Adapter) Post(ctx context.Context, channel bot.ChannelID, msg bot.Message) (bot.MessageRef, error) {
	_, ch, err := channelOf(channel)
	if err != nil {
		return bot.MessageRef{}, err
	}
	var last string
	for i, p := range a.render(ctx, msg) {
		if p.Text == "" && len(p.Attachments) == 0 && len(msg.Files) > 0 {
			continue // a message that is only files
		}
		id, err := a.create(ctx, ch, p, nil, pendingPostID(ctx, i))
		if err != nil {
			return bot.MessageRef{}, err
		}
		last = id
	}
	for _, f := range msg.Files {
		if err := a.Upload(ctx, channel, f); err != nil {
			return bot.MessageRef{ID: last, Channel: channel}, err
		}
	}
	return bot.MessageRef{Channel: channel, ID: last}, nil
}

// Direct writes to a person in the direct channel between them and the bot.
func (a *Adapter) Direct(ctx context.Context, who bot.Identity, msg bot.Message) error {
	if who.Platform() != bot.Mattermost || who.User() == "" {
		return fmt.Errorf("mattermost: %q is not a Mattermost person: %w", who, outbox.ErrPermanent)
	}
	dm, err := a.directChannel(ctx, who.User())
	if err != nil {
		return err
	}
	for _, p := range a.render(ctx, msg) {
		if _, err := a.create(ctx, dm, p, nil, ""); err != nil {
			return err
		}
	}
	return nil
}

// pendingPostID is the pending_post_id of part i of the post ctx delivers
// (bot.IdempotencyKey), "" when it has no key. The server returns the post
// already made for an id it saw in the last 30 seconds instead of making a
// second one, so a retry after a lost answer does not post twice.
func pendingPostID(ctx context.Context, i int) string {
	key := bot.IdempotencyKey(ctx)
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(i)))
	return "jcabot:" + hex.EncodeToString(sum[:16])
}

// create posts one rendered post and returns its id.
func (a *Adapter) create(ctx context.Context, channelID string, p post, fileIDs []string, pending string) (string, error) {
	mp := &model.Post{ChannelId: channelID, Message: p.Text, FileIds: fileIDs, PendingPostId: pending}
	if len(p.Attachments) > 0 {
		mp.Type = model.PostTypeSlackAttachment
		mp.AddProp(model.PostPropsAttachments, p.Attachments)
	}
	got, resp, err := a.api.CreatePost(ctx, mp)
	if err != nil {
		return "", classify("create post", resp, err)
	}
	return got.Id, nil
}

// Update replaces a post the bot made with a new rendering of the message:
// the text and every attachment, with freshly signed integrations (never
// the post the server returned: it has lost them).
func (a *Adapter) Update(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	_, ch, err := channelOf(ref.Channel)
	if err != nil {
		return err
	}
	if ref.ID == "" {
		return fmt.Errorf("mattermost: update without a post id: %w", outbox.ErrPermanent)
	}
	p := a.renderOne(ctx, msg)
	mp := &model.Post{Id: ref.ID, ChannelId: ch, Message: p.Text}
	// An update replaces the props: send every prop the post was made with,
	// from_bot included (the server set it on create; the web app shows the
	// BOT badge and groups by it).
	mp.SetProps(model.StringInterface{model.PostPropsFromBot: "true"})
	if len(p.Attachments) > 0 {
		mp.Type = model.PostTypeSlackAttachment
		mp.AddProp(model.PostPropsAttachments, p.Attachments)
	}
	_, resp, err := a.api.UpdatePost(ctx, ref.ID, mp)
	return classify("update post", resp, err)
}

// Upload shares a file in a channel. When the server refuses the upload
// for good (bots not allowed to upload, file too large) and the file is
// short text, it is posted inline instead.
func (a *Adapter) Upload(ctx context.Context, channel bot.ChannelID, f bot.File) error {
	_, ch, err := channelOf(channel)
	if err != nil {
		return err
	}
	return a.uploadTo(ctx, ch, f)
}

func (a *Adapter) uploadTo(ctx context.Context, channelID string, f bot.File) error {
	err := a.uploadFile(ctx, channelID, f)
	if err == nil || !errors.Is(err, outbox.ErrPermanent) {
		return err
	}
	inline, ok := inlineFile(f)
	if !ok {
		return err
	}
	_, ierr := a.create(ctx, channelID, post{Text: inline}, nil, "")
	return ierr
}

func (a *Adapter) uploadFile(ctx context.Context, channelID string, f bot.File) error {
	up, resp, err := a.api.UploadFile(ctx, f.Data, channelID, f.Name)
	if err != nil {
		return classify("upload file", resp, err)
	}
	var ids []string
	for _, info := range up.FileInfos {
		ids = append(ids, info.Id)
	}
	if len(ids) == 0 {
		return fmt.Errorf("mattermost: upload file: no file id in the answer: %w", outbox.ErrPermanent)
	}
	_, err = a.create(ctx, channelID, post{}, ids[:min(len(ids), maxFileIDs)], "")
	return err
}

// inlineFile shows a short text file as a code block under its name.
func inlineFile(f bot.File) (string, bool) {
	if !utf8.Valid(f.Data) || strings.ContainsRune(string(f.Data), 0) {
		return "", false
	}
	s := "**" + escape(f.Name, false) + "**\n" + fence(string(f.Data))
	if utf8.RuneCountInString(s) > MaxPostRunes {
		return "", false
	}
	return s, true
}

// APIRoute names a call the adapter makes, for metrics: the HTTP method
// and the REST path with its ids and names replaced ("PUT
// /api/v4/posts/{id}"), so the set of names stays bounded.
func APIRoute(r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for i, p := range parts {
		switch {
		case i > 0 && parts[i-1] == "username", i > 0 && parts[i-1] == "name":
			parts[i] = "{name}"
		case model.IsValidId(p):
			parts[i] = "{id}"
		}
	}
	return r.Method + " /" + strings.Join(parts, "/")
}
