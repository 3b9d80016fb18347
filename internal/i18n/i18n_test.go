package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
)

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every message exists in both languages with the same placeholders and the
// same code spans count, so a translation can never drop an argument.
func TestCatalogComplete(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range c.Keys() {
		en, _ := c.Template(EN, key)
		fr, _ := c.Template(FR, key)
		if got, want := placeholders(fr), placeholders(en); !slices.Equal(got, want) {
			t.Errorf("%s: French placeholders %v, English %v", key, got, want)
		}
		if strings.Count(en, "`")%2 != 0 || strings.Count(fr, "`")%2 != 0 {
			t.Errorf("%s: unbalanced backquotes", key)
		}
		if strings.Count(en, "**")%2 != 0 || strings.Count(fr, "**")%2 != 0 {
			t.Errorf("%s: unbalanced bold", key)
		}
	}
}

func TestNewRejectsIncompleteTables(t *testing.T) {
	tests := []struct {
		name  string
		table []Entry
	}{
		{"missing French", []Entry{{"a", "A", ""}}},
		{"missing English", []Entry{{"a", "", "A"}}},
		{"duplicate", []Entry{{"a", "A", "A"}, {"a", "B", "B"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.table); err == nil {
				t.Fatal("New accepted a bad table")
			}
		})
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		tpl  string
		kv   []any
		want bot.Text
	}{
		{"bold placeholder", EN, "Logged **{id}** for {group}.", []any{"id", "A-1", "group", "SG13"},
			bot.Text{{Text: "Logged "}, {Kind: bot.Bold, Text: "A-1"}, {Text: " for SG13."}}},
		{"argument markup stays literal", EN, "*{title}*", []any{"title", "**not bold** `x` @channel"},
			bot.Text{{Kind: bot.Italic, Text: "**not bold** `x` @channel"}}},
		{"code is not parsed", EN, "`* * * * *` {{braces}}", nil,
			bot.Text{{Kind: bot.Code, Text: "* * * * *"}, {Text: " {braces}"}}},
		{"mention", EN, "by {who}", []any{"who", bot.Identity("slack:U1")},
			bot.Text{{Text: "by "}, {Kind: bot.MentionSpan, Person: "slack:U1", Text: "U1"}}},
		{"numbers en", EN, "{n}", []any{"n", 100000}, bot.Text{{Text: "100,000"}}},
		{"numbers fr", FR, "{n}", []any{"n", 100000}, bot.Text{{Text: "100\u202f000"}}},
		{"small numbers fr", FR, "{n}", []any{"n", 2000}, bot.Text{{Text: "2000"}}},
		{"missing argument shows its name", EN, "{x}", nil, bot.Text{{Text: "{x}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(tt.lang, tt.tpl, tt.kv...)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Render = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestFrenchSpacing(t *testing.T) {
	c, err := New([]Entry{{"k", "Title: {x}?", "Titre : « {x} » ? `a :b`"}})
	if err != nil {
		t.Fatal(err)
	}
	got := c.String(FR, "k", "x", "y")
	want := "Titre\u00a0: «\u00a0y\u00a0»\u00a0? a :b"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := c.String(EN, "k", "x", "y"); got != "Title: y?" {
		t.Fatalf("English changed: %q", got)
	}
}

func TestMissingKeysAreRecorded(t *testing.T) {
	c, _ := New([]Entry{{"a", "A", "A"}})
	if got := c.String(EN, "nope"); got != "nope" {
		t.Fatalf("missing key renders %q", got)
	}
	if m := c.Missing(); !slices.Equal(m, []string{"nope"}) {
		t.Fatalf("Missing = %v", m)
	}
}

type key string

func (k key) CatalogKey() string { return string(k) }

func TestNestedKeysAreTranslated(t *testing.T) {
	c, _ := New([]Entry{{"err", "The {field} is empty.", "Le champ {field} est vide."}, {"field.title", "title", "titre"}})
	if got := c.String(FR, "err", "field", key("field.title")); got != "Le champ titre est vide." {
		t.Fatalf("got %q", got)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"en": EN, "FR": FR, "français": FR, "English": EN} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseLang("de"); ok {
		t.Error("ParseLang accepted de")
	}
}

// Counts agree with their nouns in both languages: French takes the
// singular for 0 and 1.
func TestCountedTitlesAgree(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang Lang
		key  string
		n    int
		want string
	}{
		{EN, "matrix.title", 1, "Coverage of the register: 1 activity"},
		{EN, "matrix.title", 0, "Coverage of the register: 0 activities"},
		{EN, "matrix.title", 2, "Coverage of the register: 2 activities"},
		{FR, "matrix.title", 0, "Couverture du registre\u00a0: 0 activité"},
		{FR, "matrix.title", 1, "Couverture du registre\u00a0: 1 activité"},
		{FR, "matrix.title", 2, "Couverture du registre\u00a0: 2 activités"},
		{EN, "member.list.title", 1, "Members, by group (1 group)"},
		{FR, "member.list.title", 3, "Membres, par groupe (3 groupes)"},
	} {
		if got := c.Plural(tt.lang, tt.key, tt.n).String(); got != tt.want {
			t.Errorf("%s %s %d = %q, want %q", tt.lang, tt.key, tt.n, got, tt.want)
		}
	}
}
