package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// storedOrgs is every organization record in the store.
func (e *env) storedOrgs() []*jca.Org {
	e.t.Helper()
	os, err := e.db.ListOrgs(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return os
}

func (e *env) org(short string) *jca.Org {
	e.t.Helper()
	o, err := e.db.FindOrg(context.Background(), short)
	if err != nil {
		e.t.Fatalf("find org %s: %v", short, err)
	}
	return o
}

func TestOrgAdd(t *testing.T) {
	e := newEnv(t)
	// Only a chair may add; the refusal names the chairs and stores nothing.
	out := e.refused("alice", `org add O-RAN "O-RAN Alliance"`)
	mustContain(t, out, "Only a chair can add an organization.", "Chairs: @chair")
	if n := len(e.storedOrgs()); n != 0 {
		t.Fatalf("a refused add stored %d organizations", n)
	}
	out = e.ok("chair", `org add O-RAN "O-RAN Alliance"`)
	mustContain(t, out, "Added O-RAN (O-RAN Alliance) to the organizations, with status `identified`.", "`/jca org invite O-RAN`")
	o := e.org("o-ran")
	if !o.Added || o.Name != "O-RAN Alliance" || o.CreatedBy != "console:chair" || o.Status != "identified" {
		t.Fatalf("stored %+v", o)
	}
	// A short name with a space is quoted in the commands it suggests.
	mustContain(t, e.ok("chair", `org add "Open RAN" "Open RAN Project"`), "`/jca org invite \"Open RAN\"`")

	// The new organization is a body: in lists and liaisons.
	mustContain(t, e.ok("bob", "org list --page 2"), "O-RAN O-RAN Alliance · identified", "Open RAN Open RAN Project · identified")
	mustContain(t, e.ok("bob", `liaison add --direction in --from O-RAN --to SG13 "Fronthaul requirements" --purpose information`), "from O-RAN to SG13")
	mustContain(t, e.ok("bob", "org show o-ran"), "O-RAN O-RAN Alliance", "Added: by @chair", "L-1")
}

func TestOrgAddRefusals(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"vocabulary organization", `org add IETF "Internet Engineering Task Force"`, []string{"IETF is already an organization", "`/jca org show IETF`"}},
		{"vocabulary alias", `org add jtc1 "JTC 1"`, []string{"ISO/IEC JTC 1 is already an organization", "`/jca org show \"ISO/IEC JTC 1\"`"}},
		{"study group", `org add sg13 "Study Group 13"`, []string{"`sg13` already names the study group SG13"}},
		{"the JCA", `org add JCA "The JCA"`, []string{"`JCA` already names the JCA (JCA-Res.178)"}},
		{"space at the end", `org add "GSMA2 " "Name"`, []string{"`GSMA2 ` cannot be a short name", "no space at either end"}},
		{"too long", `org add ` + strings.Repeat("X", 41) + ` "Name"`, []string{"cannot be a short name", "1 to 40 characters"}},
		{"comma", `org add "A,B" "Name"`, []string{"`A,B` cannot be a short name"}},
		{"no letter", `org add "..." "Name"`, []string{"`...` cannot be a short name"}},
		{"empty full name", `org add NEWORG ""`, []string{"The full name is empty."}},
		{"full name too long", `org add NEWORG "` + strings.Repeat("x", 301) + `"`, []string{"The full name is too long: 301 characters, at most 300."}},
		{"missing full name", `org add NEWORG`, []string{"`\"<full name>\"` is missing", "Usage: `/jca org add <short> \"<full name>\"`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			mustContain(t, e.refused("chair", tt.line), tt.wants...)
			if n := len(e.storedOrgs()); n != 0 {
				t.Fatalf("a refused add stored %d organizations", n)
			}
		})
	}
	// An added short name cannot be added twice, in any case.
	e := newEnv(t)
	e.ok("chair", `org add O-RAN "O-RAN Alliance"`)
	mustContain(t, e.refused("chair", `org add o-ran "Another"`), "O-RAN is already an organization")
	if o := e.org("O-RAN"); o.Name != "O-RAN Alliance" || o.Rev != 1 {
		t.Fatalf("the refused add changed %+v", o)
	}
}

