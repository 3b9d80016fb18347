package commands

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// showTokens renders tokens for failure messages: quoted ones are prefixed by Q.
func showTokens(toks []Token) string {
	if toks == nil {
		return "nil"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, tok := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		if tok.Quoted {
			b.WriteByte('Q')
		}
		b.WriteString(strconv.Quote(tok.Text))
	}
	b.WriteByte(']')
	return b.String()
}

// tokBare is an unquoted token, tokQuoted one whose word began with a quote.
func tokBare(s string) Token   { return Token{Text: s} }
func tokQuoted(s string) Token { return Token{Text: s, Quoted: true} }

func TestTokenize(t *testing.T) {
	const (
		nbsp  = "\u00a0"
		nnbsp = "\u202f"
	)
	tests := []struct {
		name string
		line string
		want []Token
	}{
		// Separators.
		{"empty line", "", nil},
		{"only white space", " \t\n" + nbsp + nnbsp + "\u3000", nil},
		{"plain words", "activity list", []Token{tokBare("activity"), tokBare("list")}},
		{"runs of spaces and edges", "  activity   list  ", []Token{tokBare("activity"), tokBare("list")}},
		{"tab newline CR", "a\tb\nc\r\nd", []Token{tokBare("a"), tokBare("b"), tokBare("c"), tokBare("d")}},
		{"NBSP separates", "a" + nbsp + "b", []Token{tokBare("a"), tokBare("b")}},
		{"narrow NBSP separates", "a" + nnbsp + "b", []Token{tokBare("a"), tokBare("b")}},
		{"em space and ideographic space separate", "a\u2003b\u3000c", []Token{tokBare("a"), tokBare("b"), tokBare("c")}},
		{"NEL and line separator separate", "a\u0085b\u2028c", []Token{tokBare("a"), tokBare("b"), tokBare("c")}},
		{"zero width space is not white space", "a\u200bb", []Token{tokBare("a\u200bb")}},

		// The documented examples.
		{"english curly quotes",
			"activity add SG13 “Network requirements for IMT-2030” --aspect capacity,evolution",
			[]Token{tokBare("activity"), tokBare("add"), tokBare("SG13"), tokQuoted("Network requirements for IMT-2030"), tokBare("--aspect"), tokBare("capacity,evolution")}},
		{"french guillemets with NBSP",
			"topic propose «" + nbsp + "Sécurité des réseaux" + nbsp + "» --group SG17",
			[]Token{tokBare("topic"), tokBare("propose"), tokQuoted("Sécurité des réseaux"), tokBare("--group"), tokBare("SG17")}},
		{"french guillemets with narrow NBSP",
			"topic propose «" + nnbsp + "Réseaux" + nnbsp + "»",
			[]Token{tokBare("topic"), tokBare("propose"), tokQuoted("Réseaux")}},
		{"guillemets with ASCII spaces", "« Réseaux »", []Token{tokQuoted("Réseaux")}},
		{"guillemets without spaces", "«Réseaux»", []Token{tokQuoted("Réseaux")}},
		{"guillemets keep inner spaces", "«" + nbsp + "a" + nbsp + "b" + nbsp + "»", []Token{tokQuoted("a" + nbsp + "b")}},
		{"guillemets trim several spaces", "«  \t" + nnbsp + "x" + nbsp + "  »", []Token{tokQuoted("x")}},
		{"guillemets keep escaped spaces", "«" + nbsp + `\ x\ ` + nbsp + "»", []Token{tokQuoted(" x ")}},
		{"single quotes with typographic apostrophe", "--why 'l’IETF a dit'", []Token{tokBare("--why"), tokQuoted("l’IETF a dit")}},
		{"french reason in curly single quotes", "--why ‘l’UIT l’a décidé’", []Token{tokBare("--why"), tokQuoted("l’UIT l’a décidé")}},

		// Double family: " “ ” „ open; " “ ” close.
		{"ascii double", `"a b"`, []Token{tokQuoted("a b")}},
		{"curly double", "“a b”", []Token{tokQuoted("a b")}},
		{"curly open straight close", "“a b\"", []Token{tokQuoted("a b")}},
		{"straight open curly close", "\"a b”", []Token{tokQuoted("a b")}},
		{"straight open left curly close", "\"a b“", []Token{tokQuoted("a b")}},
		{"right curly both sides", "”a b”", []Token{tokQuoted("a b")}},
		{"german low high", "„Hallo Welt“", []Token{tokQuoted("Hallo Welt")}},
		{"single quote inside double", `"it's l'IETF"`, []Token{tokQuoted("it's l'IETF")}},
		{"guillemet inside double", "\"« a »\"", []Token{tokQuoted("« a »")}},

		// Single family: ' ‘ ’.
		{"ascii single", "'a b'", []Token{tokQuoted("a b")}},
		{"curly single", "‘a b’", []Token{tokQuoted("a b")}},
		{"right curly single both sides", "’a b’", []Token{tokQuoted("a b")}},
		{"straight open curly close single", "'a b’", []Token{tokQuoted("a b")}},
		{"apostrophe inside single run", "'don't stop'", []Token{tokQuoted("don't stop")}},
		{"typographic apostrophe inside curly run", "‘it’s fine’", []Token{tokQuoted("it’s fine")}},
		{"closer before digit is an apostrophe", "'the '90s'", []Token{tokQuoted("the '90s")}},
		{"closer before punctuation closes", "'a b',c", []Token{tokQuoted("a b,c")}},
		{"double quote inside single", `'say "hi"'`, []Token{tokQuoted(`say "hi"`)}},

		// Apostrophes and quote marks inside words are literal.
		{"apostrophe l'IETF", "l'IETF", []Token{tokBare("l'IETF")}},
		{"typographic apostrophe don’t", "don’t", []Token{tokBare("don’t")}},
		{"O'Brien", "O'Brien said", []Token{tokBare("O'Brien"), tokBare("said")}},
		{"feet and inches", `5'10"`, []Token{tokBare(`5'10"`)}},
		{"quote after letter is literal", `x"y z"`, []Token{tokBare(`x"y`), tokBare(`z"`)}},
		{"quote after combining mark is literal", "e\u0301'x", []Token{tokBare("e\u0301'x")}},
		{"closing guillemet alone is literal", "»foo«", []Token{tokBare("»foo«")}},
		{"CJK corner brackets are not quotes", "「a b」", []Token{tokBare("「a"), tokBare("b」")}},

		// Gluing and the Quoted rule.
		{"flag then quoted value", `--note "x y"`, []Token{tokBare("--note"), tokQuoted("x y")}},
		{"flag=quoted value is one unquoted word", `--title="a b"`, []Token{tokBare("--title=a b")}},
		{"flag=curly value", "--note=“x y”", []Token{tokBare("--note=x y")}},
		{"quoted flag is an argument", `"--not-a-flag"`, []Token{tokQuoted("--not-a-flag")}},
		{"quoted prefix only", `"--x"=y`, []Token{tokQuoted("--x=y")}},
		{"adjacent runs", `"a"'b'«c»`, []Token{tokQuoted("abc")}},
		{"run then bare text", `"a b"c`, []Token{tokQuoted("a bc")}},
		{"parenthesised quote", "(“a b”)", []Token{tokBare("(a b)")}},

		// Empty quoted strings.
		{"empty double", `""`, []Token{tokQuoted("")}},
		{"empty single and curly", "'' “”", []Token{tokQuoted(""), tokQuoted("")}},
		{"empty between words", `a "" b`, []Token{tokBare("a"), tokQuoted(""), tokBare("b")}},
		{"empty guillemets", "«»", []Token{tokQuoted("")}},
		{"guillemets with only spaces", "«" + nbsp + "»", []Token{tokQuoted("")}},

		// Escapes.
		{"escaped space", `a\ b c`, []Token{tokBare("a b"), tokBare("c")}},
		{"escaped NBSP", "a\\" + nbsp + "b", []Token{tokBare("a" + nbsp + "b")}},
		{"escaped double quotes", `\"x\"`, []Token{tokBare(`"x"`)}},
		{"escaped single quote at word start", `\'tis`, []Token{tokBare("'tis")}},
		{"escaped curly quotes", `\“hi\”`, []Token{tokBare("“hi”")}},
		{"escaped guillemets", `\«a\»`, []Token{tokBare("«a»")}},
		{"escaped backslash", `a\\b`, []Token{tokBare(`a\b`)}},
		{"windows path", `C:\data\x`, []Token{tokBare(`C:\data\x`)}},
		{"regex", `\d+\s*`, []Token{tokBare(`\d+\s*`)}},
		{"trailing backslash", `a\`, []Token{tokBare(`a\`)}},
		{"lone backslash", `\`, []Token{tokBare(`\`)}},
		{"escaped quote inside double", `"say \"hi\""`, []Token{tokQuoted(`say "hi"`)}},
		{"escaped curly closer inside double", `“a\”b”`, []Token{tokQuoted("a”b")}},
		{"escaped backslash inside double", `"a\\b"`, []Token{tokQuoted(`a\b`)}},
		{"windows path inside double", `"C:\data"`, []Token{tokQuoted(`C:\data`)}},
		{"escaped apostrophe inside single", `'it\'s'`, []Token{tokQuoted("it's")}},
		{"escaped closing guillemet", "« \\» »", []Token{tokQuoted("»")}},
		{"escaped backslash before closer", `"a\\"`, []Token{tokQuoted(`a\`)}},

		// Any Unicode passes through.
		{"arabic", "نشاط إضافة", []Token{tokBare("نشاط"), tokBare("إضافة")}},
		{"arabic in curly quotes", "“مرحبا بالعالم”", []Token{tokQuoted("مرحبا بالعالم")}},
		{"chinese", "活动 添加 “网络 需求”", []Token{tokBare("活动"), tokBare("添加"), tokQuoted("网络 需求")}},
		{"emoji", "🎉 👍🏽 👨‍👩‍👧", []Token{tokBare("🎉"), tokBare("👍🏽"), tokBare("👨‍👩‍👧")}},
		{"combining marks", "e\u0301te\u0301 \u0915\u093f", []Token{tokBare("e\u0301te\u0301"), tokBare("\u0915\u093f")}},

		// Invalid UTF-8 is kept byte for byte.
		{"invalid bytes kept", "a\xffb c\xc3", []Token{tokBare("a\xffb"), tokBare("c\xc3")}},
		{"invalid byte then quote opens", "\xff\"x y\"", []Token{tokBare("\xffx y")}},
		{"invalid bytes inside quotes", "\"\xfe \xff\"", []Token{tokQuoted("\xfe \xff")}},
		{"truncated curly quote is not a quote", "\xe2\x80 x", []Token{tokBare("\xe2\x80"), tokBare("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tokenize(tt.line)
			if err != nil {
				t.Fatalf("Tokenize(%q) error: %v", tt.line, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got  %s\n want %s", tt.line, showTokens(got), showTokens(tt.want))
			}
		})
	}
}

func TestTokenizeErrors(t *testing.T) {
	tests := []struct {
		name string
		line string
		want TokenizeError
	}{
		{"unclosed double", `"abc`, TokenizeError{UnclosedQuote, 0, '"'}},
		{"unclosed curly counts runes not bytes", "activity add “Network", TokenizeError{UnclosedQuote, 13, '“'}},
		{"offset after multibyte runes", `é "x`, TokenizeError{UnclosedQuote, 2, '"'}},
		{"unclosed guillemet", "« Réseaux", TokenizeError{UnclosedQuote, 0, '«'}},
		{"guillemet not closed by double", "«a\"", TokenizeError{UnclosedQuote, 0, '«'}},
		{"double not closed by guillemet", "\"a»", TokenizeError{UnclosedQuote, 0, '"'}},
		{"single not closed by double", `'a"`, TokenizeError{UnclosedQuote, 0, '\''}},
		{"escaped closer leaves it open", `"\"`, TokenizeError{UnclosedQuote, 0, '"'}},
		{"windows path ending in backslash", `"C:\data\"`, TokenizeError{UnclosedQuote, 0, '"'}},
		{"closer before letter is an apostrophe", `a 'abc'def`, TokenizeError{UnclosedQuote, 2, '\''}},
		{"apostrophe only", "--why 'l’IETF", TokenizeError{UnclosedQuote, 6, '\''}},
		{"leading typographic apostrophe", "’90s", TokenizeError{UnclosedQuote, 0, '’'}},
		{"second word unclosed", `"a" "b`, TokenizeError{UnclosedQuote, 4, '"'}},
		{"escapes count two runes", `\"\" "x`, TokenizeError{UnclosedQuote, 5, '"'}},
		{"invalid bytes count one rune each", "\xff\xfe \"x", TokenizeError{UnclosedQuote, 3, '"'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tokenize(tt.line)
			if got != nil {
				t.Errorf("Tokenize(%q) tokens = %s, want nil", tt.line, showTokens(got))
			}
			var te *TokenizeError
			if !errors.As(err, &te) {
				t.Fatalf("Tokenize(%q) error = %v, want *TokenizeError", tt.line, err)
			}
			if *te != tt.want {
				t.Errorf("Tokenize(%q) error = %+v, want %+v", tt.line, *te, tt.want)
			}
		})
	}
}

func TestTokenizeErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  *TokenizeError
		want string
	}{
		{"unclosed", &TokenizeError{Kind: UnclosedQuote, Pos: 13, Quote: '“'}, "unclosed quote: “ opened at offset 13 is never closed"},
		{"unknown kind", &TokenizeError{Kind: 0, Pos: 2}, "TokenizeErrorKind(0) at offset 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain word unchanged", "SG13", "SG13"},
		{"unicode word unchanged", "réseaux", "réseaux"},
		{"empty", "", `""`},
		{"space", "a b", `"a b"`},
		{"NBSP", "a\u00a0b", "\"a\u00a0b\""},
		{"flag-like", "--x", `"--x"`},
		{"single dash", "-", `"-"`},
		{"em dash flag-like", "—x", `"—x"`},
		{"en dash flag-like", "–x", `"–x"`},
		{"dash inside is plain", "IMT-2030", "IMT-2030"},
		{"apostrophe", "l'IETF", `"l'IETF"`},
		{"double quotes escaped", `say "hi"`, `"say \"hi\""`},
		{"curly quotes escaped", "“a”", `"\“a\”"`},
		{"low quote not escaped", "„a", "\"„a\""},
		{"guillemets", "«a»", "\"«a»\""},
		{"backslash escaped", `C:\data`, `"C:\\data"`},
		{"trailing backslash", `a\`, `"a\\"`},
		{"invalid UTF-8 plain", "a\xff", "a\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Quote(tt.in)
			if got != tt.want {
				t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkQuoteRoundTrip(t, tt.in)
		})
	}
}

// checkQuoteRoundTrip asserts Quote's contract for s.
func checkQuoteRoundTrip(t *testing.T, s string) {
	t.Helper()
	quoted := Quote(s)
	toks, err := Tokenize(quoted)
	if err != nil {
		t.Fatalf("Tokenize(Quote(%q) = %q) error: %v", s, quoted, err)
	}
	want := []Token{{Text: s, Quoted: quoted != s}}
	if !reflect.DeepEqual(toks, want) {
		t.Fatalf("Tokenize(Quote(%q) = %q) = %s, want %s", s, quoted, showTokens(toks), showTokens(want))
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.Is(unicode.Pd, first) && !toks[0].Quoted {
		t.Fatalf("Quote(%q) = %q reads back as a possible flag", s, quoted)
	}
}

func TestTokenizeAllocations(t *testing.T) {
	tests := []struct {
		name string
		line string
		max  float64
	}{
		{"plain words share the input", "activity add SG13 --aspect capacity,evolution", 1},
		// The token slice, one scratch buffer for the line, the word's text.
		{"one rewritten word", "activity add SG13 “Network requirements” --aspect capacity", 3},
		{"two rewritten words", `activity add "SG13" “Network requirements” --aspect capacity`, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testing.AllocsPerRun(100, func() {
				if _, err := Tokenize(tt.line); err != nil {
					t.Fatal(err)
				}
			})
			if got > tt.max {
				t.Errorf("Tokenize(%q) allocates %v times, want at most %v", tt.line, got, tt.max)
			}
		})
	}
}

func BenchmarkTokenize(b *testing.B) {
	benchmarks := []struct {
		name string
		line string
	}{
		{"plain", "activity add SG13 --aspect capacity,evolution --group SG17"},
		{"quoted", "topic propose «\u00a0Sécurité des réseaux\u00a0» --why 'l’IETF a dit' --note=\"x y\""},
		{"long", strings.Repeat(`word "quoted words" `, 500)},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bm.line)))
			for b.Loop() {
				if _, err := Tokenize(bm.line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzTokenize(f *testing.F) {
	for _, seed := range []string{
		"",
		"activity add SG13 “Network requirements for IMT-2030” --aspect capacity,evolution",
		"topic propose «\u00a0Sécurité des réseaux\u00a0» --group SG17",
		"--why 'l’IETF a dit'",
		`--title="a b" "--not-a-flag" "" l'IETF O'Brien 5'10"`,
		`a\ b \"x\" C:\data "say \"hi\"" '' a\`,
		"„Hallo Welt“ ‘it’s’ ’a b’ «»",
		"نشاط 活动 🎉 e\u0301",
		"\xff\"x\xfe\" \xe2\x80",
		`"unclosed`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		toks, err := Tokenize(line)
		if err != nil {
			checkTokenizeError(t, line, toks, err)
		} else {
			checkTokens(t, line, toks)
		}
		checkQuoteRoundTrip(t, line)
	})
}

