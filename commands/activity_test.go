package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/jca"
)

func TestActivityAddWithTypographicQuotes(t *testing.T) {
	e := newEnv(t)
	out := e.ok("alice", "/jca activity add SG13 “Network requirements for IMT-2030” --aspect capacity,evolution")
	mustContain(t, out, "Logged A-1 for SG13: Network requirements for IMT-2030.", "evolution, capacity")
	a, err := e.db.FindActivity(context.Background(), 1)
	if err != nil || a.CreatedBy != "console:alice" || a.Status != "under-study" {
		t.Fatalf("stored %+v %v", a, err)
	}
	// Aliases, case, repeated multi-flags and French guillemets.
	e.ok("bob", "ACT Log sg17 « Sécurité des réseaux » --aspect security --aspect interop --wsis c5 --route aap")
	b, _ := e.db.FindActivity(context.Background(), 2)
	if b.Group != "SG17" || len(b.Aspects) != 2 || b.Route != "AAP" || b.WSIS[0] != "C5" {
		t.Fatalf("stored %+v", b)
	}
}

func TestActivityAddRefusals(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"unknown group", `activity add SG99 "Title"`, []string{"Unknown group `SG99`", "Study groups: TSAG, SG2", "Example:"}},
		{"misspelt group", `activity add SG31 "Title"`, []string{"Unknown group `SG31`", "Did you mean", "`SG13`"}},
		{"missing title", `activity add SG13`, []string{"`\"<title>\"` is missing", "Usage: `/jca activity add <group>", "Example:"}},
		{"unquoted title", `activity add SG13 Network requirements`, []string{"Too many words, from `requirements`"}},
		{"unknown aspect", `activity add SG13 "T" --aspect secrity`, []string{"Unknown aspect `secrity`", "Did you mean `security`?"}},
		{"unknown flag", `activity add SG13 "T" --aspcet security`, []string{"Unknown option `--aspcet`", "Did you mean `--aspect`?"}},
		{"flag without value", `activity add SG13 "T" --status`, []string{"`--status` needs a value"}},
		{"flag twice", `activity add SG13 "T" --status approved --status agreed`, []string{"`--status` is given twice"}},
		{"bad question", `activity add SG13 "T" --question 16/13`, []string{"`16/13` is not a Question", "Q16/13"}},
		{"question of another group", `activity add SG13 "T" --question Q6/17`, []string{"Q6/17 belongs to SG17, not to SG13"}},
		{"bad link", `activity add SG13 "T" --link ftp://x`, []string{"`ftp://x` is not a web link"}},
		{"title too long", `activity add SG13 "` + strings.Repeat("x", 301) + `"`, []string{"too long: 301 characters, at most 300"}},
		{"unknown status", `activity add SG13 "T" --status done`, []string{"Unknown status `done`", "under-study"}},
		{"unclosed quote", `activity add SG13 "T`, []string{"A quote is not closed"}},
		{"unknown wsis", `activity add SG13 "T" --wsis C12`, []string{"Unknown WSIS action line `C12`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			out := e.refused("alice", tt.line)
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "jca invalid", "error:", "%!")
			if n := e.count(); n != 0 {
				t.Fatalf("a refused add stored %d activities", n)
			}
		})
	}
}

func TestUnknownWordsSuggest(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.refused("a", "activty list"), "Unknown command `activty`", "Did you mean `activity`?")
	mustContain(t, e.refused("a", "activity lsit"), "`activity` has no verb `lsit`", "`activity list`")
	mustContain(t, e.ok("a", "activity"), "activity add <group>", "activity matrix")
	mustContain(t, e.ok("a", "activity help"), "activity search <words>")
	mustContain(t, e.ok("a", "help activity add"), "--aspect ASPECT", "Anyone can do this.", "Example:")
	mustContain(t, e.ok("a", "activity add --help"), "--question Q16/13")
	mustContain(t, e.ok("a", ""), "activity", "lang")
	mustContain(t, e.ok("a", "/jca help"), "activity")
}

func TestActivityShowUpdateRemovePermissions(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `activity add SG13 "Network requirements" --note "first draft"`)
	// Someone else may not change it; the refusal names the chairs.
	out := e.refused("bob", "activity update A-1 --status approved")
	mustContain(t, out, "Only the author of A-1 or a chair can change it", "@chair")
	e.refused("bob", "activity remove A-1")
	// The author may; every change is in the history.
	mustContain(t, e.ok("alice", "activity update A-1 --status consented --aspect security"),
		"Updated A-1", "status: under-study → consented")
	// A chair may too.
	e.ok("chair", `activity update A-1 --title "Network requirements, revised"`)
	mustContain(t, e.refused("alice", "activity update A-1 --status consented"), "Nothing changed")
	mustContain(t, e.refused("alice", "activity update A-1"), "Say what to change in A-1")
	show := e.ok("bob", "activity show A-1")
	mustContain(t, show, "Network requirements, revised", "History (3 changes)", "@alice changed the status", "@chair changed the title", "first draft")
	// Removal hides it from lists but keeps it.
	mustContain(t, e.ok("chair", "activity remove a1"), "Removed A-1")
	mustContain(t, e.ok("bob", "activity list"), "No activity matches")
	mustContain(t, e.ok("bob", "activity show A-1"), "Removed: this activity no longer appears in lists")
	mustContain(t, e.refused("alice", "activity update A-1 --status approved"), "A-1 was removed")
	mustContain(t, e.refused("bob", "activity show A-9"), "A-9 does not exist")
	mustContain(t, e.refused("bob", "activity show X-9"), "`X-9` is not an id")
}