func TestOrgInviteAndStatus(t *testing.T) {
	e := newEnv(t)
	// Chair-only verbs, refused with the chairs named and nothing stored.
	mustContain(t, e.refused("alice", "org invite IETF"), "Only a chair can record an invitation to an organization.", "@chair")
	mustContain(t, e.refused("alice", "org status IETF participating"), "Only a chair can change an organization's status.", "@chair")
	if n := len(e.storedOrgs()); n != 0 {
		t.Fatalf("refusals stored %d organizations", n)
	}
	// The first change of a vocabulary organization creates its record,
	// under the vocabulary's short name.
	out := e.ok("chair", "org invite ietf")
	mustContain(t, out, "Recorded the invitation of IETF (Internet Engineering Task Force) to take part: by @chair, Wed 25 Nov 2026, 10:0",
		"`/jca org status IETF participating`")
	o := e.org("IETF")
	if o.Short != "IETF" || o.Status != "invited" || o.Added || len(o.History) != 1 ||
		o.History[0].By != "console:chair" || o.History[0].Old != "identified" || o.History[0].New != "invited" {
		t.Fatalf("stored %+v", o)
	}
	mustContain(t, e.refused("chair", "org invite IETF"), "IETF is already invited.")
	mustContain(t, e.refused("chair", "org status IETF partcipating"), "Unknown status `partcipating`", "Did you mean `participating`?")
	mustContain(t, e.refused("chair", "org status IETF in"), "Unknown status `in`. An organization's status is one of identified, invited, participating, declined.")
	mustContain(t, e.ok("chair", "org status IETF particip"), "IETF is now `participating` (it was `invited`).")
	mustContain(t, e.refused("chair", "org status IETF participating"), "Nothing changed: IETF already has the status `participating`.")
	mustContain(t, e.refused("chair", "org invite IETF"), "IETF already takes part")
	if o := e.org("IETF"); o.Status != "participating" || len(o.History) != 2 {
		t.Fatalf("refusals changed %+v", o)
	}
	// A declined organization may be invited again.
	e.ok("chair", "org status W3C declined")
	e.ok("chair", "org invite W3C")

	// Aliases resolve to the vocabulary's short name.
	e.ok("chair", "org invite jtc1")
	if o := e.org("ISO/IEC JTC 1"); o.Status != "invited" {
		t.Fatalf("stored %+v", o)
	}

	show := e.ok("bob", "org show IETF")
	mustContain(t, show, "IETF Internet Engineering Task Force", "Status: participating", "Invited: by @chair",
		"History (2 changes)", "@chair changed the status: identified → invited", "@chair changed the status: invited → participating")
	mustContain(t, e.ok("bob", `org show "ISO/IEC JTC 1"`), "Also written: JTC1", "Status: invited")
}

func TestOrgUnknownNames(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.refused("bob", "org show IETG"), "Unknown organization `IETG`", "Did you mean `IETF`", "Example: `/jca org show IETF`")
	mustContain(t, e.refused("chair", "org invite SG13"), "`SG13` is a study group, not an organization.")
	mustContain(t, e.refused("chair", "org status JCA invited"), "`JCA-Res.178` is the JCA itself, not an organization.")
	if n := len(e.storedOrgs()); n != 0 {
		t.Fatalf("refusals stored %d organizations", n)
	}
}

func TestOrgList(t *testing.T) {
	e := newEnv(t)
	orgs := e.r.d.Vocab.Organizations
	n := len(orgs)
	if n <= 20 || n > 40 {
		t.Fatalf("the vocabulary has %d organizations; the test expects two pages", n)
	}
	out := e.ok("bob", "org list")
	mustContain(t, out, fmt.Sprintf("Organizations (%d)", n), "IETF Internet Engineering Task Force · identified",
		fmt.Sprintf("1-20 of %d. `--page 2` for more.", n))
	last := orgs[n-1]
	mustContain(t, e.ok("bob", "org list --page 2"), fmt.Sprintf("21-%d of %d.", n, n), last.Short+" ", " · identified")
	mustContain(t, e.ok("bob", "org list --page 3"), "There is no such page: the last is page 2.")

	e.ok("chair", "org invite IETF")
	e.ok("alice", `liaison add --direction out --from JCA --to IETF,IAB "IPv6 work items" --purpose action --deadline 2027-01-31`)
	e.ok("alice", `liaison add --direction in --from IETF --to SG13 "DNS privacy" --purpose information`)
	out = e.ok("bob", "org list --status invited")
	mustContain(t, out, "Organizations with status invited (1)", "IETF Internet Engineering Task Force · invited · 2 open liaisons")
	mustNotContain(t, out, "IAB")
	mustContain(t, e.ok("bob", "org list"), "IAB Internet Architecture Board · identified · 1 open liaison")
	mustContain(t, e.ok("bob", "org list --status declined"), "No organization has the status `declined`.")
	mustContain(t, e.refused("bob", "org list --status invitd"), "Unknown status `invitd`", "Did you mean `invited`?")
}

