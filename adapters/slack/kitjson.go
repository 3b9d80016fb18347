package slack

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// appendAnswer appends m as JSON, exactly as encoding/json with HTML
// escaping off would write it, without reflection: the body of every
// slash-command answer is written here, on the request's critical path.
// Blocks of slack-go's own types, should one appear, go through
// encoding/json.
func appendAnswer(dst []byte, m *responseMessage) []byte {
	dst = append(dst, '{')
	if m.ResponseType != "" {
		dst = append(dst, `"response_type":`...)
		dst = appendJSONString(dst, m.ResponseType)
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = appendJSONString(dst, m.Text)
	if len(m.Blocks) > 0 {
		dst = appendList(append(dst, `,"blocks":`...), m.Blocks, appendBlock)
	}
	dst = append(dst, `,"replace_original":`...)
	if m.ReplaceOriginal {
		dst = append(dst, "true"...)
	} else {
		dst = append(dst, "false"...)
	}
	return append(dst, '}', '\n')
}

func appendBlock(dst []byte, b slack.Block) []byte {
	k, ok := b.(*kitBlock)
	if !ok {
		js, err := json.Marshal(b)
		if err != nil {
			return append(dst, "null"...)
		}
		return append(dst, js...)
	}
	dst = append(dst, `{"type":`...)
	dst = appendJSONString(dst, string(k.Type))
	if k.Text != nil {
		dst = append(dst, `,"text":`...)
		dst = appendKitText(dst, *k.Text)
	}
	if len(k.Fields) > 0 {
		dst = appendList(append(dst, `,"fields":`...), k.Fields, appendKitText)
	}
	switch e := k.Elements.(type) {
	case nil:
	case []kitText:
		dst = appendList(append(dst, `,"elements":`...), e, appendKitText)
	case []kitButton:
		dst = appendList(append(dst, `,"elements":`...), e, appendKitButton)
	default:
		js, err := json.Marshal(e)
		if err == nil {
			dst = append(dst, `,"elements":`...)
			dst = append(dst, js...)
		}
	}
	return append(dst, '}')
}

// appendList appends items as a JSON array, each by appendOne; a nil
// slice is null, as encoding/json writes it.
func appendList[T any](dst []byte, items []T, appendOne func([]byte, T) []byte) []byte {
	if items == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, it := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendOne(dst, it)
	}
	return append(dst, ']')
}

func appendKitText(dst []byte, t kitText) []byte {
	dst = append(dst, `{"type":`...)
	dst = appendJSONString(dst, t.Type)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, t.Text)
	if t.Verbatim {
		dst = append(dst, `,"verbatim":true`...)
	}
	return append(dst, '}')
}

func appendKitButton(dst []byte, b kitButton) []byte {
	dst = append(dst, `{"type":`...)
	dst = appendJSONString(dst, b.Type)
	dst = append(dst, `,"text":`...)
	dst = appendKitText(dst, b.Text)
	dst = append(dst, `,"action_id":`...)
	dst = appendJSONString(dst, b.ActionID)
	dst = append(dst, `,"value":`...)
	dst = appendJSONString(dst, b.Value)
	if b.Style != "" {
		dst = append(dst, `,"style":`...)
		dst = appendJSONString(dst, b.Style)
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the ASCII bytes a JSON string carries as they are.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string the way encoding/json does
// with HTML escaping off: quotes, backslashes and control characters
// escaped, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
