package jca

import (
	"fmt"
	"strings"
)

// Aspect is one of the aspects of networks supporting the Internet that
// Resolution 178 names. The default set is evolution, capacity, continuity,
// interoperability and security.
type Aspect string

// Status is where a work item stands (Recommendation status words).
type Status string

// BodyKind says what kind of body a group code names.
type BodyKind string

const (
	StudyGroupBody   BodyKind = "study-group"
	OrganizationBody BodyKind = "organization"
	JCABody          BodyKind = "jca"
)

// Group is an ITU-T study group (or TSAG) of the configured study period.
type Group struct {
	Code  string `json:"code"`            // "SG13", "TSAG"
	Title string `json:"title,omitempty"` // shown only when verified
}

// Organization is an SDO or forum.
type Organization struct {
	Short   string   `json:"short"`             // "IETF", "ISO/IEC JTC 1"
	Name    string   `json:"name,omitempty"`    // "Internet Engineering Task Force"
	Aliases []string `json:"aliases,omitempty"` // other ways people type it: "JTC1"
}

// WSISLine is a WSIS action line (C1..C11).
type WSISLine struct {
	Code  string `json:"code"`
	Title string `json:"title,omitempty"`
}

// Vocabulary is the words the register accepts: the JCA's own name, the
// study groups of the study period, the organizations, the aspects, the
// status words and the WSIS action lines. It is read-only once built; use
// NewVocabulary so lookups are indexed.
type Vocabulary struct {
	JCA           string
	StudyPeriod   string
	Groups        []Group
	Organizations []Organization
	Aspects       []Aspect
	Statuses      []Status
	Routes        []string
	WSIS          []WSISLine

	bodies map[string]Body
}

// Body is a resolved group of the register: a study group, an organization
// or the JCA itself.
type Body struct {
	Kind BodyKind
	Code string
}

// MaxAspects bounds the configured aspects (the register keeps them as bits).
const MaxAspects = 16

// NewVocabulary indexes v and checks that it is usable: every list present,
// no duplicates, codes well formed.
func NewVocabulary(v Vocabulary) (*Vocabulary, error) {
	if strings.TrimSpace(v.JCA) == "" {
		return nil, fmt.Errorf("vocabulary: the JCA's name is empty")
	}
	if len(v.Groups) == 0 || len(v.Aspects) == 0 || len(v.Statuses) == 0 {
		return nil, fmt.Errorf("vocabulary: groups, aspects and statuses must not be empty")
	}
	if len(v.Aspects) > MaxAspects {
		return nil, fmt.Errorf("vocabulary: at most %d aspects", MaxAspects)
	}
	if len(v.Routes) == 0 {
		v.Routes = []string{"AAP", "TAP"}
	}
	v.bodies = map[string]Body{}
	// add indexes a name; an alias may repeat its own body's name
	// ("one M2M" for oneM2M), anything else seen twice is an error.
	add := func(name string, b Body, alias bool) error {
		k := bodyKey(name)
		if k == "" {
			return fmt.Errorf("vocabulary: empty name")
		}
		if old, dup := v.bodies[k]; dup && !(alias && old == b) {
			return fmt.Errorf("vocabulary: %q is given twice (as %s and %s)", name, old.Code, b.Code)
		}
		v.bodies[k] = b
		return nil
	}
	if err := add(v.JCA, Body{JCABody, v.JCA}, false); err != nil {
		return nil, err
	}
	if err := add("JCA", Body{JCABody, v.JCA}, true); err != nil {
		return nil, err
	}
	for _, g := range v.Groups {
		if err := add(g.Code, Body{StudyGroupBody, g.Code}, false); err != nil {
			return nil, err
		}
	}
	for _, o := range v.Organizations {
		if err := add(o.Short, Body{OrganizationBody, o.Short}, false); err != nil {
			return nil, err
		}
		for _, a := range o.Aliases {
			if err := add(a, Body{OrganizationBody, o.Short}, true); err != nil {
				return nil, err
			}
		}
	}
	if err := distinct("aspect", v.AspectNames(), true); err != nil {
		return nil, err
	}
	if err := distinct("status", v.StatusNames(), true); err != nil {
		return nil, err
	}
	if err := distinct("WSIS line", v.WSISCodes(), false); err != nil {
		return nil, err
	}
	return &v, nil
}

