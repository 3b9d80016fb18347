// Package textfold owns jcabot's notion of "the same text, ignoring case and
// accents": the folding used to search titles and to compare them for
// similarity, for English, French and any other Unicode text.
//
// Everything here is a pure function of its input and safe for concurrent use.
package textfold

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s lower-cased (Unicode case folding), with accents and other
// combining marks removed (NFD, drop Mn), compatibility forms unified
// (NFKC-ish: ligatures "œ"→"oe", "æ"→"ae", "ß"→"ss", full-width letters),
// typographic apostrophes/quotes unified to ASCII, and runs of white space
// collapsed to one space. "Réseaux ÉLECTRIQUES" → "reseaux electriques".
//
// In detail, Fold applies NFKD (compatibility decomposition), then per rune:
// drops non-spacing marks (category Mn) except the kana voicing marks
// U+3099/U+309A, so that Japanese passes through; drops invisible format
// characters (soft hyphen, zero-width space, word joiner, BOM, bidi
// controls; ZWJ/ZWNJ are kept); maps each rune r to ToLower(ToUpper(r)), a
// simple case folding that gives one form per case-insensitive class (so
// "Σ", "σ" and "ς" all give "σ", "ſ" gives "s"); replaces the letters œ æ ß
// ø đ ð ł þ ħ ŧ with ASCII ("oe", "ae", "ss", "o", "d", "d", "l", "th", "h",
// "t"); replaces ’ ‘ ‚ ‛ ′ ‵ ʼ ‹ › with "'", “ ” „ ‟ « » with `"` and the
// Unicode hyphens U+2010, U+2011 and the minus sign U+2212 with "-"; finally
// recomposes with NFC (Hangul, kana and spacing marks come back whole).
// Fold(Fold(s)) == Fold(s).
//
// Turkish: "İ" (dotted capital I) decomposes to I + U+0307, so it folds to
// "i"; "ı" (dotless small i) upper-cases to "I" and so also folds to "i".
// Turkish-specific casing is never applied: "ISPARTA", "Isparta" and
// "ısparta" all fold to "isparta".
//
// White space is any unicode.IsSpace rune (including no-break spaces, which
// NFKD turns into spaces); leading and trailing white space is removed.
// Scripts without case (Arabic, Hebrew, CJK, ...) pass through apart from the
// removal of their Mn marks (Arabic harakat, Hebrew points, and also Indic and
// Thai vowel signs of category Mn: lossy, but the same on both sides of any
// comparison) and the unification of compatibility forms (Arabic presentation
// forms, half-width katakana, CJK compatibility ideographs).
// Invalid UTF-8 bytes become U+FFFD.
//
// Pure ASCII input takes a fast path: it is returned as is when already
// folded and costs a single allocation otherwise.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldUnicode(s)
		}
	}
	return foldASCII(s)
}

// isASCIISpace reports whether c is one of the ASCII runes unicode.IsSpace
// accepts.
func isASCIISpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// asciiFolded reports whether ASCII s is its own fold: no upper-case letter,
// no white space other than single spaces between non-space bytes.
func asciiFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
		case isASCIISpace(c):
			return false
		}
	}
	return true
}

// foldASCII is Fold for input made only of ASCII bytes.
func foldASCII(s string) string {
	if asciiFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending before the next non-space byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIISpace(c) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// foldUnicode is Fold for any input; on ASCII input it gives the same result
// as foldASCII.
//
// Rather than building the NFKD form of s, it expands each rune into its full
// compatibility decomposition from the norm tables and folds the runes of
// that as they come. This skips the canonical reordering of combining marks
// that NFKD would do, which is harmless: Mn marks are dropped and the final
// NFC pass reorders whatever marks remain. Hangul syllables are not
// decomposed, as NFC would recompose them anyway.
func foldUnicode(s string) string {
	w := writer{}
	w.b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			w.ascii(c)
			i++
			continue
		}
		p := norm.NFKD.PropertiesString(s[i:])
		if d := p.Decomposition(); d != nil {
			for j := 0; j < len(d); {
				r, n := utf8.DecodeRune(d[j:])
				w.rune(r)
				j += n
			}
			i += p.Size()
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w.rune(r)
		i += n
	}
	if !w.nonASCII {
		return w.b.String() // ASCII is in NFC
	}
	return norm.NFC.String(w.b.String())
}