func TestOrgShowLiaisonsAndRepresentatives(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// A representative of IETF (joined as an sdo-rep) shows as a contact.
	if _, err := e.db.UpdatePerson(ctx, "console:dana", func(p *jca.Person) error {
		p.Memberships = append(p.Memberships, jca.Membership{Group: "IETF", Kind: jca.SDORep, Since: e.now})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, e.ok("bob", "org show IETF"), "Status: identified", "Representatives: @dana",
		"No liaison statement with this organization yet.")

	e.ok("alice", `liaison add --direction out --from JCA --to IETF "Closed one" --purpose information`)
	e.ok("alice", `liaison add --direction out --from JCA --to IETF "Late deadline" --purpose action --deadline 2027-06-30`)
	e.ok("alice", `liaison add --direction out --from SG13 --to IETF "Early deadline" --purpose comment --deadline 2027-01-15`)
	e.ok("chair", "liaison status L-1 closed")
	out := e.ok("bob", "org show IETF")
	mustContain(t, out, "Liaison statements: 3, 2 open")
	// Open ones first, the nearest deadline first, then the others.
	i3, i2, i1 := strings.Index(out, "L-3 "), strings.Index(out, "L-2 "), strings.Index(out, "L-1 ")
	if i3 < 0 || i2 < 0 || i1 < 0 || !(i3 < i2 && i2 < i1) {
		t.Fatalf("liaisons not ordered open first, by deadline:\n%s", out)
	}
	mustContain(t, out, "due Fri 15 Jan 2027", "due Wed 30 Jun 2027")

	// More than ten: the rest is one command away.
	for i := 0; i < 9; i++ {
		e.ok("alice", `liaison add --direction in --from "ISO/IEC JTC 1" --to IETF "More" --purpose information`)
	}
	mustContain(t, e.ok("bob", "org show jtc1"), "Liaison statements: 9, 9 open")
	mustContain(t, e.ok("bob", "org show IETF"), "10 of 12 shown. `/jca liaison list --org IETF` for all of them.")
}

func TestOrgFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "lang set fr")
	mustContain(t, e.ok("chair", "org invite IETF"), "Invitation à participer notée pour IETF (Internet Engineering Task Force)\u00a0: par @chair")
	mustContain(t, e.ok("chair", "org status IETF participating"), "IETF a désormais le statut `participating` (c'était `invited`).")
	mustContain(t, e.refused("chair", "org show IETG"), "Organisation inconnue\u00a0: `IETG`", "Vouliez-vous dire `IETF`\u00a0?")
	e.ok("marie", "lang set fr")
	mustContain(t, e.refused("marie", `org add X "Y"`), "Seul un président peut ajouter une organisation.")
	mustContain(t, e.ok("marie", "org list --status participating"), "Organisations au statut participating (1)")
}

// Two chairs adding the same short name at once: the store decides under its
// lock, so exactly one add succeeds.
func TestOrgAddConcurrent(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	var added atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep := e.r.Handle(context.Background(), bot.Request{
				Platform: bot.Console, Channel: "console:general",
				Person: bot.Person{ID: "console:chair"}, Text: `org add GSMA-X "GSMA X"`, Time: e.now,
			})
			if !rep.Refused {
				added.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := added.Load(); n != 1 {
		t.Fatalf("%d adds succeeded, want 1", n)
	}
	if o := e.org("GSMA-X"); o.Rev != 1 {
		t.Fatalf("stored %+v", o)
	}
}

func TestOrgContacts(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.refused("alice", `org contacts IETF "Liaison manager"`), "Only a chair can set an organization's contacts.", "@chair")
	out := e.ok("chair", `org contacts ietf "Liaison manager to ITU-T, ietf-itu@example.org" "IAB chair"`)
	mustContain(t, out, "Contacts of IETF: Liaison manager to ITU-T, ietf-itu@example.org; IAB chair.", "`/jca org show IETF`")
	mustContain(t, e.ok("bob", "org show IETF"), "Contacts", "Liaison manager to ITU-T, ietf-itu@example.org; IAB chair", "@chair changed the contacts")
	mustContain(t, e.refused("chair", `org contacts IETF "Liaison manager to ITU-T, ietf-itu@example.org" "IAB chair"`), "Nothing changed: IETF already has those values.")
	mustContain(t, e.refused("chair", `org contacts IETF "`+strings.Repeat("x", MaxOrgContact+1)+`"`), "contact")
	mustContain(t, e.refused("chair", `org contacts IETF ""`), "contact")
	mustContain(t, e.refused("chair", `org contacts SG13 "x"`), "is a study group")
	mustContain(t, e.refused("chair", `org contacts IETX "x"`), "Unknown organization `IETX`", "IETF")
	if o := e.org("IETF"); len(o.Contacts) != 2 {
		t.Fatalf("a refused change altered the contacts: %+v", o.Contacts)
	}
	mustContain(t, e.ok("chair", "org contacts IETF none"), "IETF has no contacts now.")
	if o := e.org("IETF"); len(o.Contacts) != 0 || len(o.History) != 2 {
		t.Fatalf("stored %+v", o)
	}
}
