// This file is the command language's lowest layer: Tokenize splits a raw
// chat line into words and Quote is its inverse for one word. It knows
// nothing about areas, verbs or flags beyond recording on each Token what
// the flag parser needs to tell a flag from an argument (Token.Quoted).

package commands

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a command line.
//
// Quoted rule: Quoted is true exactly when the word's first input rune opened
// a quoted run. It is the flag parser's "this is an argument" mark: a Quoted
// token is never a flag, whatever its Text. Quoting that starts later in the
// word does not set it, so all of these read as the flag parser expects:
//
//	--note "x y"     → {--note false} {x y true}    flag, then its value
//	--note="x y"     → {--note=x y false}            flag=value in one word
//	"--not-a-flag"   → {--not-a-flag true}           an argument
//	""               → {"" true}                     an empty argument
type Token struct {
	Text   string // the word with quotes removed and escapes resolved
	Quoted bool   // true when the word began with a quote: a quoted "--x" is an argument, never a flag
}

// TokenizeErrorKind classifies a TokenizeError.
type TokenizeErrorKind int

const (
	// UnclosedQuote means an opening quote had no closer of its family
	// before the end of the line.
	UnclosedQuote TokenizeErrorKind = iota + 1
)

// String returns a short English description of k.
func (k TokenizeErrorKind) String() string {
	switch k {
	case UnclosedQuote:
		return "unclosed quote"
	default:
		return fmt.Sprintf("TokenizeErrorKind(%d)", int(k))
	}
}

// TokenizeError says why a line could not be split; Pos is the rune offset of the problem in the input.
//
// Runes are counted as `for range` counts them: each invalid UTF-8 byte is
// one rune. For UnclosedQuote, Pos is the offset of the opening quote and
// Quote is that quote character.
type TokenizeError struct {
	Kind  TokenizeErrorKind // UnclosedQuote
	Pos   int
	Quote rune // the opening quote character that was not closed
}

// Error describes the problem in English; Pos is reported 0-based.
func (e *TokenizeError) Error() string {
	if e.Kind == UnclosedQuote {
		return fmt.Sprintf("%s: %c opened at offset %d is never closed", e.Kind, e.Quote, e.Pos)
	}
	return fmt.Sprintf("%s at offset %d", e.Kind, e.Pos)
}

// Tokenize splits a command line into words.
//
// Separators: any unicode.IsSpace rune (ASCII blanks, NBSP U+00A0, narrow
// NBSP U+202F, ideographic space, …) that is neither quoted nor escaped.
// A line with no words yields no tokens and a nil error.
//
// Quotes. The opening quote characters are " ' “ ” ‘ ’ « „, in three families:
//   - double " “ ” „ — the run ends at the first " “ or ” (so “x”, "x",
//     “x", "x”, ”x” and German „x“ all work);
//   - single ' ‘ ’ — the run ends at the first ' ‘ or ’ that is NOT
//     immediately followed by a letter or digit; one that is, is an
//     apostrophe kept in the text ('l’IETF a dit' gives l’IETF a dit);
//   - guillemets « — the run ends at »; unescaped white space just inside
//     the guillemets (typically NBSP or narrow NBSP) is trimmed.
//
// A quote character opens a run only at the start of a word or right after
// a rune that is not a letter, digit or combining mark (a previous closing
// quote, "=", "(", …). Elsewhere it is literal, so l'IETF, don’t, O'Brien
// and 5'10" stay single words with their quote marks kept. A run glues to
// the text around it: --title="a b" is the single word `--title=a b`.
// Inside a run every rune is literal except the family's closers and
// backslash escapes. An empty run ("") still makes a word, with empty Text.
//
// Escapes: a backslash followed by a backslash, white space, or any of
// " ' “ ” ‘ ’ « » „ yields that second rune literally, inside or outside
// quotes. A backslash before anything else (or at the end of the line) is
// kept, so C:\data and \d+ pass through unchanged.
//
// Text is otherwise passed through byte for byte: any Unicode (Arabic,
// CJK, emoji, combining marks) is unchanged, and invalid UTF-8 bytes are
// kept as they are (never replaced, never a separator, never a panic).
//
// An unclosed quote returns a nil slice and a *TokenizeError of Kind
// UnclosedQuote. Tokenize runs in time linear in len(line); a word with no
// quotes or escapes is a substring of line and costs no allocation.
func Tokenize(line string) ([]Token, error) {
	var s lineScanner
	s.line = line
	var toks []Token
	for s.i < len(s.line) {
		r, w := utf8.DecodeRuneInString(s.line[s.i:])
		if unicode.IsSpace(r) {
			s.advance(w)
			continue
		}
		tok, err := s.word()
		if err != nil {
			return nil, err
		}
		if toks == nil {
			toks = make([]Token, 0, 8)
		}
		toks = append(toks, tok)
	}
	return toks, nil
}

// lineScanner is Tokenize's cursor. buf is reused across words; it holds the
// current word's text once the word needs rewriting (quotes removed or
// escapes resolved), and is unused for plain words.
type lineScanner struct {
	line  string
	i     int // byte offset of the next rune
	pos   int // rune offset of the next rune
	buf   []byte
	dirty bool // buf holds the current word (from start up to i)
	start int  // byte offset where the current word began
}

func (s *lineScanner) advance(w int) {
	s.i += w
	s.pos++
}

// rewrite switches the current word to buffered mode, copying what has been
// scanned so far.
func (s *lineScanner) rewrite() {
	if !s.dirty {
		if s.buf == nil {
			// A word's text is never longer than the line, so buf never grows.
			s.buf = make([]byte, 0, len(s.line)-s.start)
		}
		s.buf = append(s.buf[:0], s.line[s.start:s.i]...)
		s.dirty = true
	}
}

