// Package i18n owns jcabot's message catalog: every string a person reads,
// in English and French, and the small markup language the catalog is
// written in.
//
// Templates use **bold**, *italic*, `code` and {name} placeholders ({{ for a
// literal brace). Arguments are passed as name/value pairs and are never
// interpreted as markup: a string argument is literal text, a bot.Identity
// becomes a mention, a bot.Text is inserted as it is, numbers are formatted
// for the language. French templates are written with ordinary spaces; the
// catalog puts the non-breaking spaces French typography wants before : ; ? !
// and inside « ».
package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// Lang is a language the bot speaks.
type Lang string

const (
	EN Lang = "en"
	FR Lang = "fr"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{EN, FR}

// ParseLang reads "en", "fr", "English", "français"... case-insensitively.
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "en", "eng", "english", "anglais":
		return EN, true
	case "fr", "fra", "fre", "french", "français", "francais":
		return FR, true
	}
	return "", false
}

// Entry is one message in both languages.
type Entry struct {
	Key string
	EN  string
	FR  string
}

// Catalog holds every message. It is safe for concurrent use.
type Catalog struct {
	msgs    map[string][2]string
	parsed  map[string][2][]segment
	mu      sync.Mutex
	missing map[string]bool
}

// New builds the catalog from the given entry tables (each area of the bot
// keeps its own table). A duplicate key or an entry lacking a language is an
// error: the catalog must be complete in both languages.
func New(tables ...[]Entry) (*Catalog, error) {
	c := &Catalog{msgs: map[string][2]string{}, parsed: map[string][2][]segment{}, missing: map[string]bool{}}
	for _, t := range tables {
		for _, e := range t {
			if _, dup := c.msgs[e.Key]; dup {
				return nil, fmt.Errorf("i18n: duplicate key %q", e.Key)
			}
			if e.EN == "" || e.FR == "" {
				return nil, fmt.Errorf("i18n: key %q lacks a language", e.Key)
			}
			c.msgs[e.Key] = [2]string{e.EN, frenchSpacing(e.FR)}
			c.parsed[e.Key] = [2][]segment{parse(c.msgs[e.Key][0]), parse(c.msgs[e.Key][1])}
		}
	}
	return c, nil
}

// Default is the catalog of every table this package ships.
func Default() (*Catalog, error) { return New(AllTables()...) }

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// Keys returns every key, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Template returns the raw template of key in lang.
func (c *Catalog) Template(l Lang, key string) (string, bool) {
	m, ok := c.msgs[key]
	if !ok {
		return "", false
	}
	if l == FR {
		return m[1], true
	}
	return m[0], true
}

// Missing lists keys that were asked for but do not exist: a test asserts it
// stays empty after exercising every command.
func (c *Catalog) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Text renders key in lang with the named arguments (name, value, name,
// value...). An unknown key renders as the key itself and is recorded in
// Missing.
func (c *Catalog) Text(l Lang, key string, kv ...any) bot.Text {
	segs, ok := c.parsed[key]
	if !ok {
		c.mu.Lock()
		c.missing[key] = true
		c.mu.Unlock()
		return bot.T(key)
	}
	copied := false
	for i := 1; i < len(kv); i += 2 {
		if k, ok := kv[i].(interface{ CatalogKey() string }); ok {
			if !copied { // never modify the caller's slice
				kv, copied = append([]any(nil), kv...), true
			}
			kv[i] = c.Text(l, k.CatalogKey())
		}
	}
	if l == FR {
		return fill(l, segs[1], kv)
	}
	return fill(l, segs[0], kv)
}

// String renders key as plain text (no styling; mentions by name).
func (c *Catalog) String(l Lang, key string, kv ...any) string {
	return c.Text(l, key, kv...).String()
}

// Label is text as the label of a field, with the language's punctuation:
// "Status:" in English, "Statut :" (a non-breaking space before the
// colon) in French. Adapters show bot.Field labels as they are.
func (c *Catalog) Label(l Lang, text string) string {
	return c.String(l, "label", "label", text)
}

// Plural renders key+".one" when n is singular in lang, key+".other"
// otherwise, with n also available as the argument {n}.
func (c *Catalog) Plural(l Lang, key string, n int, kv ...any) bot.Text {
	suffix := ".other"
	if n == 1 || (l == FR && n == 0) {
		suffix = ".one"
	}
	return c.Text(l, key+suffix, append([]any{"n", n}, kv...)...)
}

// Render fills a template. Exported for tests and for adapters that build
// text from catalog strings.
func Render(l Lang, tpl string, kv ...any) bot.Text {
	return fill(l, parse(tpl), kv)
}

// segment is a piece of a parsed template: literal text in a style, or an
// argument (arg != "") to insert in that style.
type segment struct {
	style bot.SpanKind
	text  string
	arg   string
}

// parse splits a template into segments once, so rendering a message does
// not scan its template again.
func parse(tpl string) []segment {
	var out []segment
	style := bot.Plain
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			out = append(out, segment{style: style, text: buf.String()})
			buf.Reset()
		}
	}
	rs := []rune(tpl)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '{' && i+1 < len(rs) && rs[i+1] == '{':
			buf.WriteRune('{')
			i++
		case r == '}' && i+1 < len(rs) && rs[i+1] == '}':
			buf.WriteRune('}')
			i++
		case r == '{':
			end := indexRune(rs, i+1, '}')
			if end < 0 {
				buf.WriteRune(r)
				continue
			}
			flush()
			out = append(out, segment{style: style, arg: string(rs[i+1 : end])})
			i = end
		case r == '`' && style == bot.Plain:
			flush()
			style = bot.Code
		case r == '`' && style == bot.Code:
			flush()
			style = bot.Plain
		case style == bot.Code:
			buf.WriteRune(r)
		case r == '*' && i+1 < len(rs) && rs[i+1] == '*':
			flush()
			i++
			if style == bot.Bold {
				style = bot.Plain
			} else {
				style = bot.Bold
			}
		case r == '*':
			flush()
			if style == bot.Italic {
				style = bot.Plain
			} else {
				style = bot.Italic
			}
		default:
			buf.WriteRune(r)
		}
	}
	flush()
	return out
}