// distinct checks a word list: no empty or duplicate word and, for words
// typed as flag values, no space or comma.
func distinct(what string, words []string, flagWord bool) error {
	seen := map[string]bool{}
	for _, w := range words {
		k := strings.ToLower(w)
		if w == "" || seen[k] || (flagWord && strings.ContainsAny(w, " ,")) {
			return fmt.Errorf("vocabulary: bad or duplicate %s %q", what, w)
		}
		seen[k] = true
	}
	return nil
}

// bodyKey folds a group name for lookup: case, spaces, hyphens, dots and
// slashes do not matter ("sg 13", "Sg13", "ISO/IEC JTC 1" = "isoiecjtc1").
func bodyKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '-', '_', '.', '/', '\u00a0':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Body resolves a typed group name.
func (v *Vocabulary) Body(name string) (Body, bool) {
	b, ok := v.bodies[bodyKey(name)]
	return b, ok
}

// BodyNames lists the canonical names of every body: study groups first,
// then the JCA, then organizations.
func (v *Vocabulary) BodyNames() []string {
	out := v.GroupCodes()
	out = append(out, v.JCA)
	for _, o := range v.Organizations {
		out = append(out, o.Short)
	}
	return out
}

// GroupCodes lists the study group codes in configured order.
func (v *Vocabulary) GroupCodes() []string {
	out := make([]string, len(v.Groups))
	for i, g := range v.Groups {
		out[i] = g.Code
	}
	return out
}

// Aspect resolves a typed aspect (case-insensitive, or a unique prefix of at
// least three letters: "interop").
func (v *Vocabulary) Aspect(s string) (Aspect, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	var found Aspect
	n := 0
	for _, a := range v.Aspects {
		if string(a) == s {
			return a, true
		}
		if len(s) >= 3 && strings.HasPrefix(string(a), s) {
			found, n = a, n+1
		}
	}
	return found, n == 1
}

// AspectIndex is the position of a in the configured aspects, or -1.
func (v *Vocabulary) AspectIndex(a Aspect) int {
	for i, x := range v.Aspects {
		if x == a {
			return i
		}
	}
	return -1
}

// AspectNames lists the aspects as strings.
func (v *Vocabulary) AspectNames() []string {
	out := make([]string, len(v.Aspects))
	for i, a := range v.Aspects {
		out[i] = string(a)
	}
	return out
}

// statusSpaces reads spaces and underscores in a status word as hyphens.
var statusSpaces = strings.NewReplacer(" ", "-", "_", "-")

