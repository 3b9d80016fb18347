package commands

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

var _ bot.PostRecorder = (*Posts)(nil)

// PollTag tags the announcement of a poll, so the adapter that posts it
// reports where (bot.Reply.AnnounceTag).
func PollTag(id int) string { return "poll:" + strconv.Itoa(id) }

// pollOfTag reads a PollTag back.
func pollOfTag(tag string) (int, error) {
	kind, id, ok := strings.Cut(tag, ":")
	n, err := strconv.Atoi(id)
	if !ok || err != nil || kind != "poll" {
		return 0, fmt.Errorf("unknown post tag %q", tag)
	}
	return n, nil
}

// RecordPost remembers where a tagged announcement was posted: for a poll,
// the reference of the copy in that channel, so every later tally updates
// it in place.
func (ps *Posts) RecordPost(ctx context.Context, tag string, ref bot.MessageRef) error {
	r := ps.r
	n, err := pollOfTag(tag)
	if err != nil {
		return err
	}
	_, err = r.postsStore().UpdatePoll(ctx, n, func(p *jca.Poll) error {
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

// PollUpdates asks for every posted copy of a poll to be refreshed (after a
// vote, a close, a decision). The updates are tagged: each copy is rendered
// when it is sent (RenderUpdate), in its channel's zone and language, from
// the state of that moment.
func (ps *Posts) PollUpdates(ctx context.Context, p *jca.Poll) ([]bot.Update, error) {
	var out []bot.Update
	for _, post := range p.Posts {
		if post.ID == "" {
			continue // not confirmed posted (the console prints without an id)
		}
		out = append(out, bot.Update{Ref: bot.MessageRef{Channel: bot.ChannelID(post.Channel), ID: post.ID}, Tag: PollTag(p.ID)})
	}
	return out, nil
}

// RenderUpdate renders the current version of a tagged message for the
// copy at ref (outbox.Coalescer.Render).
func (ps *Posts) RenderUpdate(ctx context.Context, tag string, ref bot.MessageRef) (bot.Message, error) {
	r := ps.r
	n, err := pollOfTag(tag)
	if err != nil {
		return bot.Message{}, err
	}
	p, err := r.postsStore().FindPoll(ctx, n)
	if err != nil {
		return bot.Message{}, err
	}
	loc, lang := r.channelSettings(ctx, ref.Channel)
	return r.PollMessage(ctx, p, loc, lang)
}

// refreshWindow is how long after it closed a poll's posted copies are
// still refreshed at start-up.
const refreshWindow = 7 * 24 * time.Hour

// StartupUpdates are the updates that bring every posted copy of a recent
// poll (open, or closed within a week) to its current state. The coalescer
// holds pending updates in memory only; jcabot serve submits these at
// start-up, so that after a crash (kill -9 included) no copy keeps an old
// tally: each is rendered from the store when it is sent.
func (ps *Posts) StartupUpdates(ctx context.Context, now time.Time) ([]bot.Update, error) {
	r := ps.r
	polls, _, err := r.postsStore().ListPolls(ctx, jca.PollFilter{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var out []bot.Update
	for _, p := range polls {
		if p.Closed && now.Sub(p.ClosedAt) > refreshWindow {
			continue
		}
		ups, err := ps.PollUpdates(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ups...)
	}
	return out, nil
}

// postsStore is what the posted messages uses of the store.
type postsStore interface {
	jca.PollService
}

func (r *Router) postsStore() postsStore { return r.d.Store }
