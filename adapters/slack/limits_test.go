package slack

import (
	"encoding/json"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// blockKitProblems checks a rendered message against Block Kit's limits
// (protocols.md S6), on the JSON Slack would receive, independently of
// how the renderer built it. It returns what Slack would refuse.
func blockKitProblems(p page) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if p.Text == "" {
		bad("no fallback text")
	}
	if n := utf8.RuneCountInString(p.Text); n > 4000 {
		bad("fallback text of %d characters", n)
	}
	checkMarkup(p.Text, "fallback text", bad)
	raw, err := json.Marshal(p.Blocks)
	if err != nil {
		return []string{err.Error()}
	}
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return []string{err.Error()}
	}
	if len(blocks) > 50 {
		bad("%d blocks", len(blocks))
	}
	for i, b := range blocks {
		where := fmt.Sprintf("block %d (%v)", i, b["type"])
		if id, _ := b["block_id"].(string); utf8.RuneCountInString(id) > 255 {
			bad("%s: block_id too long", where)
		}
		switch b["type"] {
		case "header":
			checkText(b["text"], where+" text", "plain_text", 150, bad)
		case "section":
			_, hasText := b["text"]
			fields, _ := b["fields"].([]any)
			if !hasText && len(fields) == 0 {
				bad("%s: neither text nor fields", where)
			}
			if hasText {
				checkText(b["text"], where+" text", "", 3000, bad)
			}
			if len(fields) > 10 {
				bad("%s: %d fields", where, len(fields))
			}
			for j, f := range fields {
				checkText(f, fmt.Sprintf("%s field %d", where, j), "", 2000, bad)
			}
		case "context":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > 10 {
				bad("%s: %d elements", where, len(elems))
			}
			for j, e := range elems {
				checkText(e, fmt.Sprintf("%s element %d", where, j), "", 3000, bad)
			}
		case "actions":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > 25 {
				bad("%s: %d elements", where, len(elems))
			}
			ids := map[string]bool{}
			for j, e := range elems {
				el, _ := e.(map[string]any)
				w := fmt.Sprintf("%s button %d", where, j)
				if el["type"] != "button" {
					bad("%s: type %v", w, el["type"])
				}
				checkText(el["text"], w+" text", "plain_text", 75, bad)
				id, _ := el["action_id"].(string)
				if id == "" || utf8.RuneCountInString(id) > 255 || ids[id] {
					bad("%s: action_id %q empty, too long or repeated", w, id)
				}
				ids[id] = true
				if v, _ := el["value"].(string); v == "" || utf8.RuneCountInString(v) > 2000 {
					bad("%s: value of %d characters", w, utf8.RuneCountInString(v))
				}
				if s, ok := el["style"]; ok && s != "primary" && s != "danger" {
					bad("%s: style %v", w, s)
				}
			}
		default:
			bad("%s: unexpected block type", where)
		}
	}
	return probs
}

func checkText(v any, where, wantType string, max int, bad func(string, ...any)) {
	o, ok := v.(map[string]any)
	if !ok {
		bad("%s: not a text object", where)
		return
	}
	typ, _ := o["type"].(string)
	if typ != "plain_text" && typ != "mrkdwn" || (wantType != "" && typ != wantType) {
		bad("%s: type %q", where, typ)
	}
	if _, emoji := o["emoji"]; emoji && typ == "mrkdwn" {
		bad("%s: emoji on mrkdwn", where)
	}
	s, _ := o["text"].(string)
	if n := utf8.RuneCountInString(s); n == 0 || n > max {
		bad("%s: %d characters (1-%d)", where, n, max)
	}
	if typ == "mrkdwn" {
		checkMarkup(s, where, bad)
	}
}

// markupRE is the only Slack markup the renderer may produce: a mention of
// a Slack user, or an http(s) link.
var markupRE = regexp.MustCompile(`^<(@[UWB][A-Z0-9]+|https?://[^\s<>|]+(\|[^<>]*)?)>`)

// checkMarkup reports a "<" that is not a mention or a link: user text
// that was not escaped.
func checkMarkup(s, where string, bad func(string, ...any)) {
	for i := 0; i < len(s); i++ {
		if s[i] == '>' {
			bad("%s: a bare > at %d", where, i)
			return
		}
		if s[i] != '<' {
			continue
		}
		m := markupRE.FindString(s[i:])
		if m == "" {
			bad("%s: unescaped markup at %d: %.30q", where, i, s[i:])
			return
		}
		i += len(m) - 1
	}
}
