package textfold

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii already folded", "network architecture", "network architecture"},
		{"ascii upper", "NETWORK Architecture", "network architecture"},
		{"ascii white space runs and trim", " \tIMT-2030\n\n  Framework\r\n", "imt-2030 framework"},
		{"ascii punctuation kept", "Y.3001 (Q16/13): \"Future\" 'nets'", "y.3001 (q16/13): \"future\" 'nets'"},
		{"french accents", "Réseaux ÉLECTRIQUES", "reseaux electriques"},
		{"french sentence", "Sécurité des réseaux à très haut débit", "securite des reseaux a tres haut debit"},
		{"french capitals with accents", "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ", "aaaceeeeiioouuuy"},
		{"ligature oe", "Œuvre, cœur, sœur", "oeuvre, coeur, soeur"},
		{"ligature ae", "Æther et curriculum vitæ", "aether et curriculum vitae"},
		{"sharp s", "Straße STRAẞE", "strasse strasse"},
		{"compatibility ligatures", "ﬁnance ﬂow ﬀ", "finance flow ff"},
		{"full-width letters", "ＩＭＴ－２０３０ Ｆｕｌｌ", "imt-2030 full"},
		{"nordic and slavic letters", "Øresund Łódź Đorđe Þór", "oresund lodz dorde thor"},
		{"typographic apostrophes", "l’architecture d‘accès l'ʼ", "l'architecture d'acces l''"},
		{"typographic double quotes", "“smart” „grid‟ «réseau»", `"smart" "grid" "reseau"`},
		{"guillemets with no-break spaces", "«\u00a0réseau\u00a0» :\u202fdéfinition", `" reseau " : definition`},
		{"unicode hyphens", "IMT\u20112030 IMT\u20102030 a\u2212b", "imt-2030 imt-2030 a-b"},
		{"invisible format characters", "ré\u00adseau\u200b x\ufeffy", "reseau xy"},
		{"unicode white space", "a\u2003\u3000b\u0085c", "a b c"},
		{"combining sequence", "e\u0301le\u0300ve\u0302 n\u0303", "eleve n"},
		{"stacked combining marks", "a\u0301\u0323\u0308", "a"},
		// Turkish: Unicode (not Turkish) casing. İ = I + U+0307, whose mark
		// is dropped; dotless ı upper-cases to I, then lower-cases to i.
		{"turkish dotted capital I", "İSTANBUL İzmir", "istanbul izmir"},
		{"turkish dotless i", "ısparta ISPARTA Isparta", "isparta isparta isparta"},
		{"greek final sigma", "ΟΔΟΣ οδος οδοσ", "οδοσ οδοσ οδοσ"},
		{"greek accents", "Ελληνικά", "ελληνικα"},
		{"cyrillic", "Сети СВЯЗИ ё", "сети связи е"},
		{"arabic passes through", "الشبكات الذكية", "الشبكات الذكية"},
		{"arabic harakat removed", "شَبَكَة", "شبكة"},
		{"arabic presentation forms unified", "\ufefb", "\u0644\u0627"},
		{"hebrew passes through", "רשת", "רשת"},
		{"cjk passes through", "人工智能网络", "人工智能网络"},
		{"japanese kana keep voicing marks", "ガイド パケット", "ガイド パケット"},
		{"half-width katakana unified", "ｶﾞｲﾄﾞ", "ガイド"},
		{"hangul passes through", "한국어 네트워크", "한국어 네트워크"},
		{"kelvin and angstrom signs", "\u212a \u212b", "k a"},
		{"superscripts and fractions", "m² ½", "m2 1⁄2"},
		{"ellipsis", "etc…", "etc..."},
		{"invalid utf-8", "a\xffB", "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// foldReference is the straightforward form of foldUnicode, with a real
// NFKD pass: foldUnicode must give the same results.
func foldReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if r >= utf8.RuneSelf && dropped(r) {
			continue
		}
		r = unicode.ToLower(unicode.ToUpper(r))
		if space {
			b.WriteByte(' ')
			space = false
		}
		if rep, ok := replacement(r); ok {
			b.WriteString(rep)
		} else {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// TestFoldMatchesReference compares Fold with foldReference on every
// assigned rune alone, after a letter, and on random strings mixing letters and marks, and
// checks that Fold is idempotent on them.
func TestFoldMatchesReference(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		// Assigned runes other than private use.
		if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf) {
			continue
		}
		for _, s := range []string{string(r), "E" + string(r)} {
			got := Fold(s)
			if want := foldReference(s); got != want {
				t.Errorf("%U: Fold(%q) = %q, reference %q", r, s, got, want)
			}
			if again := Fold(got); again != got {
				t.Errorf("%U: Fold(%q) = %q but Fold(%q) = %q", r, s, got, got, again)
			}
		}
	}
	pieces := []string{"a", "E", "é", "e\u0301", "\u0323", "\u0308", "\u0345", "\u0f71", "\u0f72", "\u0f80",
		"\u093f", "\u094d", "\u0915", "\u1100", "\u1161", "\u11a8", "한", "カ", "\u3099", "ｶ", "ﾞ",
		"Œ", "ß", "İ", " ", "\u00a0", "\u2019", "ﬁ", "\u1e9b", "\u0323", "\u0f73", "\U0001d15e", "\u05b4", "\xff"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		got := Fold(s)
		if want := foldReference(s); got != want {
			t.Fatalf("Fold(%+q) = %+q, reference %+q", s, got, want)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold(%+q) = %+q but Fold(%+q) = %+q", s, got, got, again)
		}
	}
}

