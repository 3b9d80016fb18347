// Package config owns jcabot's settings: the environment variables and the
// vocabulary file. Every setting is checked when read; a bad one is an error
// naming the variable, never a silent default.
package config

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Config is the core configuration.
type Config struct {
	// DataPath is the bbolt file (JCABOT_DATA, default ./jcabot.db).
	DataPath string
	// ConfigPath is the vocabulary file (JCABOT_CONFIG), "" for the defaults.
	ConfigPath string
	// Chairs are the configured chairs (JCABOT_CHAIRS), platform-qualified.
	Chairs []bot.Identity
	// Lang is the default language (JCABOT_LANG, default en).
	Lang i18n.Lang
	// TZ is the default zone (JCABOT_TZ, default UTC).
	TZ *time.Location
	// Vocabulary is the default vocabulary or the one of ConfigPath.
	Vocabulary *jca.Vocabulary
}

// Vars documents every variable this package reads, for the README and for
// error messages.
var Vars = []struct{ Name, Default, Meaning string }{
	{"JCABOT_DATA", "./jcabot.db", "the bbolt data file; the control socket is this path + .sock"},
	{"JCABOT_CONFIG", "(none)", "a JSON vocabulary file replacing the default study groups, organizations, aspects, statuses, WSIS lines"},
	{"JCABOT_CHAIRS", "(none)", "chair identities, comma-separated: console:alice,slack:U024BE7LH,mattermost:abc123"},
	{"JCABOT_LANG", "en", "default language of replies and channel posts: en or fr"},
	{"JCABOT_TZ", "UTC", "default IANA time zone, e.g. Europe/Zurich"},
}

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (*Config, error) {
	c := &Config{DataPath: getenv("JCABOT_DATA"), ConfigPath: getenv("JCABOT_CONFIG"), Lang: i18n.EN, TZ: time.UTC}
	if c.DataPath == "" {
		c.DataPath = "jcabot.db"
	}
	if s := getenv("JCABOT_LANG"); s != "" {
		l, ok := i18n.ParseLang(s)
		if !ok {
			return nil, fmt.Errorf("JCABOT_LANG=%q: use en or fr", s)
		}
		c.Lang = l
	}
	if s := getenv("JCABOT_TZ"); s != "" {
		loc, _, ok := when.LoadZone(s)
		if !ok {
			return nil, fmt.Errorf("JCABOT_TZ=%q is not an IANA time zone (for example Europe/Zurich)", s)
		}
		c.TZ = loc
	}
	chairs, err := ParseIdentities(getenv("JCABOT_CHAIRS"))
	if err != nil {
		return nil, fmt.Errorf("JCABOT_CHAIRS: %w", err)
	}
	c.Chairs = chairs
	v := jca.DefaultVocabulary()
	if c.ConfigPath != "" {
		v, err = ReadVocabulary(c.ConfigPath)
		if err != nil {
			return nil, fmt.Errorf("JCABOT_CONFIG: %w", err)
		}
	}
	c.Vocabulary, err = jca.NewVocabulary(v)
	if err != nil {
		return nil, fmt.Errorf("JCABOT_CONFIG: %w", err)
	}
	return c, nil
}

// ParseIdentities reads "console:alice, slack:U024BE7LH".
func ParseIdentities(s string) ([]bot.Identity, error) {
	var out []bot.Identity
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id := bot.Identity(part)
		switch id.Platform() {
		case bot.Console, bot.Slack, bot.Mattermost:
		default:
			return nil, fmt.Errorf("%q: write platform:user, e.g. console:alice, slack:U024BE7LH, mattermost:4xp9fdt3pbgn3r4", part)
		}
		if id.User() == "" {
			return nil, fmt.Errorf("%q has no user id", part)
		}
		out = append(out, id)
	}
	return out, nil
}

// VocabularyFile is the JSON layout of JCABOT_CONFIG. Every list is
// optional; a list present replaces the default one.
type VocabularyFile struct {
	JCA           string             `json:"jca,omitempty"`
	StudyPeriod   string             `json:"study_period,omitempty"`
	Groups        []jca.Group        `json:"groups,omitempty"`
	Organizations []jca.Organization `json:"organizations,omitempty"`
	Aspects       []jca.Aspect       `json:"aspects,omitempty"`
	Statuses      []jca.Status       `json:"statuses,omitempty"`
	WSIS          []jca.WSISLine     `json:"wsis,omitempty"`
}

// ReadVocabulary reads a vocabulary file over the defaults. Unknown keys
// are errors, so a typo does not silently keep a default.
func ReadVocabulary(path string) (jca.Vocabulary, error) {
	v := jca.DefaultVocabulary()
	f, err := os.Open(path)
	if err != nil {
		return v, err
	}
	defer f.Close()
	var vf VocabularyFile
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&vf); err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	if vf.JCA != "" {
		v.JCA = vf.JCA
	}
	if vf.StudyPeriod != "" {
		v.StudyPeriod = vf.StudyPeriod
	}
	if vf.Groups != nil {
		v.Groups = vf.Groups
	}
	if vf.Organizations != nil {
		v.Organizations = vf.Organizations
	}
	if vf.Aspects != nil {
		v.Aspects = vf.Aspects
	}
	if vf.Statuses != nil {
		v.Statuses = vf.Statuses
	}
	if vf.WSIS != nil {
		v.WSIS = vf.WSIS
	}
	return v, nil
}
