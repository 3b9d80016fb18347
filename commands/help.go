package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
)

func helpArea() *Area {
	return &Area{
		Name:    "help",
		Aliases: []string{"aide", "?"},
		Run: &Verb{
			Usage:    "[<area> [<verb>]]",
			Rule:     "rule.anyone",
			Examples: []string{"help", "help activity", "help activity add"},
			MaxArgs:  2,
			Run:      runHelp,
		},
	}
}

func runHelp(ctx context.Context, c *Call) (bot.Reply, error) {
	r := c.r
	if len(c.Args) == 0 {
		return r.helpReply(c, nil), nil
	}
	area := lookupArea(r.reg.byName, c.Args[0])
	if area == nil {
		var names []string
		for _, a := range r.reg.areas {
			names = append(names, a.Name)
		}
		return c.refuseWithSuggestions(c.T("err.unknown_area", "word", c.Args[0]), didYouMean(c.Args[0], names, "help "), c.T("hint.help")), nil
	}
	if len(c.Args) == 1 || area.Run != nil {
		return r.helpReply(c, area), nil
	}
	v := area.verb(c.Args[1])
	if v == nil {
		return c.refuseWithSuggestions(
			c.T("err.unknown_verb", "word", c.Args[1], "area", area.Name),
			didYouMean(c.Args[1], area.verbNames(), "help "+area.Name+" "),
			c.T("hint.area_help", "area", area.Name)), nil
	}
	return r.verbHelpReply(c, v), nil
}

// helpReply lists the areas (area nil) or one area's verbs.
func (r *Router) helpReply(c *Call, area *Area) bot.Reply {
	var m bot.Message
	if area == nil {
		m.Title = c.T("help.title", "jca", r.d.Vocab.JCA)
		for _, a := range r.reg.areas {
			m.Section(append(bot.Text{{Kind: bot.Code, Text: a.Name}, {Text: " — "}}, c.T("help."+a.Name)...))
		}
		m.Context(c.T("hint.help_area"))
		return c.reply(m)
	}
	if area.Run != nil {
		return r.verbHelpReply(c, area.Run)
	}
	m.Title = append(bot.Text{{Kind: bot.Code, Text: area.Name}, {Text: " — "}}, c.T("help."+area.Name)...)
	for _, v := range area.Verbs {
		line := bot.Text{{Kind: bot.Code, Text: v.FullName() + usageArgs(v)}, {Text: " — "}}
		m.Section(append(line, c.T(v.SummaryKey())...))
	}
	m.Context(c.T("hint.verb_help", "area", area.Name, "verb", area.Verbs[0].Name))
	return c.reply(m)
}

func usageArgs(v *Verb) string {
	if v.Usage == "" {
		return ""
	}
	return " " + v.Usage
}

// verbHelpReply shows one verb: usage, what it does, who may, flags, examples.
func (r *Router) verbHelpReply(c *Call, v *Verb) bot.Reply {
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Code, Text: "/jca " + v.FullName()}}
	m.Section(c.T(v.SummaryKey()))
	m.Section(c.T("hint.usage", "usage", v.UsageLine()))
	m.Section(c.T(v.Rule))
	var fields []bot.Field
	for _, f := range v.Flags {
		label := "--" + f.Name
		if !f.IsSwitch() {
			label += " " + f.Value
		}
		fields = append(fields, c.fieldLabel(label, c.T(flagHelpKey(r.d.Catalog, v, f.Name))))
	}
	m.AddFields(fields...)
	for _, ex := range v.Examples {
		m.Context(c.T("hint.example", "example", "/jca "+ex))
	}
	return c.reply(m)
}

// Reference renders the whole command reference as Markdown, in English,
// for the README. A test keeps the README's copy equal to it.
func Reference(cat *i18n.Catalog, reg *Registry) string {
	var b strings.Builder
	en := func(key string, kv ...any) string { return markdown(cat.Text(i18n.EN, key, kv...)) }
	for _, a := range reg.areas {
		fmt.Fprintf(&b, "### `%s`", a.Name)
		if len(a.Aliases) > 0 {
			fmt.Fprintf(&b, " (also `%s`)", strings.Join(a.Aliases, "`, `"))
		}
		fmt.Fprintf(&b, "\n\n%s\n\n", en("help."+a.Name))
		for _, v := range a.verbs() {
			fmt.Fprintf(&b, "#### `/jca %s`\n\n", v.UsageLine())
			fmt.Fprintf(&b, "%s %s", en(v.SummaryKey()), en(v.Rule))
			if len(v.Aliases) > 0 {
				fmt.Fprintf(&b, " Alias: `%s`.", strings.Join(v.Aliases, "`, `"))
			}
			b.WriteString("\n\n")
			for _, f := range v.Flags {
				label := "--" + f.Name
				if !f.IsSwitch() {
					label += " " + f.Value
				}
				fmt.Fprintf(&b, "- `%s`: %s\n", label, en(flagHelpKey(cat, v, f.Name)))
			}
			if len(v.Flags) > 0 {
				b.WriteString("\n")
			}
			b.WriteString("```\n")
			for _, ex := range v.Examples {
				fmt.Fprintf(&b, "/jca %s\n", ex)
			}
			b.WriteString("```\n\n")
		}
	}
	return b.String()
}

// markdown renders catalog text as GitHub Markdown (for the README only).
func markdown(t bot.Text) string {
	var b strings.Builder
	for _, s := range t {
		switch s.Kind {
		case bot.Bold:
			b.WriteString("**" + s.Text + "**")
		case bot.Italic:
			b.WriteString("*" + s.Text + "*")
		case bot.Code:
			b.WriteString("`" + s.Text + "`")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
