package commands

import (
	"context"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Zones and languages: a person's own zone, and the zone and language of a
// channel's own posts. Precedence for a person: the zone set with "tz set",
// else their platform profile's, else JCABOT_TZ.

func tzArea() *Area {
	return &Area{
		Name:    "tz",
		Aliases: []string{"timezone", "zone"},
		Verbs: []*Verb{
			{
				Name: "set", Usage: "[<IANA zone>]", Rule: "rule.self", MinArgs: 0, MaxArgs: 1,
				Flags:    []Flag{{Name: "hours", Value: "HH:MM-HH:MM"}},
				Examples: []string{"tz set Africa/Cairo", "tz set Asia/Tokyo --hours 08:00-21:00", "tz set --hours 22:00-06:00"},
				Run:      tzSet,
			},
			{
				Name: "show", Rule: "rule.anyone",
				Examples: []string{"tz show"},
				Run:      tzShow,
			},
			{
				Name: "clear", Aliases: []string{"unset", "reset"}, Rule: "rule.self",
				Examples: []string{"tz clear"},
				Run:      tzClear,
			},
		},
	}
}

func channelArea() *Area {
	return &Area{
		Name:    "channel",
		Aliases: []string{"canal"},
		Verbs: []*Verb{
			{
				Name: "tz", Usage: "<IANA zone>", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"channel tz Europe/Zurich"},
				Run:      channelTZ,
			},
			{
				Name: "hours", Usage: "<HH:MM-HH:MM>", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"channel hours 08:00-20:00"},
				Run:      channelHours,
			},
			{
				Name: "lang", Usage: "<en|fr>", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"channel lang fr"},
				Run:      channelLang,
			},
			{
				Name: "show", Rule: "rule.anyone",
				Examples: []string{"channel show"},
				Run:      channelShow,
			},
		},
	}
}

// zone reads an IANA zone name, with suggestions when it is unknown.
func (c *Call) zone(s string) (*time.Location, string, error) {
	loc, name, ok := when.LoadZone(s)
	if !ok {
		return nil, "", jca.Errorf(jca.EInvalid, "err.unknown_zone", "value", s).
			WithSuggestions(suggestions(s, when.ZoneNames())...)
	}
	return loc, name, nil
}

// day shows the calendar day of t in the person's zone.
func (c *Call) day(t time.Time) string { return when.Date(t, c.Loc, string(c.Lang)) }

func tzSet(ctx context.Context, c *Call) (bot.Reply, error) {
	var loc *time.Location
	var name string
	if len(c.Args) == 1 {
		var err error
		if loc, name, err = c.zone(c.Args[0]); err != nil {
			return bot.Reply{}, err
		}
	}
	var hours *jca.Hours
	if v, ok := c.Flag("hours"); ok {
		h, err := parseHours(v)
		if err != nil {
			return bot.Reply{}, err
		}
		hours = &h
	}
	if loc == nil && hours == nil {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.tz_set_nothing")
	}
	if _, err := c.r.settingsStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		if name != "" {
			p.TZ = name
		}
		if hours != nil {
			p.Hours = hours
		}
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	if loc != nil {
		c.Loc = loc
		m.Section(c.T("tz.set", "zone", name, "now", c.clock(c.Now())))
	}
	if hours != nil {
		m.Section(c.T("tz.hours_set", "hours", hours.String()))
	}
	return c.reply(m), nil
}

// parseHours reads working hours, refusing with an example.
func parseHours(s string) (jca.Hours, error) {
	h, ok := jca.ParseHours(s)
	if !ok {
		return jca.Hours{}, jca.Errorf(jca.EInvalid, "err.bad_hours", "value", s, "example", "08:00-21:00")
	}
	return h, nil
}

// hoursOf are a person's working hours and where they come from
// ("tz.hours.own", "tz.hours.channel", "tz.hours.default"), the channel's
// default applying to those who set none.
func (r *Router) hoursOf(ctx context.Context, p *jca.Person, channel bot.ChannelID) (jca.Hours, string) {
	if p != nil && p.Hours != nil {
		return *p.Hours, "tz.hours.own"
	}
	if h := r.channelHours(ctx, channel); h != nil {
		return *h, "tz.hours.channel"
	}
	return jca.DefaultHours, "tz.hours.default"
}

