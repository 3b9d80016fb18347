package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/jca"
)

// propose stores a proposal directly, so find is tested without depending on
// the topic and joint commands.
func (e *env) propose(kind jca.ProposalKind, title, why string, groups ...string) {
	e.t.Helper()
	p := &jca.Proposal{Kind: kind, Title: title, Why: why, Groups: groups, Status: kind.Statuses()[0],
		CreatedBy: "console:alice", CreatedAt: e.now, UpdatedAt: e.now}
	if kind == jca.JointProposal {
		p.JointKind = "joint-rapporteur-group"
	}
	if err := e.db.CreateProposal(context.Background(), p); err != nil {
		e.t.Fatal(err)
	}
}

func TestFindAcrossKinds(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `activity add SG17 "Sécurité des réseaux IMT-2030" --aspect security`)
	e.ok("alice", `activity add SG13 "Cloud interoperability"`)
	e.propose(jca.TopicProposal, "Quantum-safe networks", "La SÉCURITÉ post-quantique concerne SG13 et SG17.", "SG13", "SG17")
	e.propose(jca.TopicProposal, "Digital twins", "Nothing about it.", "SG20")
	e.propose(jca.JointProposal, "JRG on securite of IoT", "", "SG17", "SG20")
	e.ok("chair", `org add SECO "Organisation pour la sécurité des communications"`)
	e.ok("alice", `liaison add --direction in --from ETSI --to SG17 "Sécurité des DNS" --purpose information`)
	e.ok("alice", `liaison add --direction in --from ETSI --to SG13 "Cloud native functions" --purpose information`)

	out := e.ok("bob", "find securite")
	mustContain(t, out, "Found for securite: 5",
		"Activities (1)", "A-1 SG17 · Sécurité des réseaux IMT-2030",
		"Topics (1)", "T-1 Quantum-safe networks · proposed · SG13, SG17",
		"Joint groups (1)", "G-1 JRG on securite of IoT · joint-rapporteur-group · proposed · SG17, SG20",
		"Organizations (1)", "SECO Organisation pour la sécurité des communications · identified",
		"Liaison statements (1)", "L-1 incoming · ETSI → SG17 · Sécurité des DNS")
	mustNotContain(t, out, "T-2 ", "A-2 ", "L-2 ", "more")
	// The kinds come in a fixed order.
	order := []string{"Activities (", "Topics (", "Joint groups (", "Organizations (", "Liaison statements ("}
	for i := 1; i < len(order); i++ {
		if strings.Index(out, order[i-1]) > strings.Index(out, order[i]) {
			t.Fatalf("%q after %q:\n%s", order[i-1], order[i], out)
		}
	}
	// Every word must appear; case and accents do not matter.
	out = e.ok("bob", "find SÉCURITÉ dns")
	mustContain(t, out, "Found for SÉCURITÉ dns: 1", "L-1")
	mustNotContain(t, out, "Activities")
	// Organizations by short or full name, with their open liaisons.
	mustContain(t, e.ok("bob", "find etsi"), "ETSI European Telecommunications Standards Institute · identified · 2 open liaisons")
	mustContain(t, e.ok("bob", "find engineering task"), "IETF Internet Engineering Task Force")
	mustContain(t, e.ok("bob", "find jtc1"), "ISO/IEC JTC 1")
	// Aliases of the area.
	mustContain(t, e.ok("bob", "search cloud"), "Found for cloud: 2", "A-2", "L-2")
}

func TestFindNothingAndRefusals(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("bob", "find quantum"), "Nothing contains quantum.", "Try fewer or shorter words")
	mustContain(t, e.refused("bob", "find"), "`<words>` is missing", "Usage: `/jca find <words>`", "Example: `/jca find IPv6`")
	mustContain(t, e.refused("bob", `find "!!!"`), "`!!!` has no word to search for.")
	mustContain(t, e.refused("bob", `find "`+strings.Repeat("x", 201)+`"`), "too long: 201 characters, at most 200")
	mustContain(t, e.ok("bob", "help find"), "Search activities, topics, joint groups, organizations and liaison statements at once")
}

func TestFindShowsTenPerKind(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 12; i++ {
		e.ok("alice", fmt.Sprintf(`activity add SG13 "IPv6 item %d"`, i))
		e.ok("alice", fmt.Sprintf(`liaison add --direction out --from SG13 --to IETF "IPv6 statement %d" --purpose information`, i))
		e.propose(jca.TopicProposal, fmt.Sprintf("IPv6 topic %d", i), "")
		e.propose(jca.JointProposal, fmt.Sprintf("IPv6 group %d", i), "")
	}
	out := e.ok("bob", "find ipv6")
	mustContain(t, out, "Found for ipv6: 48",
		"Activities (12)", "10 of 12 shown. `/jca activity search ipv6` for all of them.",
		"Topics (12)", "10 of 12 shown. `/jca topic list` for every topic.",
		"Joint groups (12)", "10 of 12 shown. `/jca joint list` for every joint group.",
		"Liaison statements (12)", "10 of 12 shown. `/jca liaison list` for every liaison statement.")
	// Newest first: the two oldest of each kind are left out.
	mustContain(t, out, "A-12 ", "T-12 ", "G-12 ", "L-12 ", "A-3 ", "L-3 ")
	mustNotContain(t, out, "A-2 ", "T-2 ", "G-2 ", "L-2 ", "A-1 ", "L-1 ")
}

func TestFindFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("marie", "lang set fr")
	e.ok("marie", `liaison add --direction in --from ETSI --to SG17 "Sécurité des DNS" --purpose information`)
	out := e.ok("marie", "find securite")
	mustContain(t, out, "Trouvé pour securite\u00a0: 1", "Déclarations de liaison (1)", "L-1 reçue · ETSI → SG17 · Sécurité des DNS · pour information · open")
	mustContain(t, e.ok("marie", "find quantique"), "Rien ne contient quantique.")
}
