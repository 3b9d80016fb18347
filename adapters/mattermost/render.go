package mattermost

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/internal/bot"
)

// MaxPostRunes is the most text the adapter puts in one post: below the
// server's limit (model.PostMessageMaxRunesV2, 16,383), with room to spare.
const MaxPostRunes = 16000

// post is one Mattermost post as rendered: Markdown text and attachments
// (buttons live in attachments).
type post struct {
	Text        string
	Attachments []*model.SlackAttachment
}

// part is one rendered block.
type part struct {
	kind  bot.BlockKind // "" for the title
	md    string
	plain string
}

// render turns a message into one or more posts, split between blocks
// (never inside an item) below MaxPostRunes. The attachments, with the
// buttons, go with the last post.
func (a *Adapter) render(ctx context.Context, msg bot.Message) []post {
	msg = msg.Showable() // text stored before the input rule may hold controls
	items, atts := a.layout(ctx, msg)
	texts := pack(items, MaxPostRunes)
	if len(texts) == 0 {
		texts = []string{""}
	}
	out := make([]post, len(texts))
	for i, t := range texts {
		out[i].Text = t
	}
	out[len(out)-1].Attachments = atts
	return out
}

// renderOne renders a message as a single post (an update replaces one
// post): text beyond MaxPostRunes is left out, whole items at a time.
func (a *Adapter) renderOne(ctx context.Context, msg bot.Message) post {
	msg = msg.Showable()
	items, atts := a.layout(ctx, msg)
	texts := pack(items, MaxPostRunes-2)
	p := post{Attachments: atts}
	if len(texts) > 0 {
		p.Text = texts[0]
	}
	if len(texts) > 1 {
		p.Text += "\n…"
	}
	return p
}

// renderText renders a whole message as Markdown text alone (an ephemeral
// line has no attachments): buttons are left out.
func (a *Adapter) renderText(ctx context.Context, msg bot.Message) string {
	msg = msg.Showable()
	items, atts := a.layout(ctx, msg)
	var lines []string
	for _, it := range items {
		lines = append(lines, it.md)
	}
	for _, att := range atts {
		if att.Text != "" {
			lines = append(lines, att.Text)
		}
	}
	s := strings.Join(lines, "\n")
	if utf8.RuneCountInString(s) > MaxPostRunes {
		s = string([]rune(s)[:MaxPostRunes-2]) + "\n…"
	}
	return s
}

// layout renders the blocks: the text before the first row of buttons is
// the post's message; each row of buttons becomes an attachment carrying
// the blocks since the previous row (for a poll: one attachment per slot,
// its text and its Yes / If need be / No buttons); blocks after the last
// row form a final attachment.
func (a *Adapter) layout(ctx context.Context, msg bot.Message) (items []part, atts []*model.SlackAttachment) {
	if len(msg.Title) > 0 {
		t := strings.ReplaceAll(a.markdown(ctx, msg.Title), "\n", " ")
		items = append(items, part{md: "#### " + t, plain: msg.Title.String()})
	}
	var pending []part
	for _, b := range msg.Blocks {
		if b.Kind == bot.ButtonsBlock {
			var body []part
			if len(atts) == 0 {
				if n := len(items); n > 0 && items[n-1].kind == bot.SectionBlock {
					body, items = items[n-1:], items[:n-1]
				}
			} else {
				body, pending = pending, nil
			}
			atts = append(atts, a.attachment(len(atts), body, b.Buttons))
			continue
		}
		for _, p := range a.block(ctx, b) {
			if len(atts) == 0 {
				items = append(items, p)
			} else {
				pending = append(pending, p)
			}
		}
	}
	if len(pending) > 0 {
		atts = append(atts, a.attachment(len(atts), pending, nil))
	}
	return items, atts
}

// block renders one block; a long preformatted block comes back in pieces,
// each fenced.
func (a *Adapter) block(ctx context.Context, b bot.Block) []part {
	switch b.Kind {
	case bot.FieldsBlock:
		var md, plain []string
		for _, f := range b.Fields {
			md = append(md, "**"+escape(f.Label, false)+"** "+a.markdown(ctx, f.Value))
			plain = append(plain, f.Label+" "+f.Value.String())
		}
		return []part{{kind: b.Kind, md: strings.Join(md, "\n"), plain: strings.Join(plain, "\n")}}
	case bot.PreBlock:
		var out []part
		for _, chunk := range splitLines(b.Pre, MaxPostRunes-16) {
			out = append(out, part{kind: b.Kind, md: fence(chunk), plain: chunk})
		}
		return out
	default: // section, context
		return []part{{kind: b.Kind, md: a.markdown(ctx, b.Text), plain: b.Text.String()}}
	}
}