// channelHours is the channel's default working hours, nil when it has
// none.
func (r *Router) channelHours(ctx context.Context, id bot.ChannelID) *jca.Hours {
	if id == "" {
		return nil
	}
	ch, err := r.settingsStore().FindChannel(ctx, string(id))
	if err != nil {
		r.d.Log.Error("read channel settings", "err", err)
		return nil
	}
	return ch.Hours
}

// clock is the time of day at t in the person's zone with the zone label.
func (c *Call) clock(t time.Time) string {
	return t.In(c.Loc).Format("15:04") + " (" + when.ZoneLabel(t, c.Loc) + ")"
}

func tzClear(ctx context.Context, c *Call) (bot.Reply, error) {
	if _, err := c.r.settingsStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		if p.TZ == "" {
			return jca.Errorf(jca.EConflict, "err.tz_not_set")
		}
		p.TZ = ""
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("tz.cleared"))), nil
}

func tzShow(ctx context.Context, c *Call) (bot.Reply, error) {
	key := "tz.show.default"
	switch {
	case c.person != nil && c.person.TZ != "":
		key = "tz.show.set"
	case c.Req.Person.TZ != "":
		key = "tz.show.profile"
	}
	var m bot.Message
	m.Section(c.T(key, "zone", c.Loc.String(), "now", c.clock(c.Now())))
	h, from := c.r.hoursOf(ctx, c.person, c.Req.Channel)
	m.Section(c.T("tz.show.hours", "hours", h.String(), "from", jca.MsgKey(from)))
	if key != "tz.show.set" {
		m.Context(c.T("tz.show.next"))
	}
	return c.reply(m), nil
}

// channelSettings returns the channel's zone and language, with defaults.
func (r *Router) channelSettings(ctx context.Context, id bot.ChannelID) (*time.Location, i18n.Lang) {
	loc, lang := r.d.DefaultTZ, r.d.DefaultLang
	ch, err := r.settingsStore().FindChannel(ctx, string(id))
	if err != nil {
		r.d.Log.Error("read channel settings", "err", err)
		return loc, lang
	}
	if ch.TZ != "" {
		if l, err := when.Location(ch.TZ); err == nil {
			loc = l
		}
	}
	if l, ok := i18n.ParseLang(ch.Lang); ok {
		lang = l
	}
	return loc, lang
}

func channelTZ(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.channel_settings"); err != nil {
		return bot.Reply{}, err
	}
	_, name, err := c.zone(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if _, err := c.r.settingsStore().UpdateChannel(ctx, string(c.Req.Channel), func(ch *jca.Channel) error {
		ch.TZ = name
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("channel.tz_set", "zone", name))), nil
}

func channelHours(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.channel_settings"); err != nil {
		return bot.Reply{}, err
	}
	h, err := parseHours(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if _, err := c.r.settingsStore().UpdateChannel(ctx, string(c.Req.Channel), func(ch *jca.Channel) error {
		ch.Hours = &h
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("channel.hours_set", "hours", h.String()))), nil
}

func channelLang(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.channel_settings"); err != nil {
		return bot.Reply{}, err
	}
	l, ok := i18n.ParseLang(c.Args[0])
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.unknown_lang", "value", c.Args[0])
	}
	if _, err := c.r.settingsStore().UpdateChannel(ctx, string(c.Req.Channel), func(ch *jca.Channel) error {
		ch.Lang = string(l)
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("channel.lang_set", "lang", jca.MsgKey("lang."+string(l))))), nil
}

func channelShow(ctx context.Context, c *Call) (bot.Reply, error) {
	loc, lang := c.r.channelSettings(ctx, c.Req.Channel)
	hours := jca.DefaultHours
	if h := c.r.channelHours(ctx, c.Req.Channel); h != nil {
		hours = *h
	}
	return c.reply(*new(bot.Message).Section(c.T("channel.show", "zone", loc.String(), "lang", jca.MsgKey("lang."+string(lang)), "hours", hours.String()))), nil
}

// settingsStore is what the zone, channel and language rooms uses of the store.
type settingsStore interface {
	jca.PersonService
	jca.ChannelService
}

func (r *Router) settingsStore() settingsStore { return r.d.Store }