// writer accumulates folded text, collapsing white space.
type writer struct {
	b        strings.Builder
	space    bool // a space is pending before the next written rune
	nonASCII bool // a non-ASCII rune has been written
}

// ascii folds and writes the ASCII byte c.
func (w *writer) ascii(c byte) {
	if isASCIISpace(c) {
		w.space = w.b.Len() > 0
		return
	}
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	w.b.WriteByte(c)
}

// rune folds and writes r, a rune of a compatibility decomposition.
func (w *writer) rune(r rune) {
	if r < utf8.RuneSelf {
		w.ascii(byte(r))
		return
	}
	if unicode.IsSpace(r) {
		w.space = w.b.Len() > 0
		return
	}
	if dropped(r) {
		return
	}
	r = unicode.ToLower(unicode.ToUpper(r))
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
	if rep, ok := replacement(r); ok {
		w.b.WriteString(rep)
	} else {
		w.b.WriteRune(r)
		w.nonASCII = true
	}
}

// dropped reports whether Fold removes non-ASCII rune r: a non-spacing mark
// other than the kana voicing marks, or an invisible format character.
func dropped(r rune) bool {
	switch {
	case r == 0x3099 || r == 0x309A: // combining kana voiced / semi-voiced sound marks
		return false
	case r == 0x00AD, // soft hyphen
		r == 0x200B,                // zero-width space
		r == 0x200E || r == 0x200F, // left-to-right and right-to-left marks
		0x202A <= r && r <= 0x202E, // bidi embeddings and overrides
		0x2060 <= r && r <= 0x2064, // word joiner and invisible operators
		0x2066 <= r && r <= 0x2069, // bidi isolates
		r == 0xFEFF:                // zero-width no-break space (BOM)
		return true
	}
	return unicode.Is(unicode.Mn, r)
}

// replacement returns the ASCII text that Fold writes for the case-folded,
// non-ASCII rune r, if any.
func replacement(r rune) (string, bool) {
	switch r {
	case 'œ':
		return "oe", true
	case 'æ':
		return "ae", true
	case 'ß':
		return "ss", true
	case 'ø':
		return "o", true
	case 'đ', 'ð':
		return "d", true
	case 'ł':
		return "l", true
	case 'þ':
		return "th", true
	case 'ħ':
		return "h", true
	case 'ŧ':
		return "t", true
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u2035', '\u02BC', '\u2039', '\u203A':
		return "'", true
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB':
		return `"`, true
	case '\u2010', '\u2011', '\u2212':
		return "-", true
	}
	return "", false
}

// isWordRune reports whether r belongs in a word: a letter, a number or a
// (spacing or enclosing) mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isJoiner reports whether c joins two words into one when it sits between
// word runes: "y.3001", "q16/13", "imt-2030".
func isJoiner(c byte) bool {
	return c == '.' || c == '/' || c == '-'
}