// fill renders parsed segments with the arguments: adjacent pieces of one
// style become one span, and all of them share one string.
func fill(l Lang, segs []segment, kv []any) bot.Text {
	var b bot.TextBuilder
	n := 0
	for _, sg := range segs {
		n += len(sg.text) + 8
	}
	b.Grow(n, len(segs))
	for _, sg := range segs {
		if sg.arg != "" {
			addArg(&b, l, sg.style, lookup(kv, sg.arg))
		} else {
			b.Add(sg.style, sg.text)
		}
	}
	return b.Text()
}

func indexRune(rs []rune, from int, r rune) int {
	for j := from; j < len(rs); j++ {
		if rs[j] == r {
			return j
		}
	}
	return -1
}

func lookup(kv []any, name string) any {
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok && k == name {
			return kv[i+1]
		}
	}
	return "{" + name + "}"
}

// addSpan adds a span of an argument: mentions and links whole, the rest
// merged with the text around it when of the same style.
func addSpan(b *bot.TextBuilder, s bot.Span) {
	if s.Kind == bot.MentionSpan || s.Kind == bot.LinkSpan {
		b.AddSpan(s)
		return
	}
	b.Add(s.Kind, s.Text)
}

func addArg(b *bot.TextBuilder, l Lang, style bot.SpanKind, v any) {
	switch v := v.(type) {
	case bot.Identity:
		b.AddSpan(bot.Span{Kind: bot.MentionSpan, Person: v, Text: v.User()})
	case bot.Text:
		for _, s := range v {
			if style != bot.Plain && s.Kind == bot.Plain {
				s.Kind = style
			}
			addSpan(b, s)
		}
	case bot.Span:
		addSpan(b, v)
	case []bot.Identity:
		for i, id := range v {
			if i > 0 {
				b.Add(style, ", ")
			}
			b.AddSpan(bot.Span{Kind: bot.MentionSpan, Person: id, Text: id.User()})
		}
	default:
		b.Add(style, FormatValue(l, v))
	}
}

// FormatValue formats an argument value as text for lang.
func FormatValue(l Lang, v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return Number(l, int64(v))
	case int64:
		return Number(l, v)
	case float64:
		s := strconv.FormatFloat(v, 'f', 2, 64)
		if l == FR {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case time.Duration:
		return v.String()
	case fmt.Stringer:
		return v.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Number formats an integer with the language's thousands separator
// (1,000 in English, 1 000 with a narrow no-break space in French).
func Number(l Lang, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if len(s) <= 4 && l == FR || len(s) <= 3 {
		if neg {
			return "-" + s
		}
		return s
	}
	sep := ","
	if l == FR {
		sep = "\u202f"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 && !(neg && b.Len() == 1) {
			b.WriteString(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// frenchSpacing puts a no-break space before : ; ? ! and inside « », where a
// template has an ordinary space, outside code spans.
func frenchSpacing(s string) string {
	var b strings.Builder
	rs := []rune(s)
	inCode := false
	for i, r := range rs {
		if r == '`' {
			inCode = !inCode
		}
		if !inCode && r == ' ' {
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			prev := rune(0)
			if i > 0 {
				prev = rs[i-1]
			}
			switch {
			case next == ':' || next == ';' || next == '?' || next == '!':
				// Only before punctuation that ends a phrase, not a "::" or a code-like ":x".
				b.WriteRune('\u00a0')
				continue
			case next == '»' || prev == '«':
				b.WriteRune('\u00a0')
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
