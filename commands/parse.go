package commands

import (
	"strings"
	"unicode"

	"github.com/jcabot/jcabot/internal/suggest"
)

// parsed is a verb's arguments after flag parsing.
type parsed struct {
	args  []string
	flags map[string][]string
	help  bool
}

// parseError is a usage mistake, described by a catalog key and arguments.
type parseError struct {
	key     string
	kv      []any
	suggest []string // "did you mean" candidates, as typed ("--aspect")
}

// flagName returns the flag name if tok is a flag: "--name" or
// "--name=value". Phones turn "--" into an em or en dash, so "—name" and
// "–name" count too. A quoted word is never a flag.
func flagName(tok Token) (name, value string, hasValue, ok bool) {
	if tok.Quoted {
		return "", "", false, false
	}
	s := tok.Text
	switch {
	case strings.HasPrefix(s, "--"):
		s = s[2:]
	case strings.HasPrefix(s, "—"):
		s = strings.TrimPrefix(s, "—")
	case strings.HasPrefix(s, "–"):
		s = strings.TrimPrefix(s, "–")
	default:
		return "", "", false, false
	}
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		return "", "", false, false
	}
	name, value, hasValue = strings.Cut(s, "=")
	return strings.ToLower(name), value, hasValue, true
}

// parseArgs splits tokens into positional arguments and the verb's flags,
// checking counts, unknown flags, missing values and repeats.
func parseArgs(v *Verb, toks []Token) (*parsed, *parseError) {
	p := &parsed{flags: map[string][]string{}}
	for i := 0; i < len(toks); i++ {
		name, value, hasValue, isFlag := flagName(toks[i])
		if !isFlag {
			p.args = append(p.args, toks[i].Text)
			continue
		}
		if name == "help" {
			p.help = true
			continue
		}
		f, ok := v.flag(name)
		if !ok {
			return nil, &parseError{key: "err.unknown_flag", kv: []any{"flag", "--" + name}, suggest: suggestFlags(v, name)}
		}
		if f.IsSwitch() {
			if hasValue {
				return nil, &parseError{key: "err.flag_no_value", kv: []any{"flag", "--" + name}}
			}
			p.flags[name] = append(p.flags[name], "true")
			continue
		}
		if !hasValue {
			if i+1 >= len(toks) {
				return nil, &parseError{key: "err.flag_needs_value", kv: []any{"flag", "--" + name, "value", f.Value}}
			}
			if _, _, _, next := flagName(toks[i+1]); next {
				return nil, &parseError{key: "err.flag_needs_value", kv: []any{"flag", "--" + name, "value", f.Value}}
			}
			i++
			value = toks[i].Text
		}
		if _, seen := p.flags[name]; seen && !f.Multi {
			return nil, &parseError{key: "err.flag_twice", kv: []any{"flag", "--" + name}}
		}
		if f.Multi {
			for _, part := range strings.Split(value, ",") {
				if part = strings.TrimSpace(part); part != "" {
					p.flags[name] = append(p.flags[name], part)
				}
			}
			if len(p.flags[name]) == 0 {
				return nil, &parseError{key: "err.flag_needs_value", kv: []any{"flag", "--" + name, "value", f.Value}}
			}
			continue
		}
		p.flags[name] = []string{value}
	}
	if p.help {
		return p, nil
	}
	if len(p.args) < v.MinArgs {
		if what := v.placeholder(len(p.args)); what != "" {
			return nil, &parseError{key: "err.missing_arg", kv: []any{"what", what}}
		}
		return nil, &parseError{key: "err.missing_args"}
	}
	if v.MaxArgs >= 0 && len(p.args) > v.MaxArgs {
		return nil, &parseError{key: "err.too_many_args", kv: []any{"word", p.args[v.MaxArgs]}}
	}
	return p, nil
}

// placeholder is the i-th positional argument of the verb's usage
// (`"<title>"` for `<group> "<title>"` and 1), "" when the usage does not
// say. A placeholder in angle brackets or quotes is one, spaces and all.
func (v *Verb) placeholder(i int) string {
	var words []string
	depth, quoted, start := 0, false, -1
	usage := v.Usage + " "
	for j, r := range usage {
		switch {
		case r == '<':
			depth++
		case r == '>' && depth > 0:
			depth--
		case r == '"':
			quoted = !quoted
		}
		if r == ' ' && depth == 0 && !quoted {
			if start >= 0 {
				words = append(words, usage[start:j])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = j
		}
	}
	for k, w := range words {
		if strings.HasPrefix(w, "[") || w == "|" {
			words = words[:k]
			break
		}
	}
	if i < len(words) {
		return strings.TrimSuffix(words[i], "...")
	}
	return ""
}

func suggestFlags(v *Verb, name string) []string {
	var names []string
	for _, f := range v.Flags {
		names = append(names, f.Name)
	}
	return didYouMean(name, names, "--")
}

// didYouMean returns up to three candidates near word, each with prefix.
func didYouMean(word string, candidates []string, prefix string) []string {
	var out []string
	for _, c := range suggest.Closest(word, candidates, 3) {
		out = append(out, prefix+c)
	}
	return out
}
