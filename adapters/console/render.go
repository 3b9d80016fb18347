package console

import (
	"strings"
	"unicode/utf8"

	"github.com/jcabot/jcabot/internal/bot"
)

// ANSI styles used on a terminal.
const (
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiCode  = "\x1b[36m"
	ansiReset = "\x1b[0m"
)

// Render turns a message into readable text. With color, styles become
// ANSI escapes; without, the text is plain (code keeps its backquotes, so
// commands to copy stand out). Control characters in user text are
// neutralised so nobody can move the cursor or rewrite the screen.
func Render(m bot.Message, color bool) string {
	var b strings.Builder
	if len(m.Title) > 0 {
		if color {
			b.WriteString(ansiBold)
		}
		b.WriteString(renderText(m.Title, color, ansiBold))
		if color {
			b.WriteString(ansiReset)
		}
		b.WriteString("\n")
	}
	for _, blk := range m.Blocks {
		switch blk.Kind {
		case bot.SectionBlock:
			b.WriteString(renderText(blk.Text, color, ""))
			b.WriteString("\n")
		case bot.ContextBlock:
			if color {
				b.WriteString(ansiDim)
			}
			b.WriteString("  › " + renderText(blk.Text, color, ansiDim))
			if color {
				b.WriteString(ansiReset)
			}
			b.WriteString("\n")
		case bot.FieldsBlock:
			w := 0
			for _, f := range blk.Fields {
				w = max(w, len([]rune(f.Label)))
			}
			for _, f := range blk.Fields {
				pad := strings.Repeat(" ", w-len([]rune(f.Label)))
				b.WriteString("  " + clean(f.Label) + pad + " " + renderText(f.Value, color, "") + "\n")
			}
		case bot.PreBlock:
			for _, line := range strings.Split(blk.Pre, "\n") {
				b.WriteString("  " + clean(line) + "\n")
			}
		case bot.ButtonsBlock:
			var labels []string
			for _, btn := range blk.Buttons {
				labels = append(labels, "["+clean(btn.Label)+"]")
			}
			b.WriteString("  " + strings.Join(labels, " ") + "\n")
		}
	}
	return b.String()
}

// renderText renders spans; outer is the style of the surrounding line
// (bold for a title, dim for context), restored after each styled span.
func renderText(t bot.Text, color bool, outer string) string {
	var b strings.Builder
	reset := ansiReset + outer
	for _, s := range t {
		txt := clean(s.Text)
		switch s.Kind {
		case bot.Bold:
			if color {
				b.WriteString(ansiBold + txt + reset)
			} else {
				b.WriteString(txt)
			}
		case bot.Code:
			if color {
				b.WriteString(ansiCode + txt + reset)
			} else {
				b.WriteString("`" + txt + "`")
			}
		case bot.MentionSpan:
			b.WriteString("@" + clean(s.Person.User()))
		case bot.LinkSpan:
			if s.Text != "" && s.Text != s.URL {
				b.WriteString(txt + " <" + clean(s.URL) + ">")
			} else {
				b.WriteString(clean(s.URL))
			}
		default:
			b.WriteString(txt)
		}
	}
	return b.String()
}

// clean replaces control characters (escape sequences, carriage returns)
// and invalid UTF-8 (a lone 0x9b byte is CSI to an 8-bit terminal) with a
// visible placeholder; newlines and tabs are kept.
func clean(s string) string {
	if !strings.ContainsFunc(s, isControl) && utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0)
}
