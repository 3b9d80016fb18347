package slack

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/internal/bot"
)

// Block Kit's limits (protocols.md S6). A message is rendered within them,
// split or shortened when it must be, so Slack never rejects it.
const (
	MaxBlocks        = 50
	MaxSectionText   = 3000
	MaxFieldText     = 2000
	MaxFields        = 10
	MaxContextElems  = 10
	MaxActionElems   = 25
	MaxHeaderText    = 150
	MaxButtonText    = 75
	MaxButtonValue   = 2000
	MaxActionID      = 255
	maxFallbackRunes = 300
)

// page is one Slack message: blocks and the fallback text that
// notifications, screen readers and old clients show.
type page struct {
	Text   string
	Blocks []slack.Block
}

// notes are the few words the renderer adds itself, in the reader's
// language: "continued below", "shortened", the fallback of an empty text.
type notes interface {
	continued(n, total int) bot.Text
	shortened() bot.Text
	fallback() string
}

// renderPages renders a message as one or more Slack messages, each within
// Block Kit's limits: a long message is split, never refused.
func renderPages(m bot.Message, n notes) []page {
	m = m.Showable() // text stored before the input rule may hold controls
	blocks := renderBlocks(m)
	text := fallbackText(m, n)
	if len(blocks) <= MaxBlocks {
		return []page{{Text: text, Blocks: blocks}}
	}
	per := MaxBlocks - 1 // room for the "continued" line
	total := (len(blocks) + per - 1) / per
	var pages []page
	for i := 0; i < total; i++ {
		part := blocks[i*per : min(len(blocks), (i+1)*per)]
		part = append([]slack.Block(nil), part...)
		if i < total-1 {
			part = append(part, contextBlock(mrkdwnChunks(n.continued(i+1, total), MaxSectionText))...)
		}
		pages = append(pages, page{Text: text, Blocks: part})
	}
	return pages
}

// renderOne renders a message as a single Slack message (an update in
// place): past 50 blocks it is shortened, with a line that says so.
func renderOne(m bot.Message, n notes) page {
	blocks := renderBlocks(m)
	if len(blocks) > MaxBlocks {
		blocks = append(blocks[:MaxBlocks-1:MaxBlocks-1], contextBlock(mrkdwnChunks(n.shortened(), MaxSectionText))[0])
	}
	return page{Text: fallbackText(m, n), Blocks: blocks}
}

// Block Kit JSON as plain structs. They satisfy slack.Block, so slack-go
// sends them like its own; encoding them is several times faster than
// slack-go's block types, whose nested MarshalJSON calls re-scan their
// output at every level (it shows in the commands-per-second figures).
type (
	kitText struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		Verbatim bool   `json:"verbatim,omitempty"`
	}
	kitButton struct {
		Type     string  `json:"type"`
		Text     kitText `json:"text"`
		ActionID string  `json:"action_id"`
		Value    string  `json:"value"`
		Style    string  `json:"style,omitempty"`
	}
	// kitBlock is a header, section, context or actions block.
	kitBlock struct {
		Type     slack.MessageBlockType `json:"type"`
		Text     *kitText               `json:"text,omitempty"`
		Fields   []kitText              `json:"fields,omitempty"`
		Elements any                    `json:"elements,omitempty"` // []kitText (context) or []kitButton (actions)
		text     kitText                // where Text points: one allocation for both
	}
)

// BlockType and ID make a kitBlock a slack.Block.
func (b *kitBlock) BlockType() slack.MessageBlockType { return b.Type }
func (b *kitBlock) ID() string                        { return "" }

var _ slack.Block = (*kitBlock)(nil)