// checkTokenizeError asserts the invariants of a failed Tokenize.
func checkTokenizeError(t *testing.T, line string, toks []Token, err error) {
	t.Helper()
	if toks != nil {
		t.Fatalf("Tokenize(%q) returned tokens %s with error %v", line, showTokens(toks), err)
	}
	var te *TokenizeError
	if !errors.As(err, &te) || te.Kind != UnclosedQuote {
		t.Fatalf("Tokenize(%q) error = %#v, want *TokenizeError UnclosedQuote", line, err)
	}
	runes := []rune(line) // one rune per invalid byte, as Pos counts
	if te.Pos < 0 || te.Pos >= len(runes) || runes[te.Pos] != te.Quote || !isOpener(te.Quote) {
		t.Fatalf("Tokenize(%q) error %+v does not point at an opening quote", line, *te)
	}
}

// checkTokens asserts the invariants of a successful Tokenize.
func checkTokens(t *testing.T, line string, toks []Token) {
	t.Helper()
	fields := strings.FieldsFunc(line, unicode.IsSpace)
	// A token boundary is always an unquoted, unescaped separator.
	if len(toks) > len(fields) {
		t.Fatalf("Tokenize(%q) = %d tokens, more than its %d space-separated fields", line, len(toks), len(fields))
	}
	// Without quotes or backslashes, Tokenize is strings.Fields for Unicode space.
	if !strings.ContainsFunc(line, func(r rune) bool { return r == '\\' || isQuoteRune(r) }) {
		want := make([]Token, 0, len(fields))
		for _, f := range fields {
			want = append(want, Token{Text: f})
		}
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(toks, want) {
			t.Fatalf("Tokenize(%q) = %s, want plain fields %s", line, showTokens(toks), showTokens(want))
		}
	}
	// Only a word that began with a quote can be empty.
	parts := make([]string, len(toks))
	for i, tok := range toks {
		if tok.Text == "" && !tok.Quoted {
			t.Fatalf("Tokenize(%q) produced an empty unquoted token", line)
		}
		parts[i] = Quote(tok.Text)
	}
	// Re-quoting every token and re-tokenizing gives the same texts.
	joined := strings.Join(parts, " ")
	again, err := Tokenize(joined)
	if err != nil {
		t.Fatalf("Tokenize(%q) (re-quoted from %q) error: %v", joined, line, err)
	}
	if len(again) != len(toks) {
		t.Fatalf("re-quoted %q as %q: %d tokens, want %d", line, joined, len(again), len(toks))
	}
	for i := range toks {
		if again[i].Text != toks[i].Text {
			t.Fatalf("re-quoted %q as %q: token %d = %q, want %q", line, joined, i, again[i].Text, toks[i].Text)
		}
	}
}
