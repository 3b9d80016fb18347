package commands

import (
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// changeLine says one history entry to the reader: in their language and
// zone, with the field named in words ("changed the deadline"), times as
// dates, durations as lengths, and a sentence of its own for the changes
// that are events rather than edits (removed, restored, made a chair,
// closed, decided, posted, linked, an agenda point added). Stored entries
// keep the machine form (RFC 3339, "true"); only the showing is human.
func (c *Call) changeLine(h jca.Change) bot.Text {
	at := c.dateTime(h.At)
	who := any(bot.Identity(h.By))
	if h.By == "" {
		who = c.S("history.the_bot")
	}
	event := func(key string, kv ...any) bot.Text {
		return c.T(key, append([]any{"when", at, "who", who}, kv...)...)
	}
	field, group := h.Field, ""
	if g, ok := strings.CutPrefix(field, "member "); ok {
		field, group = "member", g
	}
	switch field {
	case "removed":
		if h.New == "true" {
			return event("history.removed")
		}
		return event("history.restored")
	case "chair":
		if h.New == "true" {
			return event("history.chair_added")
		}
		return event("history.chair_removed")
	case "closed":
		return event("history.closed")
	case "decided":
		return event("history.decided", "slot", h.New)
	case "posted":
		return event("history.posted", "channel", channelName(bot.ChannelID(h.New)))
	case "link":
		if h.New != "" {
			return event("history.linked", "other", bot.Identity(h.New))
		}
		return event("history.unlinked", "other", bot.Identity(h.Old))
	case "agenda":
		if h.New != "" {
			return event("history.agenda_added", "item", clip(h.New, 80))
		}
		return event("history.agenda_removed", "item", clip(h.Old, 80))
	case "member":
		switch {
		case h.Old == "":
			return event("history.member_joined", "group", group, "as", h.New)
		case h.New == "":
			return event("history.member_left", "group", group)
		}
		return event("history.member_changed", "group", group, "old", h.Old, "new", h.New)
	case "note":
		if h.Old == "" {
			return event("history.note", "note", clip(h.New, 80))
		}
	case "position":
		return event("history.position."+positionWord(h.New), "old", h.Old)
	}
	name := field
	if key := "history.field." + field; c.r.d.Catalog.Has(key) {
		name = c.S(key)
	}
	return event("history.line", "field", name, "old", c.changeValue(field, h.Old), "new", c.changeValue(field, h.New))
}

// changeValue shows a stored value of field to the reader.
func (c *Call) changeValue(field, v string) string {
	if v == "" {
		return "—"
	}
	if t, ok := storedTime(v); ok {
		return c.dateTime(t)
	}
	switch field {
	case "aspects":
		var as []jca.Aspect
		for _, a := range strings.Split(v, ",") {
			as = append(as, jca.Aspect(strings.TrimSpace(a)))
		}
		return c.aspectLabels(as)
	case "duration":
		if d, err := time.ParseDuration(v); err == nil {
			return c.personView().length(d)
		}
	case "status":
		if key := "meeting.status." + v; c.r.d.Catalog.Has(key) {
			return c.S(key)
		}
	}
	return clip(v, 80)
}

// storedTime reads a time as history stores it: RFC 3339, or the older
// "2006-01-02 15:04 UTC" of liaison deadlines.
func storedTime(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02 15:04 UTC", v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// positionWord names a stance for the catalog: support, object, or none
// (withdrawn).
func positionWord(stance string) string {
	switch stance {
	case string(jca.Support), string(jca.Object):
		return stance
	}
	return "none"
}

// channelName is a channel id as people know it: "#general" for the
// console, else the platform's own id.
func channelName(ch bot.ChannelID) string {
	s := string(ch)
	if i := strings.LastIndexAny(s, ":/"); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return strconv.Quote(string(ch))
	}
	return "#" + s
}