// renderBlocks turns every part of a message into blocks, each within its
// own limits; the caller splits the list into messages.
func renderBlocks(m bot.Message) []slack.Block {
	var out []slack.Block
	if title := oneLine(m.Title.String()); title != "" {
		t := plainText(truncate(title, MaxHeaderText))
		out = append(out, &kitBlock{Type: slack.MBTHeader, Text: &t})
	}
	for _, b := range m.Blocks {
		switch b.Kind {
		case bot.SectionBlock:
			for _, chunk := range mrkdwnChunks(b.Text, MaxSectionText) {
				out = append(out, section(chunk))
			}
		case bot.ContextBlock:
			out = append(out, contextBlock(mrkdwnChunks(b.Text, MaxSectionText))...)
		case bot.FieldsBlock:
			var fields []kitText
			for _, f := range b.Fields {
				label := ""
				if l := oneLine(f.Label); l != "" {
					label = "*" + escape(l) + "*\n"
				}
				value := mrkdwnChunks(f.Value, MaxFieldText-utf8.RuneCountInString(label)-1)
				v := ""
				if len(value) > 0 {
					v = value[0]
					if len(value) > 1 {
						v += "…"
					}
				}
				if strings.TrimSpace(label+v) == "" {
					continue
				}
				fields = append(fields, mrkdwn(label+v))
			}
			for len(fields) > 0 {
				k := min(len(fields), MaxFields)
				out = append(out, &kitBlock{Type: slack.MBTSection, Fields: fields[:k:k]})
				fields = fields[k:]
			}
		case bot.PreBlock:
			for _, chunk := range preChunks(b.Pre, MaxSectionText-6) {
				out = append(out, section("```"+chunk+"```"))
			}
		case bot.ButtonsBlock:
			var elems []kitButton
			for _, btn := range b.Buttons {
				if btn.Value == "" || len(btn.Value) > MaxButtonValue || btn.Name == "" {
					continue // Slack would refuse the whole message
				}
				if len(elems) == MaxActionElems {
					out = append(out, &kitBlock{Type: slack.MBTAction, Elements: elems})
					elems = nil
				}
				label := truncate(oneLine(btn.Label), MaxButtonText)
				if label == "" {
					label = "·"
				}
				e := kitButton{Type: "button", Text: plainText(label), ActionID: actionID(btn.Name, len(elems)), Value: btn.Value}
				if btn.Style == "primary" || btn.Style == "danger" {
					e.Style = btn.Style
				}
				elems = append(elems, e)
			}
			if len(elems) > 0 {
				out = append(out, &kitBlock{Type: slack.MBTAction, Elements: elems})
			}
		}
	}
	return out
}

func section(text string) *kitBlock {
	b := &kitBlock{Type: slack.MBTSection, text: mrkdwn(text)}
	b.Text = &b.text
	return b
}

// actionID names a button uniquely within its block and carries the
// action's name back: "jca:run:2".
func actionID(name string, i int) string {
	id := "jca:" + name + ":" + strconv.Itoa(i)
	if len(id) > MaxActionID {
		id = id[:MaxActionID]
	}
	return id
}

// actionName reads the action's name back from an action_id.
func actionName(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "jca:")
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 {
		return "", false
	}
	return rest[:i], true
}

func contextBlock(chunks []string) []slack.Block {
	var out []slack.Block
	for len(chunks) > 0 {
		k := min(len(chunks), MaxContextElems)
		elems := make([]kitText, k)
		for i, c := range chunks[:k] {
			elems[i] = mrkdwn(c)
		}
		out = append(out, &kitBlock{Type: slack.MBTContext, Elements: elems})
		chunks = chunks[k:]
	}
	return out
}

// mrkdwn is a text object Slack shows as written: verbatim, so it does not
// turn words into links or mentions by itself.
func mrkdwn(s string) kitText { return kitText{Type: "mrkdwn", Text: s, Verbatim: true} }

// plainText is shown as is: Slack parses no markup in it.
func plainText(s string) kitText { return kitText{Type: "plain_text", Text: s} }

// fallbackText is the message's "text": its title, or the beginning of its
// first text, escaped; never empty.
func fallbackText(m bot.Message, n notes) string {
	candidates := []bot.Text{m.Title}
	for _, b := range m.Blocks {
		candidates = append(candidates, b.Text)
		if b.Pre != "" {
			candidates = append(candidates, bot.T(b.Pre))
		}
		for _, f := range b.Fields {
			candidates = append(candidates, append(bot.T(f.Label+" "), f.Value...))
		}
	}
	for _, c := range candidates {
		if s := oneLine(plainOf(c)); s != "" {
			return escape(truncate(s, maxFallbackRunes))
		}
	}
	return escape(n.fallback())
}

