package slack

import (
	"reflect"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		name     string
		in       string
		text     string
		mentions []bot.Mention
	}{
		{"plain", "activity list --group SG13", "activity list --group SG13", nil},
		{"mention with name", "chair add <@U024BE7LH|alice>", "chair add @U024BE7LH",
			[]bot.Mention{{Token: "@U024BE7LH", ID: "slack:U024BE7LH", Name: "alice"}}},
		{"mention without name, twice", "member remove <@W012A3CDE> SG13 <@W012A3CDE>", "member remove @W012A3CDE SG13 @W012A3CDE",
			[]bot.Mention{{Token: "@W012A3CDE", ID: "slack:W012A3CDE"}}},
		{"two people", `joint propose "JRG" --convener <@U1ABC|bob> --note <@U2DEF>`, `joint propose "JRG" --convener @U1ABC --note @U2DEF`,
			[]bot.Mention{{Token: "@U1ABC", ID: "slack:U1ABC", Name: "bob"}, {Token: "@U2DEF", ID: "slack:U2DEF"}}},
		{"channel", "digest in <#C012AB3CD|coordination>", "digest in #coordination", nil},
		{"channel without name", "digest in <#C012AB3CD>", "digest in #C012AB3CD", nil},
		{"bare link", "activity add SG13 \"T\" --link <https://www.itu.int/md/T22-SG13>", "activity add SG13 \"T\" --link https://www.itu.int/md/T22-SG13", nil},
		{"link with label", "--link <http://itu.int|itu.int>", "--link itu.int", nil},
		{"link with query", "--link <https://x.org/a?b=1&amp;c=2>", "--link https://x.org/a?b=1&c=2", nil},
		{"special mentions stay text", "hello <!channel> and <!here> <!subteam^S123|@chairs>", "hello @channel and @here @chairs", nil},
		{"entities", "topic propose \"A &amp; B &lt;draft&gt;\"", "topic propose \"A & B <draft>\"", nil},
		{"double-escaped stays single", "&amp;lt;", "&lt;", nil},
		{"lone bracket", "a &lt; b <", "a < b <", nil},
		{"not a user id", "<@here>", "@here", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, mentions := parseText(c.in)
			if text != c.text {
				t.Errorf("text = %q, want %q", text, c.text)
			}
			if !reflect.DeepEqual(mentions, c.mentions) {
				t.Errorf("mentions = %+v, want %+v", mentions, c.mentions)
			}
		})
	}
}

// byteSet.index finds what strings.IndexAny finds, in short strings (the
// table) and long ones (IndexByte per member).
func TestByteSetIndexMatchesIndexAny(t *testing.T) {
	set := newByteSet("&<>")
	long := strings.Repeat("plain words · ", 10)
	for _, s := range []string{"", "a", "&", "ab<", "no markup at all", long, long + ">" + long + "&", "é<" + long, long[:63] + "&", long[:64] + "&"} {
		if got, want := set.index(s), strings.IndexAny(s, "&<>"); got != want {
			t.Errorf("index(%q) = %d, want %d", s, got, want)
		}
	}
}