// TestFoldASCIIPaths checks that the ASCII fast path agrees with the general
// path.
func TestFoldASCIIPaths(t *testing.T) {
	const alphabet = "aZ .-/\t\n\r\v\f'\"09Yz"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		if a, u := foldASCII(s), foldUnicode(s); a != u {
			t.Fatalf("foldASCII(%q) = %q, foldUnicode = %q", s, a, u)
		}
	}
}

func TestFoldASCIIAllocs(t *testing.T) {
	tests := []struct {
		name, in string
		max      float64
	}{
		{"already folded", "network architecture for imt-2030", 0},
		{"needs folding", "  Network   Architecture for IMT-2030 ", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() { _ = Fold(tt.in) }); n > tt.max {
				t.Errorf("Fold(%q) allocates %v times, want <= %v", tt.in, n, tt.max)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"only punctuation", " -- ./ ", nil},
		{"plain", "Smart Grid", []string{"smart", "grid"}},
		{"references stay whole", "ITU-T Y.3001, Q16/13 and IMT-2030.", []string{"itu-t", "y.3001", "q16/13", "and", "imt-2030"}},
		{"trailing and leading joiners", "-abc- .def. /ghi/", []string{"abc", "def", "ghi"}},
		{"doubled joiners split", "a--b c..d e/-f", []string{"a", "b", "c", "d", "e", "f"}},
		{"elisions split", "l’Architecture d'évaluation", []string{"l", "architecture", "d", "evaluation"}},
		{"accents folded", "Réseaux ÉLECTRIQUES", []string{"reseaux", "electriques"}},
		{"digits and letters", "5G 802.11ax", []string{"5g", "802.11ax"}},
		{"unicode hyphen joins", "IMT\u20112030", []string{"imt-2030"}},
		{"other punctuation separates", "a,b;c:d(e)f'g\"h", []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
		{"arabic", "الشبكات الذكية", []string{"الشبكات", "الذكية"}},
		{"cjk", "人工智能，网络", []string{"人工智能", "网络"}},
		{"spacing marks stay in words", "தமிழ்", []string{"தமிழ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Words(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"only stop words", "The and of à la", nil},
		{"english title", "Architecture of the Network for IMT-2030 and beyond", []string{"architecture", "beyond", "imt-2030", "network"}},
		{"french title", "Architecture des réseaux pour les villes intelligentes", []string{"architecture", "intelligentes", "reseaux", "villes"}},
		{"elisions", "Méthodes d’évaluation de l'architecture", []string{"architecture", "evaluation", "methodes"}},
		{"sorted and deduplicated", "Security; SECURITY of security and Sécurité", []string{"securite", "security"}},
		{"one-rune words dropped", "Part 2: x y z", []string{"part"}},
		{"abbreviations kept", "IT security for the car; SA and NSA", []string{"car", "it", "nsa", "sa", "security"}},
		{"references", "Y.3001 and Q16/13", []string{"q16/13", "y.3001"}},
		{"cjk single character dropped", "网 人工智能", []string{"人工智能"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStopWordsFolded(t *testing.T) {
	// Every listed stop word must be in folded form, or it could never match.
	for _, w := range []string{"the", "of", "and", "de", "des", "du", "la", "le", "les", "et", "pour", "en", "sur", "dans", "un", "une", "au", "aux", "apres", "etre", "meme"} {
		if !isStopWord(w) {
			t.Errorf("isStopWord(%q) = false", w)
		}
		if Fold(w) != w {
			t.Errorf("stop word %q is not folded", w)
		}
	}
}

func TestContainsAll(t *testing.T) {
	const title = "Architecture des Réseaux Électriques — ITU-T Y.3001 (Q16/13)"
	tests := []struct {
		name, haystack, needle string
		want                   bool
	}{
		{"empty needle", title, "", true},
		{"punctuation-only needle", title, " ;; ", true},
		{"one word", title, "architecture", true},
		{"case and accents", title, "RESEAUX electriques", true},
		{"accented needle", "reseaux electriques", "Réseaux Électriques", true},
		{"order irrelevant", title, "électriques architecture", true},
		{"substring of a word", title, "archi elec", true},
		{"reference", title, "y.3001", true},
		{"reference with slash", title, "q16/13", true},
		{"missing word", title, "architecture optique", false},
		{"ligature", "Manœuvre", "manoeuvre", true},
		{"empty haystack", "", "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContainsAll(tt.haystack, tt.needle); got != tt.want {
				t.Errorf("ContainsAll(%q, %q) = %v, want %v", tt.haystack, tt.needle, got, tt.want)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Réseaux ÉLECTRIQUES", "İı", "ｶﾞ", "a  b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
		if Fold(got) != got {
			t.Fatalf("Fold(%q) = %q is not a fixed point", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q has stray spaces", s, got)
		}
	})
}

func BenchmarkFold(b *testing.B) {
	const title = "Réseaux ÉLECTRIQUES intelligents : sécurité d’accès (Œuvres)" // 60 runes
	if n := utf8.RuneCountInString(title); n != 60 {
		b.Fatalf("title has %d runes, want 60", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold(title)
	}
}
