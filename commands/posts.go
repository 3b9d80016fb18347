package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

var _ bot.PostRecorder = (*Router)(nil)

// PollTag tags the announcement of a poll, so the adapter that posts it
// reports where (bot.Reply.AnnounceTag).
func PollTag(id int) string { return "poll:" + strconv.Itoa(id) }

// RecordPost remembers where a tagged announcement was posted: for a poll,
// the reference of the copy in that channel, so every later tally updates
// it in place.
func (r *Router) RecordPost(ctx context.Context, tag string, ref bot.MessageRef) error {
	kind, id, ok := strings.Cut(tag, ":")
	n, err := strconv.Atoi(id)
	if !ok || err != nil || kind != "poll" {
		return fmt.Errorf("record post: unknown tag %q", tag)
	}
	_, err = r.d.Store.UpdatePoll(ctx, n, func(p *jca.Poll) error {
		for i, post := range p.Posts {
			if post.Channel == string(ref.Channel) && (post.ID == "" || post.ID == ref.ID) {
				p.Posts[i].ID = ref.ID
				return nil
			}
		}
		p.Posts = append(p.Posts, jca.PostRef{Channel: string(ref.Channel), ID: ref.ID})
		return nil
	})
	return err
}

// PollUpdates are the new versions of every posted copy of a poll, each in
// its channel's zone and language (after a vote, a close, a decision).
func (r *Router) PollUpdates(ctx context.Context, p *jca.Poll) ([]bot.Update, error) {
	var out []bot.Update
	for _, post := range p.Posts {
		if post.ID == "" {
			continue // not confirmed posted (the console prints without an id)
		}
		ch := bot.ChannelID(post.Channel)
		loc, lang := r.channelSettings(ctx, ch)
		msg, err := r.PollMessage(ctx, p, loc, lang)
		if err != nil {
			return nil, err
		}
		out = append(out, bot.Update{Ref: bot.MessageRef{Channel: ch, ID: post.ID}, Message: msg})
	}
	return out, nil
}
