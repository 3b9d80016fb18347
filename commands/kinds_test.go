package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// Every kind the report or search should know (jca.Kinds) is in them: the
// whole-register report has a section for each reported kind, and `find`
// finds a record of each searched kind. A new kind flagged Reported or
// Searched without a seeder here, or without its place in the report or
// search, fails.
func TestEveryKindIsReportedAndSearched(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13", "SG17")
	seed := map[string]string{
		"activities": `activity add SG13 "Zanzibar activity"`,
		"topics":     `topic propose "Zanzibar topic" --group SG13`,
		"joints":     `joint propose "Zanzibar joint group" --kind joint-rapporteur-group --parents SG13,SG17`,
		"orgs":       `org add ZANZ "Zanzibar Standards Forum"`,
		"liaisons":   `liaison add --direction out --from JCA --to IETF "Zanzibar liaison" --purpose information`,
		"meetings":   `meeting schedule "Zanzibar meeting" "2026-11-26 14:00"`,
	}
	for _, k := range jca.Kinds {
		if !k.Reported && !k.Searched {
			continue
		}
		line, ok := seed[k.Name]
		if !ok {
			t.Fatalf("no seeder for the kind %s: add one here", k.Name)
		}
		e.ok("chair", line)
	}
	e.now = e.now.Add(48 * time.Hour) // the meeting is held
	_, f := e.report("chair", "report --format md")
	found := e.ok("chair", "find zanzibar")
	for _, k := range jca.Kinds {
		if k.Reported {
			if h := e.cat.String(i18n.EN, "report.sec."+k.Name); !strings.Contains(string(f.Data), "## "+h) {
				t.Errorf("the report has no section %q for %s", h, k.Name)
			}
		}
		if k.Searched {
			heading := e.cat.Text(i18n.EN, "find."+k.Name, "n", 1)
			if !strings.Contains(found, strings.SplitN(heading.String(), " (", 2)[0]) {
				t.Errorf("find found no %s:\n%s", k.Name, found)
			}
		}
	}
}