// plainOf is a text without styling, mentions by name.
func plainOf(t bot.Text) string {
	var b strings.Builder
	for _, s := range t {
		if s.Kind == bot.MentionSpan && s.Text == "" {
			b.WriteString("@" + s.Person.User())
			continue
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// mrkdwnChunks renders styled text as Slack mrkdwn, user text escaped, in
// pieces of at most limit characters that each stand alone (a split never
// cuts a bold run, an entity or a link in two).
func mrkdwnChunks(t bot.Text, limit int) []string {
	t = unstyled(t)
	if s, ok := mrkdwnWhole(t, limit); ok {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return []string{s}
	}
	units := make([]string, 0, len(t))
	for _, s := range t {
		units = append(units, spanUnits(s, limit)...)
	}
	if len(units) == 1 && len(units[0]) <= limit { // one short piece (bytes ≥ runes)
		if strings.TrimSpace(units[0]) == "" {
			return nil
		}
		return units
	}
	var chunks []string
	var cur strings.Builder
	curLen := 0
	for _, u := range units {
		n := utf8.RuneCountInString(u)
		if curLen+n > limit && curLen > 0 {
			chunks = append(chunks, cur.String())
			cur.Reset()
			curLen = 0
		}
		cur.WriteString(u)
		curLen += n
	}
	if strings.TrimSpace(cur.String()) != "" {
		chunks = append(chunks, cur.String())
	}
	// A chunk of blanks only is not valid text.
	out := chunks[:0]
	for _, c := range chunks {
		if strings.TrimSpace(c) != "" {
			out = append(out, c)
		}
	}
	return out
}

// mrkdwnWhole renders t in one piece, without allocating per span, when it
// fits in limit and no styled span crosses a line or starts or ends with a
// blank (those need the careful path); ok is false otherwise.
func mrkdwnWhole(t bot.Text, limit int) (string, bool) {
	n := 0
	for _, s := range t {
		n += len(s.Text) + 2
	}
	if n > 6*limit {
		return "", false
	}
	var b strings.Builder
	b.Grow(n + n/16)
	for _, s := range t {
		var open, close string
		text := s.Text
		switch s.Kind {
		case bot.MentionSpan, bot.LinkSpan:
			for _, u := range spanUnits(s, limit) {
				b.WriteString(u)
			}
			continue
		case bot.Bold:
			open, close = "*", "*"
		case bot.Italic:
			open, close = "_", "_"
		case bot.Code:
			open, close = "`", "`"
			text = strings.ReplaceAll(text, "`", "ˋ")
		}
		if open != "" && (text == "" || strings.Contains(text, "\n") || strings.TrimSpace(text) != text) {
			return "", false
		}
		b.WriteString(open)
		writeEscaped(&b, text)
		b.WriteString(close)
		if b.Len() > 6*limit {
			return "", false
		}
	}
	out := b.String()
	if len(out) > limit && utf8.RuneCountInString(out) > limit {
		return "", false
	}
	return out, true
}

// spanUnits renders one span as pieces no longer than limit: a line at a
// time, and a long line cut at a space when it can.
func spanUnits(s bot.Span, limit int) []string {
	switch s.Kind {
	case bot.MentionSpan:
		if s.Person.Platform() == bot.Slack && validID(s.Person.User()) {
			return []string{"<@" + s.Person.User() + ">"}
		}
		name := s.Text
		if name == "" {
			name = s.Person.User()
		}
		return pieces(name, limit, "", "")
	case bot.LinkSpan:
		label := s.Text
		if label == "" {
			label = s.URL
		}
		if u, ok := linkURL(s.URL); ok && len(u) < limit/2 {
			// An escaped character takes at most 5 ("&amp;"): the label
			// keeps what surely fits beside the URL.
			maxLabel := (limit - len(u) - 3) / 5
			return []string{"<" + u + "|" + escape(truncate(oneLine(label), maxLabel)) + ">"}
		}
		if label == s.URL {
			return pieces(label, limit, "", "")
		}
		return pieces(label+" ("+s.URL+")", limit, "", "")
	case bot.Bold:
		return pieces(s.Text, limit, "*", "*")
	case bot.Italic:
		return pieces(s.Text, limit, "_", "_")
	case bot.Code:
		return pieces(strings.ReplaceAll(s.Text, "`", "ˋ"), limit, "`", "`")
	}
	return pieces(s.Text, limit, "", "")
}

// pieces escapes text line by line, each line wrapped in the markers (bold
// cannot span lines in Slack), with surrounding blanks kept outside the
// markers so Slack still sees them.
func pieces(text string, limit int, open, close string) []string {
	if !strings.Contains(text, "\n") { // the common case, without the line work
		core := text
		if open != "" {
			core = strings.TrimSpace(text)
		}
		if core == text && core != "" {
			if e := escape(core); len(e)+len(open)+len(close) <= limit {
				return []string{open + e + close}
			}
		}
	}
	var out []string
	lines := strings.SplitAfter(text, "\n")
	for _, line := range lines {
		body := strings.TrimSuffix(line, "\n")
		nl := ""
		if len(body) < len(line) {
			nl = "\n"
		}
		core := strings.TrimSpace(body)
		if core == "" || open == "" {
			out = append(out, cutEscaped(body, limit-len(nl), "", "")...)
			out[len(out)-1] += nl
			continue
		}
		i := strings.Index(body, core)
		lead, trail := body[:i], body[i+len(core):]
		parts := cutEscaped(core, limit-len(open)-len(close)-len(lead)-len(trail)-len(nl), open, close)
		parts[0] = escape(lead) + parts[0]
		parts[len(parts)-1] += escape(trail) + nl
		out = append(out, parts...)
	}
	return out
}

// cutEscaped escapes s and wraps it in the markers, in parts whose length
// (markers included) is at most limit, cutting at a space when it can.
func cutEscaped(s string, limit int, open, close string) []string {
	limit = max(limit, 16)
	e := escape(s)
	if utf8.RuneCountInString(e)+len(open)+len(close) <= limit {
		return []string{open + e + close}
	}
	var out []string
	room := limit - len(open) - len(close)
	rs := []rune(s)
	for len(rs) > 0 {
		// Take as many runes as fit once escaped.
		n, width := 0, 0
		for n < len(rs) {
			w := utf8.RuneCountInString(escape(string(rs[n])))
			if width+w > room {
				break
			}
			width += w
			n++
		}
		if n < len(rs) {
			if sp := lastSpace(rs[:n]); sp > n/2 {
				n = sp + 1
			}
		}
		out = append(out, open+escape(string(rs[:n]))+close)
		rs = rs[n:]
	}
	return out
}

func lastSpace(rs []rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == ' ' {
			return i
		}
	}
	return -1
}

// preChunks escapes preformatted text in pieces of at most limit
// characters, cut at line ends.
func preChunks(s string, limit int) []string {
	var chunks []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if cur.Len() > 0 {
			chunks = append(chunks, strings.TrimSuffix(cur.String(), "\n"))
			cur.Reset()
			curLen = 0
		}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		for _, part := range cutEscaped(strings.ReplaceAll(line, "```", "ˋˋˋ"), limit-1, "", "") {
			n := utf8.RuneCountInString(part) + 1
			if curLen+n > limit {
				flush()
			}
			cur.WriteString(part + "\n")
			curLen += n
		}
	}
	flush()
	if len(chunks) == 0 {
		chunks = []string{" "}
	}
	return chunks
}

// linkURL returns the URL escaped for a <url|label> link, only for http and
// https; anything else is shown as text.
func linkURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	s := u.String()
	if strings.ContainsAny(s, " \t\n\r") {
		return "", false
	}
	s = strings.ReplaceAll(s, "|", "%7C")
	return escape(s), true
}

