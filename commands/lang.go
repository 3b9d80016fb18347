package commands

import (
	"context"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

func langArea() *Area {
	return &Area{
		Name:    "lang",
		Aliases: []string{"language", "langue"},
		Verbs: []*Verb{
			{
				Name: "set", Usage: "<en|fr>", Rule: "rule.self",
				MinArgs: 1, MaxArgs: 1,
				Examples: []string{"lang set fr", "lang set en"},
				Run:      langSet,
			},
			{
				Name: "show", Rule: "rule.anyone",
				Examples: []string{"lang show"},
				Run:      langShow,
			},
		},
	}
}

func langSet(ctx context.Context, c *Call) (bot.Reply, error) {
	l, ok := i18n.ParseLang(c.Args[0])
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.unknown_lang", "value", c.Args[0])
	}
	if _, err := c.r.settingsStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		p.Lang = string(l)
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	c.Lang = l // answer in the new language
	return c.reply(*new(bot.Message).Section(c.T("lang.set"))), nil
}

func langShow(ctx context.Context, c *Call) (bot.Reply, error) {
	p, err := c.r.settingsStore().FindPerson(ctx, c.Me)
	if err != nil {
		return bot.Reply{}, err
	}
	key := "lang.show.default"
	if p.Lang != "" {
		key = "lang.show.chosen"
	}
	return c.reply(*new(bot.Message).Section(c.T(key))), nil
}
