package slack

import (
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
)

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// escape makes user text literal in mrkdwn: a typed "<!channel>" or
// "<https://evil|bank>" is shown as typed, never executed.
func escape(s string) string {
	if mrkdwnEscaped.index(s) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	writeEscaped(&b, s)
	return b.String()
}

// byteSet is a small set of ASCII bytes, found in a string by a table
// lookup per byte in a short string and by strings.IndexByte (vectorised)
// per member in a long one: the scans of rendering test every byte of
// every message.
type byteSet struct {
	members string
	in      [256]bool
}

func newByteSet(members string) *byteSet {
	set := &byteSet{members: members}
	for i := 0; i < len(members); i++ {
		set.in[members[i]] = true
	}
	return set
}

// index is the index of the first byte of s in the set, -1 if none.
func (set *byteSet) index(s string) int {
	if len(s) < 64 {
		for i := 0; i < len(s); i++ {
			if set.in[s[i]] {
				return i
			}
		}
		return -1
	}
	first := -1
	for i := 0; i < len(set.members); i++ {
		if j := strings.IndexByte(s, set.members[i]); j >= 0 {
			first, s = j, s[:j]
		}
	}
	return first
}

var (
	mrkdwnEscaped = newByteSet("&<>")
	mrkdwnMarkers = newByteSet("*_~`")
	formEscapes   = newByteSet("%+")
)

// writeEscaped writes s to b escaped as escape describes, without an
// intermediate string: the hot path of every rendered message.
func writeEscaped(b *strings.Builder, s string) {
	for {
		i := mrkdwnEscaped.index(s)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch s[i] {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		default:
			b.WriteString("&gt;")
		}
		s = s[i+1:]
	}
}

func unescape(s string) string { return unescaper.Replace(s) }

// parseText turns text as Slack sends it (HTML-escaped, with "<...>"
// markup for mentions, channels and links, because the manifest asks for
// should_escape) into the command text and the people it mentions. A user
// mention <@U123|name> or <@U123> becomes the token "@U123" in the text and
// a bot.Mention; a channel <#C1|general> becomes "#general"; a link
// <https://x|label> becomes its label, or its URL when it has none;
// <!here> and friends become "@here", shown as text, never acted on.
func parseText(s string) (string, []bot.Mention) {
	var b strings.Builder
	var mentions []bot.Mention
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(unescape(s[:i]))
		inner := s[i+1 : i+j]
		s = s[i+j+1:]
		target, label, _ := strings.Cut(inner, "|")
		label = unescape(label)
		switch {
		case strings.HasPrefix(target, "@") && validID(target[1:]):
			id := target[1:]
			tok := "@" + id
			b.WriteString(tok)
			if !seen[tok] {
				seen[tok] = true
				mentions = append(mentions, bot.Mention{Token: tok, ID: bot.NewIdentity(bot.Slack, id), Name: strings.TrimPrefix(label, "@")})
			}
		case strings.HasPrefix(target, "#"):
			if label != "" {
				b.WriteString("#" + label)
			} else {
				b.WriteString(unescape(target))
			}
		case strings.HasPrefix(target, "!"):
			if label != "" {
				b.WriteString(label)
			} else {
				name, _, _ := strings.Cut(target[1:], "^")
				b.WriteString("@" + unescape(name))
			}
		case label != "":
			b.WriteString(label)
		default:
			b.WriteString(unescape(target))
		}
	}
	b.WriteString(unescape(s))
	return b.String(), mentions
}

// validID reports whether s looks like a Slack user id (U… or W…, upper
// case letters and digits).
func validID(s string) bool {
	if len(s) < 2 || len(s) > 32 || (s[0] != 'U' && s[0] != 'W' && s[0] != 'B') {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
