// Package bot is jcabot's chat core. It owns the platform-neutral model of a
// conversation: who asked what and where (Request), what the bot answers
// (Reply, Message), and the interfaces chat adapters implement. It knows
// nothing of the JCA domain and nothing of any chat platform.
package bot

import (
	"context"
	"strings"
	"time"
)

// Platform names the chat system a request came from.
type Platform string

const (
	Console    Platform = "console"
	Slack      Platform = "slack"
	Mattermost Platform = "mattermost"
)

// Identity is a platform-qualified person id such as "slack:U123" or
// "console:alice". It is stable: the same person on the same platform always
// has the same Identity.
type Identity string

// NewIdentity qualifies a platform user id.
func NewIdentity(p Platform, userID string) Identity {
	return Identity(string(p) + ":" + userID)
}

// Platform returns the platform part of the identity ("" when unqualified).
func (id Identity) Platform() Platform {
	p, _, ok := strings.Cut(string(id), ":")
	if !ok {
		return ""
	}
	return Platform(p)
}

// User returns the platform's own user id, without the platform prefix.
func (id Identity) User() string {
	_, u, ok := strings.Cut(string(id), ":")
	if !ok {
		return string(id)
	}
	return u
}

// ChannelID is a platform-qualified channel id: "slack:T1/C1",
// "mattermost:team/chan", "console:general".
type ChannelID string

// NewChannelID qualifies a channel by platform and, where the platform has
// them, team.
func NewChannelID(p Platform, team, channel string) ChannelID {
	if team == "" {
		return ChannelID(string(p) + ":" + channel)
	}
	return ChannelID(string(p) + ":" + team + "/" + channel)
}

// Platform returns the platform part of the channel id.
func (c ChannelID) Platform() Platform {
	p, _, _ := strings.Cut(string(c), ":")
	return Platform(p)
}

// Person is who sent a request.
type Person struct {
	ID   Identity
	Name string // display name, for showing only
	// TZ is the IANA zone of the person's platform profile, "" when unknown.
	TZ string
}

// Mention is a person named in the request text. Adapters resolve their
// platform's mention syntax into identities; Token is the text as it appears
// in Request.Text (for example "@alice"), so commands can match arguments.
type Mention struct {
	Token string
	ID    Identity
	Name  string
}

// Action is a button click: the action name and value the button carried.
type Action struct {
	Name  string
	Value string
}

// Request is one thing a person asked of the bot, already normalised by an
// adapter.
type Request struct {
	Platform Platform
	Team     string
	Channel  ChannelID
	Person   Person
	// Text is the command text without the "/jca" trigger. Empty for a click.
	Text string
	// Action is set for a button click, nil for typed text.
	Action   *Action
	Mentions []Mention
	Time     time.Time
}

// MentionFor returns the mention whose token is tok, if any.
func (r *Request) MentionFor(tok string) (Mention, bool) {
	for _, m := range r.Mentions {
		if m.Token == tok {
			return m, true
		}
	}
	return Mention{}, false
}

// Audience says who sees a reply.
type Audience int

const (
	// ToPerson: only the person who asked sees it.
	ToPerson Audience = iota
	// ToChannel: everyone in the channel sees it.
	ToChannel
)

// Reply is the bot's answer to a Request.
type Reply struct {
	Audience Audience
	Message  Message
	// Refused is true when the request was not carried out (bad input, no
	// permission). Nothing was changed.
	Refused bool
	// Announce is an optional message for the channel, besides a reply to the
	// person (a new poll, a forwarded topic).
	Announce *Message `json:",omitempty"`
	// AnnounceTag, when set, names what the announcement shows ("poll:4"):
	// the adapter that posts it reports the posted message's reference to a
	// PostRecorder under this tag, so it can be updated later.
	AnnounceTag string `json:",omitempty"`
	// Updates are new versions of messages posted earlier (a poll's tally
	// after a vote), for every copy, whatever its platform. They are applied
	// coalesced: at most one update per message per second, the last wins.
	Updates []Update `json:",omitempty"`
}

// Update replaces a posted message. With a Tag ("poll:4"), the message is
// rendered when the update is sent, from the state at that moment, so the
// newest state wins whatever order concurrent requests finish in; Message
// is then not used.
type Update struct {
	Ref     MessageRef
	Tag     string  `json:",omitempty"`
	Message Message `json:",omitempty"`
}

// PostRecorder learns where a tagged announcement was posted.
type PostRecorder interface {
	RecordPost(ctx context.Context, tag string, ref MessageRef) error
}

// Handler answers requests. A Handler never returns a Go error to a person:
// every failure is a Reply.
type Handler interface {
	Handle(ctx context.Context, req Request) Reply
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, req Request) Reply

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) Reply { return f(ctx, req) }

// MessageRef finds a posted message again, for a later update. Platform data
// (a Slack ts, a Mattermost post id) is opaque to the core.
type MessageRef struct {
	Channel ChannelID
	ID      string
}

// Poster is what every adapter can do: post a message to a channel.
type Poster interface {
	Post(ctx context.Context, channel ChannelID, msg Message) (MessageRef, error)
}

// Updater is an optional capability: change a posted message in place.
// Callers find it by type assertion and post anew when it is missing.
type Updater interface {
	Update(ctx context.Context, ref MessageRef, msg Message) error
}

// DirectMessenger is an optional capability: write to a person alone,
// outside any channel (a direct message from the bot).
type DirectMessenger interface {
	Direct(ctx context.Context, person Identity, msg Message) error
}

// Uploader is an optional capability: share a file in a channel. Callers
// fall back to inline text when it is missing.
type Uploader interface {
	Upload(ctx context.Context, channel ChannelID, f File) error
}

type idempotencyKey struct{}

// WithIdempotencyKey returns a context saying that a Post made with it is
// the delivery of key (an outbox entry's key): however often it is tried,
// it is one post. Platforms that can deduplicate a post (Mattermost's
// pending_post_id) use it; the others cannot, and may show a post twice
// when the platform took it but its answer was lost.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, key)
}

// IdempotencyKey is the key WithIdempotencyKey put in ctx, "" if none.
func IdempotencyKey(ctx context.Context) string {
	k, _ := ctx.Value(idempotencyKey{}).(string)
	return k
}
