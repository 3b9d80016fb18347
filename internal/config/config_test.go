package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// env is a fake environment for Load.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// vocabFile writes a vocabulary file and returns its path.
func vocabFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vocab.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env{}.get)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.DataPath != "jcabot.db" || c.ConfigPath != "" || c.Chairs != nil || c.Lang != i18n.EN || c.TZ.String() != "UTC" {
		t.Errorf("defaults = %+v", c)
	}
	v := c.Vocabulary
	if v == nil {
		t.Fatal("no vocabulary")
	}
	if v.JCA != "JCA-Res.178" || v.StudyPeriod != "2025-2028" {
		t.Errorf("JCA %q, study period %q", v.JCA, v.StudyPeriod)
	}
	def := jca.DefaultVocabulary()
	if got, want := v.GroupCodes(), def.GroupCodes(); !slices.Equal(got, want) {
		t.Errorf("groups %v, want the defaults %v", got, want)
	}
	for _, g := range []string{"TSAG", "SG13", "sg 17", "SG21", "IETF", "JTC1", "JCA"} {
		if _, ok := v.Body(g); !ok {
			t.Errorf("default vocabulary does not know %q", g)
		}
	}
	for _, g := range []string{"SG9", "SG16"} {
		if _, ok := v.Body(g); ok {
			t.Errorf("%s is not a study group of 2025-2028", g)
		}
	}
	if got := v.AspectNames(); !slices.Equal(got, []string{"evolution", "capacity", "continuity", "interoperability", "security"}) {
		t.Errorf("aspects %v", got)
	}
}