// escaped reports whether a backslash at s.i starts an escape; if so it
// returns the escaped rune and its width (the backslash itself is 1 byte).
func (s *lineScanner) escaped() (rune, int, bool) {
	if s.i+1 >= len(s.line) {
		return 0, 0, false
	}
	r, w := utf8.DecodeRuneInString(s.line[s.i+1:])
	if r == '\\' || unicode.IsSpace(r) || isQuoteRune(r) {
		return r, w, true
	}
	return 0, 0, false
}

// word scans one word starting at s.i, which is not white space.
func (s *lineScanner) word() (Token, error) {
	s.start = s.i
	s.dirty = false
	tok := Token{}
	var prev rune // previous input rune of this word; meaningless when first
	first := true
	for s.i < len(s.line) {
		r, w := utf8.DecodeRuneInString(s.line[s.i:])
		switch {
		case unicode.IsSpace(r):
			return s.finish(tok), nil
		case r == '\\':
			if er, ew, ok := s.escaped(); ok {
				s.rewrite()
				s.buf = append(s.buf, s.line[s.i+1:s.i+1+ew]...)
				s.i += 1 + ew
				s.pos += 2
				prev = er
				first = false
				continue
			}
			if s.dirty {
				s.buf = append(s.buf, '\\')
			}
			s.advance(w)
		case isOpener(r) && (first || !isWordRune(prev)):
			if first {
				tok.Quoted = true
			}
			s.rewrite()
			closer, err := s.run(r, w)
			if err != nil {
				return Token{}, err
			}
			prev = closer
			first = false
			continue
		default:
			if s.dirty {
				s.buf = append(s.buf, s.line[s.i:s.i+w]...)
			}
			s.advance(w)
		}
		prev = r
		first = false
	}
	return s.finish(tok), nil
}

func (s *lineScanner) finish(tok Token) Token {
	if s.dirty {
		tok.Text = string(s.buf)
	} else {
		tok.Text = s.line[s.start:s.i]
	}
	return tok
}

// run scans a quoted run whose opener open (w bytes) is at s.i, appending its
// content to s.buf. It returns the closing rune.
func (s *lineScanner) run(open rune, w int) (rune, error) {
	openPos := s.pos
	s.advance(w)
	guillemet := open == '«'
	runStart := len(s.buf)
	keep := runStart // guillemets: buf length after the last rune not to trim
	for s.i < len(s.line) {
		r, w := utf8.DecodeRuneInString(s.line[s.i:])
		if r == '\\' {
			if _, ew, ok := s.escaped(); ok {
				s.buf = append(s.buf, s.line[s.i+1:s.i+1+ew]...)
				keep = len(s.buf)
				s.i += 1 + ew
				s.pos += 2
				continue
			}
		}
		if closesRun(open, r) && !(isSingleQuote(open) && s.letterAfter(w)) {
			if guillemet {
				s.buf = s.buf[:keep]
			}
			s.advance(w)
			return r, nil
		}
		s.advance(w)
		space := guillemet && unicode.IsSpace(r)
		if space && len(s.buf) == runStart {
			continue // white space just inside « is trimmed
		}
		s.buf = append(s.buf, s.line[s.i-w:s.i]...)
		if !space {
			keep = len(s.buf)
		}
	}
	return 0, &TokenizeError{Kind: UnclosedQuote, Pos: openPos, Quote: open}
}

// isOpener reports whether r can open a quoted run.
func isOpener(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '\'', '‘', '’', '«':
		return true
	}
	return false
}

// isQuoteRune reports whether r is any quote character Tokenize knows,
// opener or closer; these are the runes a backslash can escape.
func isQuoteRune(r rune) bool {
	return r == '»' || isOpener(r)
}

func isSingleQuote(open rune) bool {
	return open == '\'' || open == '‘' || open == '’'
}

// closesRun reports whether r ends a run opened by open.
func closesRun(open, r rune) bool {
	switch open {
	case '«':
		return r == '»'
	case '\'', '‘', '’':
		return r == '\'' || r == '‘' || r == '’'
	default: // double family: " “ ” „
		return r == '"' || r == '“' || r == '”'
	}
}

// letterAfter reports whether the rune following the w-byte rune at s.i is
// a letter or digit (which makes a single-family closer an apostrophe).
func (s *lineScanner) letterAfter(w int) bool {
	if s.i+w >= len(s.line) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.line[s.i+w:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isWordRune reports whether a quote after r is mid-word (an apostrophe or
// a literal mark) rather than an opener.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// Quote returns a word that Tokenize reads back as exactly one token whose
// Text is s, provided it is separated from other words by white space.
//
// s is returned unchanged when it is a plain word: non-empty, not starting
// with a dash (Unicode category Pd: - – — …), and free of white space,
// backslashes and quote characters. Otherwise it is wrapped in ASCII double
// quotes with \ " “ and ” escaped by a backslash. So a string beginning
// with a dash always comes back as a Quoted token, an argument that the
// flag parser never mistakes for a flag (it also reads "—x" as one).
// Invalid UTF-8 in s is copied through, as Tokenize keeps it.
func Quote(s string) string {
	first, _ := utf8.DecodeRuneInString(s)
	if s != "" && !unicode.Is(unicode.Pd, first) && !strings.ContainsFunc(s, needsQuote) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2 + strings.Count(s, `\`) + strings.Count(s, `"`))
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == '\\' || r == '"' || r == '“' || r == '”' {
			b.WriteByte('\\')
		}
		b.WriteString(s[i : i+w])
		i += w
	}
	b.WriteByte('"')
	return b.String()
}

func needsQuote(r rune) bool {
	return r == '\\' || unicode.IsSpace(r) || isQuoteRune(r)
}
