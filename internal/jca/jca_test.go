package jca

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func vocab(t *testing.T) *Vocabulary {
	t.Helper()
	v, err := NewVocabulary(DefaultVocabulary())
	if err != nil {
		t.Fatalf("default vocabulary: %v", err)
	}
	return v
}

func TestBodyLookup(t *testing.T) {
	v := vocab(t)
	tests := []struct {
		in   string
		want Body
		ok   bool
	}{
		{"SG13", Body{StudyGroupBody, "SG13"}, true},
		{"sg 13", Body{StudyGroupBody, "SG13"}, true},
		{"tsag", Body{StudyGroupBody, "TSAG"}, true},
		{"ietf", Body{OrganizationBody, "IETF"}, true},
		{"JTC1", Body{OrganizationBody, "ISO/IEC JTC 1"}, true},
		{"jca", Body{JCABody, "JCA-Res.178"}, true},
		{"JCA-Res.178", Body{JCABody, "JCA-Res.178"}, true},
		{"SG9", Body{}, false}, // not in study period 2025-2028
		{"SG99", Body{}, false},
	}
	for _, tt := range tests {
		got, ok := v.Body(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Body(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestVocabularyRejectsBadTables(t *testing.T) {
	bad := DefaultVocabulary()
	bad.Groups = append(bad.Groups, Group{Code: "IETF"}) // clashes with the organization
	if _, err := NewVocabulary(bad); err == nil {
		t.Error("a study group named like an organization was accepted")
	}
	empty := DefaultVocabulary()
	empty.Aspects = nil
	if _, err := NewVocabulary(empty); err == nil {
		t.Error("no aspects was accepted")
	}
}

func TestAspectPrefix(t *testing.T) {
	v := vocab(t)
	if a, ok := v.Aspect("interop"); !ok || a != "interoperability" {
		t.Errorf("interop = %q %v", a, ok)
	}
	if _, ok := v.Aspect("co"); ok { // capacity? continuity? too short anyway
		t.Error("ambiguous prefix accepted")
	}
	if _, ok := v.Aspect("con"); !ok { // continuity only
		t.Error("con should resolve to continuity")
	}
}

func TestValidate(t *testing.T) {
	v := vocab(t)
	base := func() *Activity {
		return &Activity{Group: "sg13", Title: " Network requirements ", Status: "under-study"}
	}
	tests := []struct {
		name    string
		edit    func(a *Activity)
		wantKey string
	}{
		{"ok", func(a *Activity) {}, ""},
		{"question of its group", func(a *Activity) { a.Question = "q16/13" }, ""},
		{"question of another group", func(a *Activity) { a.Question = "Q6/17" }, "err.question_group"},
		{"question of an organization", func(a *Activity) { a.Group = "IETF"; a.Question = "Q6/17" }, "err.question_group"},
		{"bad question", func(a *Activity) { a.Question = "Q16-13" }, "err.question_format"},
		{"empty title", func(a *Activity) { a.Title = "  " }, "err.text_empty"},
		{"long title", func(a *Activity) { a.Title = strings.Repeat("é", MaxTitle+1) }, "err.text_too_long"},
		{"title at limit", func(a *Activity) { a.Title = strings.Repeat("é", MaxTitle) }, ""},
		{"unknown group", func(a *Activity) { a.Group = "SG99" }, "err.unknown_group"},
		{"bad ref", func(a *Activity) { a.Ref = "not a ref at all" }, "err.ref_format"},
		{"rfc ref", func(a *Activity) { a.Ref = "RFC 4052" }, ""},
		{"itu ref", func(a *Activity) { a.Ref = "Y.IoT-BC-reqts" }, ""},
		{"javascript link", func(a *Activity) { a.Links = []string{"javascript:alert(1)"} }, "err.link_format"},
		{"unknown status", func(a *Activity) { a.Status = "done" }, "err.unknown_status"},
		{"long note", func(a *Activity) { a.Note = strings.Repeat("x", MaxNote+1) }, "err.text_too_long"},
		{"escape sequence in the title", func(a *Activity) { a.Title = "DNS \x1b[31mred\x1b[0m" }, "err.text_control"},
		{"NUL in the title", func(a *Activity) { a.Title = "DNS\x00" }, "err.text_control"},
		{"BEL in the note", func(a *Activity) { a.Note = "ding\a" }, "err.text_control"},
		{"CR in the title", func(a *Activity) { a.Title = "DNS\rX" }, "err.text_control"},
		{"C1 control", func(a *Activity) { a.Title = "DNS\u009b" }, "err.text_control"},
		{"right-to-left override", func(a *Activity) { a.Title = "invoice\u202Efdp.exe" }, "err.text_control"},
		{"isolate", func(a *Activity) { a.Title = "a\u2067b" }, "err.text_control"},
		{"right-to-left mark and Arabic", func(a *Activity) { a.Title = "شبكات\u200F IPv6" }, ""},
		{"lines and tabs in a note", func(a *Activity) { a.Note = "one\n\ttwo" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base()
			tt.edit(a)
			err := a.Validate(v)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if a.Group != "SG13" && a.Group != "IETF" {
					t.Errorf("group not canonical: %q", a.Group)
				}
				return
			}
			e, ok := AsError(err)
			if !ok || e.Key != tt.wantKey {
				t.Fatalf("Validate = %v, want %s", err, tt.wantKey)
			}
		})
	}
}

func TestValidateNormalisesLists(t *testing.T) {
	v := vocab(t)
	a := &Activity{Group: "SG17", Title: "t", Status: "approved",
		Aspects: []Aspect{"security", "evolution", "security"}, WSIS: []string{"C5", "C2", "C5"}}
	if err := a.Validate(v); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Aspects, []Aspect{"evolution", "security"}) || !slices.Equal(a.WSIS, []string{"C2", "C5"}) {
		t.Fatalf("lists not normalised: %v %v", a.Aspects, a.WSIS)
	}
}

func TestDiffRecordsEachField(t *testing.T) {
	old := &Activity{Title: "a", Status: "under-study"}
	a := old.Clone()
	a.Title, a.Status = "b", "approved"
	if !a.Diff(old, "console:bob", old.CreatedAt) {
		t.Fatal("no change recorded")
	}
	if len(a.History) != 2 || a.History[0].Field != "title" || a.History[1].Old != "under-study" {
		t.Fatalf("history = %+v", a.History)
	}
	if a.Clone().Diff(a, "x", a.UpdatedAt) {
		t.Fatal("identical copies differ")
	}
}

func TestParseRef(t *testing.T) {
	for in, want := range map[string]int{"A-12": 12, "a12": 12, "#3": 3, "7": 7} {
		if got, ok := ParseRef("A", in); !ok || got != want {
			t.Errorf("ParseRef(%q) = %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"T-3", "A-", "A-0", "A--1", "x"} {
		if _, ok := ParseRef("A", in); ok {
			t.Errorf("ParseRef(%q) accepted", in)
		}
	}
}

// A poll closes once, with its history; deciding closes an open poll.
func TestPollCloseAndDecide(t *testing.T) {
	at := time.Date(2032, 3, 1, 12, 0, 0, 0, time.UTC)
	p := &Poll{}
	if !p.Close(at, "console:chair", at.Add(time.Minute)) || p.Close(at, "", at) {
		t.Fatal("closed twice, or not at all")
	}
	if !p.Closed || !p.ClosedAt.Equal(at) || p.ClosedBy != "console:chair" || len(p.History) != 1 || !p.History[0].At.Equal(at.Add(time.Minute)) {
		t.Fatalf("%+v", p)
	}
	q := &Poll{}
	q.Decide(2, "console:chair", at)
	if !q.Closed || q.Decided != 2 || len(q.History) != 1 || q.History[0].Field != "decided" || q.History[0].New != "2" {
		t.Fatalf("%+v", q)
	}
}

// A liaison's status moves with its history; a reply answers only an open
// liaison.
func TestLiaisonStatusRules(t *testing.T) {
	at := time.Date(2032, 3, 1, 12, 0, 0, 0, time.UTC)
	l := &Liaison{ID: 1, Status: LiaisonOpen}
	reply := &Liaison{ID: 2, CreatedBy: "console:bob", CreatedAt: at}
	if !l.AnsweredBy(reply) || l.Status != LiaisonAnswered || l.History[0].New != "answered (L-2)" || l.IsOpen() {
		t.Fatalf("%+v", l)
	}
	if l.AnsweredBy(reply) || len(l.History) != 1 {
		t.Fatal("a reply answered a liaison that was not open")
	}
	if l.SetStatus(LiaisonAnswered, "console:chair", at) || !l.SetStatus(LiaisonOpen, "console:chair", at) || !l.IsOpen() || len(l.History) != 2 {
		t.Fatalf("%+v", l)
	}
}

// Every list of the snapshot is a kind, and every kind is counted: a new
// list in Snapshot fails here until it is in Kinds (and so in every test
// checking export, import, backup, the report and search against Kinds).
func TestKindsCoverTheRegister(t *testing.T) {
	rt := reflect.TypeOf(Snapshot{})
	names := map[string]bool{}
	for _, k := range Kinds {
		names[k.Name] = true
		if _, ok := (&Snapshot{}).Count(k.Name); !ok {
			t.Errorf("kind %s is not counted", k.Name)
		}
	}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Type.Kind() != reflect.Slice {
			continue
		}
		if !names[strings.ToLower(f.Name)] {
			t.Errorf("Snapshot.%s is not in Kinds", f.Name)
		}
	}
	if len(names) != len(Kinds) {
		t.Error("a kind is listed twice")
	}
}

// Membership, chairs and meeting moves keep their own history.
func TestPersonAndMeetingRules(t *testing.T) {
	at := time.Date(2032, 3, 1, 12, 0, 0, 0, time.UTC)
	p := &Person{}
	if p.Join(Membership{Group: "SG13", Kind: SGRep, Since: at}, "console:a", at) {
		t.Fatal("a first membership reported as an update")
	}
	if !p.Join(Membership{Group: "SG13", Kind: MemberRep, Org: "Orange", Since: at.Add(time.Hour)}, "console:a", at) {
		t.Fatal("a changed membership not reported as an update")
	}
	if m, _ := p.Membership("SG13"); !m.Since.Equal(at) || m.Label() != "member-rep (Orange)" || len(p.Memberships) != 1 {
		t.Fatalf("%+v", p.Memberships)
	}
	if !p.Leave("SG13", "console:a", at) || p.Leave("SG13", "console:a", at) || p.IsMember() {
		t.Fatal("leave")
	}
	if !p.SetChair(true, "console:chair", at) || p.SetChair(true, "console:chair", at) || !p.Chair {
		t.Fatal("chair")
	}
	if h := p.History; len(h) != 4 || h[1].Old != "sg-rep" || h[1].New != "member-rep (Orange)" || h[3].New != "true" {
		t.Fatalf("history %+v", h)
	}
	m := &Meeting{Start: at, Duration: time.Hour, Zone: "UTC"}
	if m.Move(at, time.Hour, "", "console:a", at) || !m.Move(at.Add(time.Hour), 90*time.Minute, "Europe/Zurich", "console:a", at) {
		t.Fatal("move")
	}
	if len(m.History) != 3 || m.Zone != "Europe/Zurich" || m.Duration != 90*time.Minute {
		t.Fatalf("%+v", m)
	}
}

func TestLiaisonAndProposalDiff(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	old := &Liaison{ID: 1, Title: "IMT", To: []string{"SG13"}}
	l := old.Clone()
	if l.Diff(old, "slack:T1/U1", at) || len(l.History) != 0 || !l.UpdatedAt.IsZero() {
		t.Fatalf("no change recorded as one: %+v", l.History)
	}
	l.Title, l.Deadline = "IMT-2030", time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)
	if !l.Diff(old, "slack:T1/U1", at) || l.UpdatedAt != at {
		t.Fatal("a change not reported")
	}
	want := []Change{{At: at, By: "slack:T1/U1", Field: "title", Old: "IMT", New: "IMT-2030"},
		{At: at, By: "slack:T1/U1", Field: "deadline", New: "2027-01-15 12:00 UTC"}}
	if !reflect.DeepEqual(l.History, want) {
		t.Fatalf("liaison history %+v", l.History)
	}

	for kind, field := range map[ProposalKind]string{TopicProposal: "title", JointProposal: "name"} {
		old := &Proposal{Kind: kind, Title: "A", Groups: []string{"SG13"}}
		p := old.Clone()
		p.Title, p.Groups = "B", []string{"SG13", "SG17"}
		if !p.Diff(old, "slack:T1/U1", at) || len(p.History) != 2 || p.History[0].Field != field {
			t.Fatalf("%s history %+v", kind, p.History)
		}
		if g := p.History[1]; g.Old != "SG13" || g.New != "SG13,SG17" {
			t.Fatalf("%s groups %+v", kind, g)
		}
	}
}