func TestLoadReadsEachVariable(t *testing.T) {
	tests := []struct {
		name  string
		env   env
		check func(t *testing.T, c *Config)
	}{
		{"data path", env{"JCABOT_DATA": "/var/lib/jcabot/jca.db"}, func(t *testing.T, c *Config) {
			if c.DataPath != "/var/lib/jcabot/jca.db" {
				t.Errorf("DataPath %q", c.DataPath)
			}
		}},
		{"French", env{"JCABOT_LANG": "fr"}, func(t *testing.T, c *Config) {
			if c.Lang != i18n.FR {
				t.Errorf("Lang %q", c.Lang)
			}
		}},
		{"French, spelt out", env{"JCABOT_LANG": "Français"}, func(t *testing.T, c *Config) {
			if c.Lang != i18n.FR {
				t.Errorf("Lang %q", c.Lang)
			}
		}},
		{"English, upper case", env{"JCABOT_LANG": "EN"}, func(t *testing.T, c *Config) {
			if c.Lang != i18n.EN {
				t.Errorf("Lang %q", c.Lang)
			}
		}},
		{"zone", env{"JCABOT_TZ": "Europe/Zurich"}, func(t *testing.T, c *Config) {
			if c.TZ.String() != "Europe/Zurich" {
				t.Errorf("TZ %v", c.TZ)
			}
		}},
		{"chairs of every platform, spaces and empty items ignored",
			env{"JCABOT_CHAIRS": " console:alice, slack:U024BE7LH,,mattermost:4xp9fdt3pbgn3r4 ,"}, func(t *testing.T, c *Config) {
				want := []bot.Identity{"console:alice", "slack:U024BE7LH", "mattermost:4xp9fdt3pbgn3r4"}
				if !slices.Equal(c.Chairs, want) {
					t.Errorf("Chairs %q, want %q", c.Chairs, want)
				}
			}},
		{"vocabulary file", env{"JCABOT_CONFIG": "PATH"}, func(t *testing.T, c *Config) {
			if !strings.HasSuffix(c.ConfigPath, "vocab.json") || c.Vocabulary.JCA != "JCA-IoT" {
				t.Errorf("ConfigPath %q, JCA %q", c.ConfigPath, c.Vocabulary.JCA)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env["JCABOT_CONFIG"] == "PATH" {
				tt.env["JCABOT_CONFIG"] = vocabFile(t, `{"jca": "JCA-IoT"}`)
			}
			c, err := Load(tt.env.get)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestLoadRefusesBadVariables(t *testing.T) {
	tests := []struct {
		name     string
		env      env
		variable string
		mention  string // the offending value, quoted back
	}{
		{"unknown zone", env{"JCABOT_TZ": "Mars/Olympus_Mons"}, "JCABOT_TZ", "Mars/Olympus_Mons"},
		{"offset is not a zone", env{"JCABOT_TZ": "UTC+2"}, "JCABOT_TZ", "UTC+2"},
		{"path is not a zone", env{"JCABOT_TZ": "../../etc/passwd"}, "JCABOT_TZ", "../../etc/passwd"},
		{"unsupported language", env{"JCABOT_LANG": "de"}, "JCABOT_LANG", `"de"`},
		{"language sentence", env{"JCABOT_LANG": "english please"}, "JCABOT_LANG", "english please"},
		{"chair without a platform", env{"JCABOT_CHAIRS": "alice"}, "JCABOT_CHAIRS", `"alice"`},
		{"chair of an unknown platform", env{"JCABOT_CHAIRS": "console:alice,teams:bob"}, "JCABOT_CHAIRS", `"teams:bob"`},
		{"chair without a user", env{"JCABOT_CHAIRS": "slack:"}, "JCABOT_CHAIRS", `"slack:"`},
		{"chair with an empty platform", env{"JCABOT_CHAIRS": ":alice"}, "JCABOT_CHAIRS", `":alice"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.env.get)
			if err == nil {
				t.Fatalf("Load accepted %v: %+v", tt.env, c)
			}
			if c != nil {
				t.Errorf("Load returned a config with its error")
			}
			if !strings.Contains(err.Error(), tt.variable) {
				t.Errorf("error %q does not name %s", err, tt.variable)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not quote %s", err, tt.mention)
			}
		})
	}
}

// Vars documents exactly the variables Load reads.
func TestVarsListsWhatLoadReads(t *testing.T) {
	var read []string
	if _, err := Load(func(name string) string { read = append(read, name); return "" }); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, v := range Vars {
		documented = append(documented, v.Name)
		if v.Default == "" || v.Meaning == "" {
			t.Errorf("%s lacks a default or a meaning", v.Name)
		}
	}
	slices.Sort(read)
	slices.Sort(documented)
	if !slices.Equal(slices.Compact(read), documented) {
		t.Errorf("Load reads %v, Vars documents %v", read, documented)
	}
}

// The README's example: the groups JCA-Res.178 worked with in 2013-2016.
const studyPeriod2013 = `{
  "study_period": "2013-2016",
  "groups": [
    {"code": "TSAG"}, {"code": "SG2"}, {"code": "SG3"}, {"code": "SG5"}, {"code": "SG9"},
    {"code": "SG11"}, {"code": "SG12"}, {"code": "SG13"}, {"code": "SG15"}, {"code": "SG16"},
    {"code": "SG17"}, {"code": "SG20"}
  ]
}`

func TestConfigFileReplacesGroups(t *testing.T) {
	c, err := Load(env{"JCABOT_CONFIG": vocabFile(t, studyPeriod2013)}.get)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	v := c.Vocabulary
	want := []string{"TSAG", "SG2", "SG3", "SG5", "SG9", "SG11", "SG12", "SG13", "SG15", "SG16", "SG17", "SG20"}
	if got := v.GroupCodes(); !slices.Equal(got, want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	if v.StudyPeriod != "2013-2016" {
		t.Errorf("study period %q", v.StudyPeriod)
	}
	for _, g := range []string{"SG9", "sg16", "SG 16"} {
		if b, ok := v.Body(g); !ok || b.Kind != jca.StudyGroupBody {
			t.Errorf("Body(%q) = %+v, %v: want a study group", g, b, ok)
		}
	}
	if _, ok := v.Body("SG21"); ok {
		t.Error("SG21 did not exist in 2013-2016 but is still accepted")
	}
	// Lists left out keep their defaults.
	def := jca.DefaultVocabulary()
	if v.JCA != def.JCA || !slices.Equal(v.Aspects, def.Aspects) || !slices.Equal(v.Statuses, def.Statuses) ||
		len(v.Organizations) != len(def.Organizations) || len(v.WSIS) != len(def.WSIS) {
		t.Errorf("lists left out of the file changed: %+v", v)
	}
	if b, ok := v.Body("IETF"); !ok || b.Kind != jca.OrganizationBody {
		t.Errorf("the default organizations are gone: %+v %v", b, ok)
	}
}

func TestConfigFileReplacesEveryList(t *testing.T) {
	path := vocabFile(t, `{
		"jca": "JCA-IoT",
		"study_period": "2017-2020",
		"groups": [{"code": "SG20", "title": "IoT, smart cities and communities"}],
		"organizations": [{"short": "oneM2M", "name": "oneM2M Partnership Project", "aliases": ["one M2M"]}],
		"aspects": ["privacy", "trust"],
		"statuses": ["draft", "published"],
		"wsis": [{"code": "C7"}]
	}`)
	v, err := ReadVocabulary(path)
	if err != nil {
		t.Fatalf("ReadVocabulary: %v", err)
	}
	iv, err := jca.NewVocabulary(v)
	if err != nil {
		t.Fatalf("NewVocabulary: %v", err)
	}
	if iv.JCA != "JCA-IoT" || iv.StudyPeriod != "2017-2020" {
		t.Errorf("JCA %q, study period %q", iv.JCA, iv.StudyPeriod)
	}
	if got := iv.GroupCodes(); !slices.Equal(got, []string{"SG20"}) || iv.Groups[0].Title != "IoT, smart cities and communities" {
		t.Errorf("groups %+v", iv.Groups)
	}
	if b, ok := iv.Body("ONE M2M"); !ok || b.Code != "oneM2M" {
		t.Errorf("organization alias: %+v %v", b, ok)
	}
	if _, ok := iv.Body("IETF"); ok {
		t.Error("organizations were not replaced")
	}
	if b, ok := iv.Body("JCA"); !ok || b.Code != "JCA-IoT" || b.Kind != jca.JCABody {
		t.Errorf("the JCA: %+v %v", b, ok)
	}
	if got := iv.AspectNames(); !slices.Equal(got, []string{"privacy", "trust"}) {
		t.Errorf("aspects %v", got)
	}
	if got := iv.StatusNames(); !slices.Equal(got, []string{"draft", "published"}) {
		t.Errorf("statuses %v", got)
	}
	if got := iv.WSISCodes(); !slices.Equal(got, []string{"C7"}) {
		t.Errorf("WSIS %v", got)
	}
}

func TestConfigFileRefused(t *testing.T) {
	tests := []struct {
		name    string
		body    string // "" for no file at all
		mention string // in the error besides JCABOT_CONFIG
	}{
		{"missing file", "", "no-such.json"},
		{"unknown key (a typo)", `{"group": [{"code": "SG9"}]}`, `"group"`},
		{"unknown key inside a group", `{"groups": [{"code": "SG9", "titel": "x"}]}`, `"titel"`},
		{"not JSON", `groups: [SG9]`, "invalid character"},
		{"wrong type", `{"groups": "SG9, SG16"}`, "groups"},
		{"duplicate group code, written differently", `{"groups": [{"code": "SG9"}, {"code": "sg 9"}]}`, "sg 9"},
		{"group code that is an organization", `{"groups": [{"code": "SG9"}, {"code": "IETF"}]}`, "IETF"},
		{"group code that is the JCA", `{"groups": [{"code": "JCA"}]}`, "JCA"},
		{"organization alias taken by a group", `{"groups": [{"code": "SG9"}], "organizations": [{"short": "X", "aliases": ["SG9"]}]}`, "SG9"},
		{"empty group code", `{"groups": [{"code": ""}]}`, "empty"},
		{"no groups at all", `{"groups": []}`, "groups"},
		{"no aspects at all", `{"aspects": []}`, "aspects"},
		{"duplicate aspect", `{"aspects": ["security", "security"]}`, "security"},
		{"aspect with a comma", `{"aspects": ["security,privacy"]}`, "security,privacy"},
		{"too many aspects", `{"aspects": ["a1","a2","a3","a4","a5","a6","a7","a8","a9","a10","a11","a12","a13","a14","a15","a16","a17"]}`, "16"},
		{"blank JCA name", `{"jca": "   "}`, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "no-such.json")
			if tt.body != "" {
				path = vocabFile(t, tt.body)
			}
			c, err := Load(env{"JCABOT_CONFIG": path}.get)
			if err == nil {
				t.Fatalf("Load accepted the file: groups %v", c.Vocabulary.GroupCodes())
			}
			if !strings.Contains(err.Error(), "JCABOT_CONFIG") {
				t.Errorf("error %q does not name JCABOT_CONFIG", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %s", err, tt.mention)
			}
		})
	}
}

func TestParseIdentities(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []bot.Identity
		ok   bool
	}{
		{"empty", "", nil, true},
		{"only commas and spaces", " , ,", nil, true},
		{"one", "console:alice", []bot.Identity{"console:alice"}, true},
		{"order kept", "slack:U2,console:bob", []bot.Identity{"slack:U2", "console:bob"}, true},
		{"a colon in the user id is kept", "mattermost:team:x", []bot.Identity{"mattermost:team:x"}, true},
		{"no platform", "alice", nil, false},
		{"unknown platform", "irc:alice", nil, false},
		{"platform in upper case", "Slack:U1", nil, false},
		{"no user", "console:", nil, false},
		{"one bad spoils the list", "console:alice,bob", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIdentities(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseIdentities(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseIdentities(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