// Words splits folded text into words: maximal runs of letters and digits;
// keeps internal dots, slashes and hyphens that join letters/digits so that
// references stay whole ("Y.3001", "Q16/13", "IMT-2030" → "y.3001", "q16/13",
// "imt-2030"). Input is raw text (Words folds it first).
//
// Letters, numbers and marks (unicode.IsLetter, IsNumber, IsMark) are word
// runes; a single '.', '/' or '-' with a word rune on each side is kept inside
// the word; everything else separates words, so "l'architecture" gives "l"
// and "architecture", and "end." gives "end". The words are in text order,
// with repeats; Words returns nil when there is none. The returned strings
// share memory with Fold(s).
func Words(s string) []string {
	f := Fold(s)
	var words []string
	start := -1 // byte offset of the current word, -1 between words
	for i := 0; i < len(f); {
		r, n := utf8.DecodeRuneInString(f[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && isJoiner(f[i]) && i+1 < len(f) && startsWithWordRune(f[i+1:]):
			// Joiner inside a word: keep it.
		default:
			if start >= 0 {
				words = append(words, f[start:i])
				start = -1
			}
		}
		i += n
	}
	if start >= 0 {
		words = append(words, f[start:])
	}
	return words
}

// startsWithWordRune reports whether s begins with a word rune.
func startsWithWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// Terms returns the distinct content words of a title for similarity: Words
// minus English and French stop words (the, of, and, for, a, an, in, on, to,
// with, by, de, des, du, la, le, les, et, pour, en, sur, dans, d, l, un, une,
// au, aux, ...: a reasonable list of ~80 function words each language) and
// minus 1-rune words, sorted and deduplicated. Elisions like "l'architecture"
// and "d’évaluation" give "architecture", "evaluation".
//
// Words that are also common technical abbreviations ("it", "us", "can",
// "me", "sa", "car", "ni") are deliberately not stop words. Terms returns nil
// when there is no content word.
func Terms(s string) []string {
	words := Words(s)
	terms := words[:0]
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 && !isStopWord(w) {
			terms = append(terms, w)
		}
	}
	if len(terms) == 0 {
		return nil
	}
	slices.Sort(terms)
	return slices.Clip(slices.Compact(terms))
}

// ContainsAll reports whether folded haystack contains every word of needle
// (both raw text), each as a substring: the rule for "search <words>".
//
// The words of needle are Words(needle), so its punctuation is ignored except
// inside references ("Y.3001"); a needle without words is contained in every
// haystack.
func ContainsAll(haystack, needle string) bool {
	words := Words(needle)
	if len(words) == 0 {
		return true
	}
	h := Fold(haystack)
	for _, w := range words {
		if !strings.Contains(h, w) {
			return false
		}
	}
	return true
}

// isStopWord reports whether folded word w is an English or French function
// word. The lists are in folded form ("à" → "a", "même" → "meme"); 1-rune
// words need not be listed since Terms drops them anyway.
func isStopWord(w string) bool {
	switch w {
	// English.
	case "about", "above", "after", "again", "against", "all", "am", "an",
		"and", "any", "are", "as", "at", "be", "because", "been", "before",
		"being", "below", "between", "both", "but", "by", "could", "did",
		"do", "does", "doing", "down", "during", "each", "few", "for", "from",
		"further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"him", "his", "how", "if", "in", "into", "is", "its", "itself",
		"just", "may", "more", "most", "must", "no", "nor", "not", "of", "off",
		"on", "once", "only", "or", "other", "our", "out", "over", "own",
		"same", "shall", "she", "should", "so", "some", "such", "than", "that",
		"the", "their", "them", "then", "there", "these", "they", "this",
		"those", "through", "to", "too", "under", "until", "up", "upon",
		"very", "via", "was", "we", "were", "what", "when", "where", "which",
		"while", "who", "whom", "why", "will", "with", "within", "without",
		"would", "you", "your":
		return true
	// French.
	case "afin", "ainsi", "apres", "au", "aupres", "auquel", "aux",
		"auxquels", "auxquelles", "avant", "avec", "ce", "ceci", "cela",
		"celle", "celles", "celui", "ces", "cet", "cette", "ceux", "chez",
		"comme", "dans", "de", "des", "donc", "dont", "du", "duquel", "elle",
		"elles", "en", "entre", "est", "et", "etre", "ete", "eux", "il", "ils",
		"je", "la", "laquelle", "le", "lequel", "les", "lesquelles",
		"lesquels", "leur", "leurs", "lors", "lui", "mais", "meme", "memes",
		"moi", "ne", "nos", "notre", "nous", "ou", "par", "parmi", "pas",
		"pour", "qu", "quant", "que", "quel", "quelle", "quelles", "quels",
		"qui", "sans", "selon", "ses", "si", "son", "sont", "sous", "sur",
		"tous", "tout", "toute", "toutes", "tres", "une", "un", "vers",
		"vos", "votre", "vous":
		return true
	}
	return false
}