// attachment builds the attachment of one row of buttons: each button's
// integration points to the actions endpoint with a freshly signed context.
func (a *Adapter) attachment(n int, body []part, buttons []bot.Button) *model.SlackAttachment {
	var md, plain []string
	for _, p := range body {
		md = append(md, p.md)
		plain = append(plain, p.plain)
	}
	att := &model.SlackAttachment{Text: strings.Join(md, "\n"), Fallback: strings.Join(plain, "\n")}
	for i, b := range buttons {
		style := "default"
		if b.Style == "primary" || b.Style == "danger" {
			style = b.Style
		}
		att.Actions = append(att.Actions, &model.PostAction{
			Id:    fmt.Sprintf("jca%dx%d", n, i), // unique in the post, alphanumeric (it goes in a URL path)
			Type:  model.PostActionTypeButton,
			Name:  b.Label,
			Style: style,
			Integration: &model.PostActionIntegration{
				URL:     a.cfg.PublicURL + ActionsPath,
				Context: a.sign.context(b.Action),
			},
		})
		if att.Fallback == "" {
			att.Fallback = b.Label
		}
	}
	return att
}

// markdown renders styled text. Span text is escaped: whatever a person
// typed shows as typed, never as markup, a link, a mention of someone, or
// @channel, @all, @here.
func (a *Adapter) markdown(ctx context.Context, t bot.Text) string {
	n := 0
	for _, s := range t {
		n += len(s.Text) + 4
	}
	var b strings.Builder
	b.Grow(n + n/8)
	for _, s := range t {
		lineStart := b.Len() == 0 || strings.HasSuffix(b.String(), "\n")
		switch s.Kind {
		case bot.Bold:
			writeWrapped(&b, "**", s.Text, lineStart)
		case bot.Italic:
			writeWrapped(&b, "*", s.Text, lineStart)
		case bot.Code:
			b.WriteString(codeSpan(s.Text))
		case bot.MentionSpan:
			b.WriteString(a.mention(ctx, s, lineStart))
		case bot.LinkSpan:
			b.WriteString(link(s.Text, s.URL, lineStart))
		default:
			writeEscaped(&b, s.Text, lineStart)
		}
	}
	return b.String()
}

// writeWrapped writes s escaped with an emphasis marker around it, outside
// its leading and trailing spaces (CommonMark ignores "** bold**").
func writeWrapped(b *strings.Builder, marker, s string, lineStart bool) {
	core := strings.TrimSpace(s)
	if core == "" {
		writeEscaped(b, s, lineStart)
		return
	}
	i := strings.Index(s, core)
	lineStart = writeEscaped(b, s[:i], lineStart)
	b.WriteString(marker)
	writeEscaped(b, core, lineStart)
	b.WriteString(marker)
	writeEscaped(b, s[i+len(core):], false)
}

// mention shows a Mattermost person as @username, which Mattermost links
// (and, in a channel post, notifies); anyone else by name, as plain text.
func (a *Adapter) mention(ctx context.Context, s bot.Span, lineStart bool) string {
	if s.Person.Platform() == bot.Mattermost {
		if p := a.people.byUserID(ctx, s.Person.User()); p != nil && validUsername(p.Username) {
			return "@" + p.Username
		}
	}
	name := s.Text
	if name == "" {
		name = s.Person.User()
	}
	if s.Person.Platform() == bot.Mattermost {
		if p := a.people.byUserID(ctx, s.Person.User()); p != nil && p.Name != "" {
			name = p.Name
		}
	}
	return escape(name, lineStart)
}

// validUsername reports whether s has only the characters Mattermost allows
// in a username (so "@"+s is a mention and nothing else).
func validUsername(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// escape makes text literal in Mattermost's Markdown. Punctuation that
// could start markup gets a backslash; < and & become entities (so a
// Slack-style <url|label> is never turned into a link); an @ is followed by
// a zero-width joiner, so "@channel" or "@alice" typed in a title notifies
// nobody. At the start of a line (lineStart for the first), list and
// heading markers are escaped and indentation is dropped (no code block).
func escape(s string, lineStart bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeEscaped(&b, s, lineStart)
	return b.String()
}

// mdPlain marks the ASCII bytes escape writes as they are wherever they
// stand, except at the start of a line or after a line's leading digits.
var mdPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune("\\`*_~[]()#>|<&@", rune(c))
	}
	t['\t'] = true
	return t
}()