// truncate cuts s to at most n runes, ending with "…" when it cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return strings.TrimSpace(string(rs[:n-1])) + "…"
}

// oneLine joins lines with spaces and trims.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Join(strings.Fields(s), " "))
}

// unstyled keeps the formatting characters of text (* _ ~ `) from styling
// it: Slack's mrkdwn has no escape for them, so a zero-width space follows
// each one that stands at a word's edge, where Slack would read it as a
// marker ("New_York" and "Q*bert" are left as they are). Code spans are
// left alone: what they show is meant to be copied.
func unstyled(t bot.Text) bot.Text {
	var out bot.Text
	for i, s := range t {
		if s.Kind == bot.Code || s.Kind == bot.MentionSpan || s.Kind == bot.LinkSpan || mrkdwnMarkers.index(s.Text) < 0 {
			if out != nil {
				out = append(out, s)
			}
			continue
		}
		if out == nil {
			out = append(make(bot.Text, 0, len(t)), t[:i]...)
		}
		s.Text = breakMarkers(s.Text)
		out = append(out, s)
	}
	if out == nil {
		return t
	}
	return out
}

func breakMarkers(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	for i, r := range rs {
		b.WriteRune(r)
		if strings.ContainsRune("*_~`", r) && !(word(i-1) && word(i+1)) {
			b.WriteRune('\u200b')
		}
	}
	return b.String()
}