func TestActivityListPagesAndFilters(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 23; i++ {
		g := "SG13"
		if i%2 == 0 {
			g = "SG17"
		}
		e.ok("alice", fmt.Sprintf(`activity add %s "Item %d" --aspect security`, g, i))
	}
	out := e.ok("bob", "activity list")
	mustContain(t, out, "Activities (23)", "A-23", "1-20 of 23. `--page 2` for more.")
	mustNotContain(t, out, "A-3 ")
	mustContain(t, e.ok("bob", "activity ls --page 2"), "21-23 of 23.", "A-1 SG17")
	mustContain(t, e.ok("bob", "activity list --group sg13"), "Activities (11)")
	mustContain(t, e.refused("bob", "activity list --page 0"), "`0` is not a page number")
	mustContain(t, e.ok("bob", "activity list --page 9"), "There is no such page: the last is page 2.")
	mustContain(t, e.ok("bob", "activity list --page 99"), "There is no such page: the last is page 2.")
	mustContain(t, e.refused("bob", "activity list --since 25/11/2026"), "`25/11/2026` is not a date", "2026-01-31")
	mustContain(t, e.ok("bob", "activity list --since 2026-11-26"), "No activity matches")
	mustContain(t, e.ok("bob", "activity list --since 2026-11-25 --status under-study --aspect security"), "Activities (23)")
}

func TestActivitySearchAndMatrix(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `activity add SG17 "Sécurité des réseaux IMT-2030" --aspect security`)
	e.ok("alice", `activity add SG13 "Réseaux IMT-2030 sécurité" --aspect capacity`)
	mustContain(t, e.ok("bob", "activity search SECURITE reseaux"), "Activities found (2)")
	mustContain(t, e.ok("bob", "activity search quantum"), "No activity contains quantum")
	m := e.ok("bob", "activity matrix")
	mustContain(t, m, "Coverage of the register: 2 activities", "SG13", "SG17", "no activity serves evolution, continuity, interoperability",
		"Possible overlaps", "A-1 (SG17) and A-2 (SG13): 100 %")
}

func TestFrenchReplies(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("marie", "lang set fr"), "Désormais, je vous réponds en français.")
	mustContain(t, e.ok("marie", `activity add SG13 "Exigences réseau"`), "A-1 enregistrée pour SG13\u00a0:")
	mustContain(t, e.refused("marie", `activity add SG31 "T"`), "Groupe inconnu\u00a0: `SG31`", "Vouliez-vous dire")
	mustContain(t, e.refused("marie", "activty"), "Commande inconnue")
	mustContain(t, e.refused("marie", `activity add SG13 "`+strings.Repeat("x", 301)+`"`), "Le champ titre est trop long")
	mustContain(t, e.ok("marie", "lang show"), "Je vous réponds en français")
	mustContain(t, e.ok("marie", "activity list"), "Activités (1)")
	mustContain(t, e.refused("marie", "lang set de"), "Langue inconnue")
	// Someone else still gets English.
	mustContain(t, e.ok("bob", "activity list"), "Activities (1)")
}

func TestRegistryRejectsBadDeclarations(t *testing.T) {
	e := newEnv(t)
	noExample := &Area{Name: "help", Run: &Verb{Rule: "rule.anyone", Run: runHelp}}
	if _, err := NewRegistry(e.cat, noExample); err == nil {
		t.Error("a verb without example was accepted")
	}
	badExample := &Area{Name: "help", Run: &Verb{Rule: "rule.anyone", Run: runHelp, Examples: []string{"help --nope"}}}
	if _, err := NewRegistry(e.cat, badExample); err == nil {
		t.Error("an example with an unknown flag was accepted")
	}
	if _, err := NewRegistry(e.cat, helpArea(), helpArea()); err == nil {
		t.Error("a duplicate area was accepted")
	}
	missingKey := &Area{Name: "nokey", Run: &Verb{Rule: "rule.anyone", Run: runHelp, Examples: []string{"nokey"}}}
	if _, err := NewRegistry(e.cat, missingKey); err == nil {
		t.Error("an area without help text was accepted")
	}
}

func TestInternalErrorsAreNotShown(t *testing.T) {
	e := newEnv(t)
	e.db.Close() // every store call now fails
	out := e.refused("alice", `activity add SG13 "T"`)
	mustContain(t, out, "That didn't work on our side; nothing was changed.")
	mustNotContain(t, out, "database", "bolt", "closed")
}

var _ = jca.PageSize

// The default aspects read in the person's language, and their French
// names (accents or not) are accepted where the English ones are.
func TestAspectsInFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("marie", "lang set fr")
	mustContain(t, e.ok("marie", `activity add SG13 "Titre" --aspect sécurité,capacite`), "Aspects\u00a0: capacité, sécurité")
	mustContain(t, e.ok("marie", "activity matrix"), "SEC sécurité", "aucune activité ne sert évolution, continuité, interopérabilité")
	mustContain(t, e.ok("marie", "activity update A-1 --aspect Securite"), "a modifié les aspects\u00a0: capacité, sécurité → sécurité")
	mustContain(t, e.ok("bob", "activity show A-1"), "Aspects: security", "changed the aspects: capacity, security → security")
	mustContain(t, e.refused("marie", "activity update A-1 --aspect sûreté"), "Aspect inconnu")
}
