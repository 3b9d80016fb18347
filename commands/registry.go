// Package commands owns the /jca command language: the tokenizer, the
// declarations of every area and verb (with their help and examples), the
// parsing of arguments and flags, the dispatch of a request to its handler,
// and one file per area. It knows the domain and the chat core, never an
// adapter, a store implementation or a platform SDK.
package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
)

// Area is a noun of the language ("activity", "topic") with its verbs. An
// area without verbs (help, find, report, jobs) has Run set instead.
type Area struct {
	Name    string
	Aliases []string
	// Verbs in the order help lists them.
	Verbs []*Verb
	// Run is the area's only verb when it has none of its own; its Name is "".
	Run *Verb
}

// Verb is one thing a person can ask. Help and the README's command
// reference are generated from these declarations.
type Verb struct {
	Name    string
	Aliases []string
	// Usage shows the arguments in the command language, which stays English:
	// `<group> "<title>"`.
	Usage string
	// Rule is the catalog key saying who may run it (rule.anyone...).
	Rule string
	// Examples are complete command lines without "/jca". The first one is
	// shown in error replies.
	Examples []string
	// MinArgs and MaxArgs bound the positional arguments; MaxArgs < 0 means
	// any number.
	MinArgs, MaxArgs int
	Flags            []Flag
	Run              func(ctx context.Context, c *Call) (bot.Reply, error)

	area *Area
}

// Flag is a --name option of a verb.
type Flag struct {
	Name string
	// Value is the placeholder shown in usage ("SG13", "URL"); empty for a
	// switch that takes no value (--open).
	Value string
	// Multi flags take several values, comma-separated or repeated.
	Multi bool
}

// IsSwitch reports whether the flag takes no value.
func (f Flag) IsSwitch() bool { return f.Value == "" }

// SummaryKey is the catalog key of the verb's one-line description.
func (v *Verb) SummaryKey() string {
	if v.Name == "" {
		return "help." + v.area.Name
	}
	return "help." + v.area.Name + "." + v.Name
}

// FullName is "activity add" (or "help" for an area without verbs).
func (v *Verb) FullName() string {
	if v.Name == "" {
		return v.area.Name
	}
	return v.area.Name + " " + v.Name
}

// UsageLine is the verb's synopsis: `activity add <group> "<title>" [--status S]`.
func (v *Verb) UsageLine() string {
	var b strings.Builder
	b.WriteString(v.FullName())
	if v.Usage != "" {
		b.WriteString(" " + v.Usage)
	}
	for _, f := range v.Flags {
		b.WriteString(" [--" + f.Name)
		if !f.IsSwitch() {
			b.WriteString(" " + f.Value)
			if f.Multi {
				b.WriteString(",...")
			}
		}
		b.WriteString("]")
	}
	return b.String()
}

func (v *Verb) flag(name string) (Flag, bool) {
	for _, f := range v.Flags {
		if f.Name == name {
			return f, true
		}
	}
	return Flag{}, false
}

// Registry holds the declared areas and resolves typed names to them.
type Registry struct {
	areas  []*Area
	byName map[string]*Area
}

// NewRegistry checks the declarations and indexes them. A bad declaration
// (duplicate name or alias, a verb without an example, an example that does
// not parse, a help key missing from the catalog) is an error, so it fails
// at start-up rather than in front of a person.
func NewRegistry(cat *i18n.Catalog, areas ...*Area) (*Registry, error) {
	r := &Registry{byName: map[string]*Area{}}
	for _, a := range areas {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			if _, dup := r.byName[n]; dup {
				return nil, fmt.Errorf("commands: area name %q declared twice", n)
			}
			r.byName[n] = a
		}
		if (a.Run == nil) == (len(a.Verbs) == 0) {
			return nil, fmt.Errorf("commands: area %q needs either verbs or Run", a.Name)
		}
		if !cat.Has("help." + a.Name) {
			return nil, fmt.Errorf("commands: catalog lacks %q", "help."+a.Name)
		}
		seen := map[string]bool{"help": true}
		for _, v := range a.verbs() {
			v.area = a
			for _, n := range append([]string{v.Name}, v.Aliases...) {
				if n != "" && seen[n] {
					return nil, fmt.Errorf("commands: verb %q of %q declared twice", n, a.Name)
				}
				seen[n] = true
			}
			if v.Run == nil {
				return nil, fmt.Errorf("commands: %s has no handler", v.FullName())
			}
			if len(v.Examples) == 0 {
				return nil, fmt.Errorf("commands: %s has no example", v.FullName())
			}
			for _, key := range []string{v.SummaryKey(), v.Rule} {
				if !cat.Has(key) {
					return nil, fmt.Errorf("commands: %s: catalog lacks %q", v.FullName(), key)
				}
			}
			for _, f := range v.Flags {
				if flagHelpKey(cat, v, f.Name) == "" {
					return nil, fmt.Errorf("commands: %s: catalog lacks help for --%s", v.FullName(), f.Name)
				}
			}
			for _, ex := range v.Examples {
				if _, err := r.parseExample(a, v, ex); err != nil {
					return nil, fmt.Errorf("commands: %s: example %q: %w", v.FullName(), ex, err)
				}
			}
		}
		r.areas = append(r.areas, a)
	}
	return r, nil
}

// parseExample checks that an example names its own verb and parses.
func (r *Registry) parseExample(a *Area, v *Verb, ex string) (*parsed, error) {
	toks, err := Tokenize(ex)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 || lookupArea(r.byName, toks[0].Text) != a {
		return nil, fmt.Errorf("does not start with %q", a.Name)
	}
	rest := toks[1:]
	if a.Run == nil {
		if len(rest) == 0 || a.verb(rest[0].Text) != v {
			return nil, fmt.Errorf("does not name verb %q", v.Name)
		}
		rest = rest[1:]
	}
	p, perr := parseArgs(v, rest)
	if perr != nil {
		return nil, fmt.Errorf("%s", perr.key)
	}
	return p, nil
}

func flagHelpKey(cat *i18n.Catalog, v *Verb, name string) string {
	for _, k := range []string{"flag." + v.area.Name + "." + v.Name + "." + name, "flag." + v.area.Name + "." + name, "flag." + name} {
		if cat.Has(k) {
			return k
		}
	}
	return ""
}

// Areas lists the declared areas in order.
func (r *Registry) Areas() []*Area { return r.areas }

func (a *Area) verbs() []*Verb {
	if a.Run != nil {
		return []*Verb{a.Run}
	}
	return a.Verbs
}

func (a *Area) verb(name string) *Verb {
	name = strings.ToLower(name)
	for _, v := range a.Verbs {
		if v.Name == name {
			return v
		}
		for _, al := range v.Aliases {
			if al == name {
				return v
			}
		}
	}
	return nil
}

func (a *Area) verbNames() []string {
	var out []string
	for _, v := range a.Verbs {
		out = append(out, v.Name)
	}
	return out
}

func lookupArea(m map[string]*Area, name string) *Area {
	return m[strings.ToLower(name)]
}