// writeEscaped writes escape(s, lineStart) to b and reports whether what
// follows it starts a line.
func writeEscaped(b *strings.Builder, s string, lineStart bool) bool {
	digits := false // in a run of digits that began a line ("1." is a list)
	for i := 0; i < len(s); {
		if !lineStart && !digits {
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf && mdPlain[s[j]] {
				j++
			}
			b.WriteString(s[i:j])
			if i = j; i == len(s) {
				break
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			continue
		case r == '\n':
			b.WriteByte('\n')
			lineStart, digits = true, false
			continue
		case lineStart && (r == ' ' || r == '\t'):
			continue
		case lineStart && (r == '-' || r == '+' || r == '='):
			b.WriteByte('\\')
			b.WriteRune(r)
			lineStart = false
			continue
		case lineStart && r >= '0' && r <= '9':
			b.WriteRune(r)
			lineStart, digits = false, true
			continue
		case digits && r >= '0' && r <= '9':
			b.WriteRune(r)
			continue
		case digits && r == '.':
			b.WriteString(`\.`)
			digits = false
			continue
		}
		lineStart, digits = false, false
		switch r {
		case '\\', '`', '*', '_', '~', '[', ']', '(', ')', '#', '>', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteString("@\u200d")
		default:
			b.WriteRune(r)
		}
	}
	return lineStart
}

// Replacers are built once: building one costs more than using it.
var (
	codeSpanNewlines = strings.NewReplacer("\r", "", "\n", " ")
	linkDestination  = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")
)

// codeSpan shows text in a code span, with a fence longer than any run of
// backquotes inside.
func codeSpan(s string) string {
	s = codeSpanNewlines.Replace(s)
	if s == "" {
		return ""
	}
	f := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return f + s + f
}

// fence shows preformatted text in a fenced code block.
func fence(s string) string {
	f := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return f + "\n" + strings.TrimRight(s, "\n") + "\n" + f
}

func longestRun(s string, c rune) int {
	best, n := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// link renders a link whose URL is http(s); anything else shows as text.
func link(label, raw string, lineStart bool) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if label == "" {
			label = raw
		}
		return escape(label, lineStart)
	}
	dest := linkDestination.Replace(u.String())
	if label == "" {
		label = raw
	}
	return "[" + escape(label, false) + "](" + dest + ")"
}

// pack joins items, one per line, into texts of at most limit runes each;
// an item longer than limit on its own is cut at line ends (at any rune as
// a last resort).
func pack(items []part, limit int) []string {
	var out []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if n > 0 || cur.Len() > 0 {
			out = append(out, cur.String())
		}
		cur.Reset()
		n = 0
	}
	for _, it := range items {
		for _, piece := range splitLines(it.md, limit) {
			l := utf8.RuneCountInString(piece)
			if cur.Len() > 0 && n+1+l > limit {
				flush()
			}
			if cur.Len() > 0 {
				cur.WriteByte('\n')
				n++
			}
			cur.WriteString(piece)
			n += l
		}
	}
	flush()
	return out
}

// splitLines cuts s into pieces of at most limit runes, at line ends when
// it can.
func splitLines(s string, limit int) []string {
	if utf8.RuneCountInString(s) <= limit {
		return []string{s}
	}
	var out []string
	var cur []rune
	for _, line := range strings.SplitAfter(s, "\n") {
		rl := []rune(line)
		for len(rl) > limit { // one line longer than a post
			if len(cur) > 0 {
				out = append(out, strings.TrimSuffix(string(cur), "\n"))
				cur = nil
			}
			out = append(out, string(rl[:limit]))
			rl = rl[limit:]
		}
		if len(cur)+len(rl) > limit {
			out = append(out, strings.TrimSuffix(string(cur), "\n"))
			cur = nil
		}
		cur = append(cur, rl...)
	}
	if len(cur) > 0 {
		out = append(out, strings.TrimSuffix(string(cur), "\n"))
	}
	return out
}
