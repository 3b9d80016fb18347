// Package deliver is the chat core's one executor of replies: whatever the
// platform, it carries out a bot.Reply the same way. Updates of posted
// messages go to the coalescer first; what the channel must see is posted
// by the bot, a tagged announcement's place recorded, a post the platform
// will not take for now queued in the outbox under one key format (and
// tried under that key, so a platform that deduplicates shows it once); a
// channel the bot may not post in gets the platform's other way of showing
// it, when it has one; the person's files are shared where the platform
// puts them, or shown inline when it will not take them. The adapter keeps
// only its own I/O (post, update, upload, answer the person) and its own
// words: Carry reports, for each channel message and file, what became of
// it, and the adapter tells the person.
package deliver

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/outbox"
)

// Submitter takes updates of posted messages (an outbox.Coalescer).
type Submitter interface {
	Submit(u bot.Update)
}

// Executor carries out replies. Every field but Now is optional.
type Executor struct {
	// Recorder is told where a tagged announcement was posted.
	Recorder bot.PostRecorder
	// Updates takes Reply.Updates.
	Updates Submitter
	// Queue takes a channel post the platform would not take for now.
	Queue func(ctx context.Context, e outbox.Entry) error
	// Waiting, when set with Queue, reports whether posts for a channel
	// still wait in the outbox: a new post for that channel is then queued
	// behind them instead of overtaking them.
	Waiting func(ctx context.Context, ch bot.ChannelID) bool
	Now     func() time.Time
	Log     *slog.Logger
}

// Job is one reply to carry out, with the platform's means for it.
type Job struct {
	Req   bot.Request
	Reply bot.Reply
	// Poster posts in the request's channel.
	Poster bot.Poster
	// ShowInstead, when set, shows a message in the channel another way
	// where the bot may not post (Slack: the command's response_url,
	// in_channel); it reports whether it did. What it shows cannot be
	// updated later.
	ShowInstead func(ctx context.Context, msg bot.Message) bool
	// FilesTo, when set, is where the person's files are shared (the
	// request's channel, the person's direct channel with the bot); nil
	// leaves the files in the person's message (the console writes them).
	FilesTo func(ctx context.Context) (bot.ChannelID, error)
	// FileNote, when set, is the platform's words for a file (ShareFiles).
	FileNote func(FileSent) bot.Text
}

// Outcome is what became of one message for the channel.
type Outcome int

const (
	Posted   Outcome = iota // the bot posted it
	Queued                  // the platform refused for now; the outbox will post it
	Shown                   // not postable by the bot, shown another way (ShowInstead)
	Unposted                // neither posted nor queued: the bot may not post there, or the queue failed
)

// Sent is one message for the channel and what became of it.
type Sent struct {
	Outcome Outcome
	// Tagged is true for a tagged announcement (a poll): one shown another
	// way will not be kept up to date.
	Tagged bool
	// Permanent is true when the platform said the bot may never post
	// there (not a member, channel gone): the person must act.
	Permanent bool
	// Behind is true for a post queued behind the channel's waiting posts
	// (the platform refused nothing).
	Behind bool
}

// Result is what Carry did: the message for the person alone (nil when the
// reply was for the channel), and each channel message's fate, in order
// (the reply's own message when for the channel, then its announcement).
type Result struct {
	Person  *bot.Message
	Channel []Sent
	// Files are the person's files and what became of them (with FilesTo).
	Files []FileSent
}

// Problems are the channel messages the person must hear about.
func (r Result) Problems() []Sent {
	var out []Sent
	for _, s := range r.Channel {
		if s.Outcome != Posted && !(s.Outcome == Shown && !s.Tagged) {
			out = append(out, s)
		}
	}
	return out
}

var seq atomic.Int64

// Key is the outbox key of a channel post made in answer to a request:
// "post/<channel>/<unix nanoseconds>/<sequence>". It is chosen before the
// first try, so every later try is the same post.
func Key(ch bot.ChannelID, now time.Time) string {
	return "post/" + string(ch) + "/" + strconv.FormatInt(now.UnixNano(), 10) + "/" + strconv.FormatInt(seq.Add(1), 10)
}

// Carry carries out j.Reply: updates first (of two concurrent clicks, the
// later state should be the later submitted), then the channel's messages,
// and returns what the person alone is to see, and each message's fate.
func (x *Executor) Carry(ctx context.Context, j Job) Result {
	if x.Updates != nil {
		for _, u := range j.Reply.Updates {
			x.Updates.Submit(u)
		}
	}
	var res Result
	rep := j.Reply
	if rep.Audience == bot.ToChannel {
		res.Channel = append(res.Channel, x.toChannel(ctx, j, rep.Message, ""))
	} else {
		m := rep.Message
		res.Person = &m
	}
	if rep.Announce != nil {
		res.Channel = append(res.Channel, x.toChannel(ctx, j, *rep.Announce, rep.AnnounceTag))
	}
	if res.Person != nil && len(res.Person.Files) > 0 && j.FilesTo != nil {
		dest, err := j.FilesTo(ctx)
		up, _ := j.Poster.(bot.Uploader)
		var m bot.Message
		m, res.Files = ShareFiles(ctx, up, dest, err, *res.Person, j.FileNote)
		res.Person = &m
	}
	return res
}

// toChannel posts msg in the request's channel as the bot.
func (x *Executor) toChannel(ctx context.Context, j Job, msg bot.Message, tag string) Sent {
	ch := j.Req.Channel
	now := x.Now()
	key := Key(ch, now)
	sent := Sent{Tagged: tag != ""}
	if x.Queue != nil && x.Waiting != nil && x.Waiting(ctx, ch) {
		e := outbox.Entry{Key: key, Channel: ch, Message: msg, Created: now, Tag: tag, By: j.Req.Person.ID}
		if x.Queue(ctx, e) == nil {
			sent.Outcome, sent.Behind = Queued, true
			return sent
		}
	}
	ref, err := j.Poster.Post(bot.WithIdempotencyKey(ctx, key), ch, msg)
	if err == nil {
		if tag != "" && x.Recorder != nil {
			if rerr := x.Recorder.RecordPost(ctx, tag, ref); rerr != nil {
				x.log().Error("deliver: record a post", "tag", tag, "err", rerr)
			}
		}
		sent.Outcome = Posted
		return sent
	}
	x.log().Warn("deliver: a channel post failed", "channel", ch, "err", err)
	if errors.Is(err, outbox.ErrPermanent) {
		sent.Permanent = true
		if j.ShowInstead != nil {
			shown := msg
			shown.Files = nil
			if j.ShowInstead(ctx, shown) {
				sent.Outcome = Shown
				return sent
			}
		}
		sent.Outcome = Unposted
		return sent
	}
	if x.Queue != nil && ref.ID == "" {
		if qerr := x.Queue(ctx, outbox.Entry{Key: key, Channel: ch, Message: msg, Created: now, Tag: tag, By: j.Req.Person.ID}); qerr == nil {
			sent.Outcome = Queued
			return sent
		}
	}
	sent.Outcome = Unposted
	return sent
}

func (x *Executor) log() *slog.Logger {
	if x.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return x.Log
}
