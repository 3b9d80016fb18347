package bot

import "strings"

// Unshowable reports whether r acts instead of showing: C0 and C1 control
// characters (newline and tab aside), DEL, and the bidirectional embedding,
// override and isolate controls (U+202A-U+202E, U+2066-U+2069). It is the
// rule the domain refuses in stored text (jca.Unshowable says the same);
// the chat core applies it to what it shows, so text stored before the
// rule never runs an escape sequence or turns a title around.
func Unshowable(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Showable is s without its Unshowable characters. Most strings hold none:
// they are checked byte by byte, without decoding, and returned as they
// are.
func Showable(s string) string {
	if !needsCleaning(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if Unshowable(r) {
			return -1
		}
		return r
	}, s)
}

// needsCleaning reports whether s may hold an Unshowable character, from
// its bytes: C0 controls and DEL are single bytes; C1 controls are 0xC2
// 0x80-0x9F; the bidirectional controls are 0xE2 0x80 0xAA-0xAE and 0xE2
// 0x81 0xA6-0xA9.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 0x20 && b < 0x7f {
			continue
		}
		switch {
		case b == '\t' || b == '\n':
		case b < 0x20 || b == 0x7f:
			return true
		case b == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return true
		case b == 0xe2 && i+2 < len(s) &&
			((s[i+1] == 0x80 && s[i+2] >= 0xaa && s[i+2] <= 0xae) || (s[i+1] == 0x81 && s[i+2] >= 0xa6 && s[i+2] <= 0xa9)):
			return true
		}
	}
	return false
}

// Showable is m with every text Showable: what a chat adapter renders. A
// message with nothing to clean is returned as it is, without a copy.
func (m Message) Showable() Message {
	if !m.needsCleaning() {
		return m
	}
	m.Title = m.Title.showable()
	blocks := make([]Block, len(m.Blocks))
	for i, b := range m.Blocks {
		b.Text = b.Text.showable()
		b.Pre = Showable(b.Pre)
		if len(b.Fields) > 0 {
			fs := make([]Field, len(b.Fields))
			for j, f := range b.Fields {
				fs[j] = Field{Label: Showable(f.Label), Value: f.Value.showable()}
			}
			b.Fields = fs
		}
		if len(b.Buttons) > 0 {
			bs := make([]Button, len(b.Buttons))
			for j, btn := range b.Buttons {
				btn.Label = Showable(btn.Label)
				bs[j] = btn
			}
			b.Buttons = bs
		}
		blocks[i] = b
	}
	m.Blocks = blocks
	return m
}

func (m Message) needsCleaning() bool {
	if m.Title.needsCleaning() {
		return true
	}
	for _, b := range m.Blocks {
		if b.Text.needsCleaning() || needsCleaning(b.Pre) {
			return true
		}
		for _, f := range b.Fields {
			if needsCleaning(f.Label) || f.Value.needsCleaning() {
				return true
			}
		}
		for _, btn := range b.Buttons {
			if needsCleaning(btn.Label) {
				return true
			}
		}
	}
	return false
}

func (t Text) needsCleaning() bool {
	for _, s := range t {
		if needsCleaning(s.Text) {
			return true
		}
	}
	return false
}

func (t Text) showable() Text {
	if !t.needsCleaning() {
		return t
	}
	out := make(Text, len(t))
	for i, s := range t {
		s.Text = Showable(s.Text)
		out[i] = s
	}
	return out
}