// Status resolves a typed status word (case-insensitive; spaces or
// underscores for hyphens).
func (v *Vocabulary) Status(s string) (Status, bool) {
	s = strings.ToLower(statusSpaces.Replace(strings.TrimSpace(s)))
	for _, st := range v.Statuses {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// StatusNames lists the status words.
func (v *Vocabulary) StatusNames() []string {
	out := make([]string, len(v.Statuses))
	for i, s := range v.Statuses {
		out[i] = string(s)
	}
	return out
}

// Route resolves an approval route (AAP or TAP, any case).
func (v *Vocabulary) Route(s string) (string, bool) {
	for _, r := range v.Routes {
		if strings.EqualFold(r, strings.TrimSpace(s)) {
			return r, true
		}
	}
	return "", false
}

// WSISLine resolves a WSIS action line code ("c5", "C5").
func (v *Vocabulary) WSISLine(s string) (string, bool) {
	for _, w := range v.WSIS {
		if strings.EqualFold(w.Code, strings.TrimSpace(s)) {
			return w.Code, true
		}
	}
	return "", false
}

// WSISCodes lists the WSIS action line codes.
func (v *Vocabulary) WSISCodes() []string {
	out := make([]string, len(v.WSIS))
	for i, w := range v.WSIS {
		out[i] = w.Code
	}
	return out
}

// DefaultVocabulary is study period 2025-2028 (WTSA-24) with TSAG, the five
// aspects of Resolution 178, the Recommendation status words, the WSIS
// action lines and the SDOs and forums of the domain reference. Titles are
// given only where they were verified.
// Pass it to NewVocabulary to index it.
func DefaultVocabulary() Vocabulary {
	return Vocabulary{
		JCA:         "JCA-Res.178",
		StudyPeriod: "2025-2028",
		Groups: []Group{
			{"TSAG", "Telecommunication Standardization Advisory Group"},
			{"SG2", "Operational aspects of telecommunications and ICTs"},
			{"SG3", ""},
			{"SG5", "Environment, climate action, circular economy and electromagnetic fields"},
			{"SG11", ""},
			{"SG12", ""},
			{"SG13", "Future networks and emerging network technologies"},
			{"SG15", ""},
			{"SG17", "Security"},
			{"SG20", ""},
			{"SG21", "Technologies for multimedia, content delivery and cable television"},
		},
		Organizations: DefaultOrganizations(),
		Aspects:       []Aspect{"evolution", "capacity", "continuity", "interoperability", "security"},
		Statuses: []Status{"under-study", "consented", "last-call", "additional-review",
			"determined", "approved", "agreed", "deleted"},
		Routes: []string{"AAP", "TAP"},
		WSIS: []WSISLine{
			{"C1", "The role of public governance authorities and all stakeholders in the promotion of ICTs for development"},
			{"C2", "Information and communication infrastructure"},
			{"C3", "Access to information and knowledge"},
			{"C4", "Capacity building"},
			{"C5", "Building confidence and security in the use of ICTs"},
			{"C6", "Enabling environment"},
			{"C7", "ICT applications"},
			{"C8", "Cultural diversity and identity, linguistic diversity and local content"},
			{"C9", "Media"},
			{"C10", "Ethical dimensions of the Information Society"},
			{"C11", "International and regional cooperation"},
		},
	}
}

// DefaultOrganizations are the SDOs and forums of the domain reference.
func DefaultOrganizations() []Organization {
	return []Organization{
		{Short: "IETF", Name: "Internet Engineering Task Force"},
		{Short: "IAB", Name: "Internet Architecture Board"},
		{Short: "IRTF", Name: "Internet Research Task Force"},
		{Short: "ISOC", Name: "Internet Society"},
		{Short: "ICANN", Name: "Internet Corporation for Assigned Names and Numbers"},
		{Short: "RIRs", Name: "Regional Internet Registries", Aliases: []string{"RIR"}},
		{Short: "W3C", Name: "World Wide Web Consortium"},
		{Short: "IEEE", Name: "Institute of Electrical and Electronics Engineers", Aliases: []string{"IEEE-SA"}},
		{Short: "ISO/IEC JTC 1", Name: "ISO/IEC Joint Technical Committee 1, Information technology", Aliases: []string{"JTC1"}},
		{Short: "ISO", Name: "International Organization for Standardization"},
		{Short: "IEC", Name: "International Electrotechnical Commission"},
		{Short: "3GPP", Name: "3rd Generation Partnership Project"},
		{Short: "3GPP2", Name: "3rd Generation Partnership Project 2"},
		{Short: "ETSI", Name: "European Telecommunications Standards Institute"},
		{Short: "oneM2M", Name: "oneM2M Partnership Project"},
		{Short: "ATIS", Name: "Alliance for Telecommunications Industry Solutions"},
		{Short: "TIA", Name: "Telecommunications Industry Association"},
		{Short: "ARIB", Name: "Association of Radio Industries and Businesses"},
		{Short: "TTC", Name: "Telecommunication Technology Committee"},
		{Short: "TTA", Name: "Telecommunications Technology Association"},
		{Short: "CCSA", Name: "China Communications Standards Association"},
		{Short: "TSDSI", Name: "Telecommunications Standards Development Society, India"},
		{Short: "BBF", Name: "Broadband Forum"},
		{Short: "MEF", Name: "MEF Forum"},
		{Short: "ONF", Name: "Open Networking Foundation"},
		{Short: "OASIS", Name: "Organization for the Advancement of Structured Information Standards"},
		{Short: "OGC", Name: "Open Geospatial Consortium"},
		{Short: "GS1", Name: "GS1"},
		{Short: "GSMA", Name: "GSM Association"},
		{Short: "IGF", Name: "Internet Governance Forum"},
		{Short: "CSTD", Name: "UN Commission on Science and Technology for Development"},
		{Short: "UNESCO", Name: "UN Educational, Scientific and Cultural Organization"},
		{Short: "UNDP", Name: "UN Development Programme"},
		{Short: "ITU-R", Name: "ITU Radiocommunication Sector"},
		{Short: "ITU-D", Name: "ITU Development Sector"},
		{Short: "CWG-Internet", Name: "ITU Council Working Group on International Internet-related Public Policy Issues"},
		{Short: "GSC", Name: "Global Standards Collaboration"},
	}
}
