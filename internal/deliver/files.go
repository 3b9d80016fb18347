package deliver

import (
	"bytes"
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jcabot/jcabot/internal/bot"
)

// MaxInlineRunes bounds the text of a file shown inline instead of shared.
const MaxInlineRunes = 2500

// FileOutcome is what became of one file.
type FileOutcome int

const (
	FileShared    FileOutcome = iota // uploaded where it was to go
	FileInline                       // refused; its text is shown in the message instead
	FileInlineCut                    // the same, its first MaxInlineRunes characters
	FileUnsent                       // refused, and not text: named as not sent
)

// FileSent is one file and what became of it.
type FileSent struct {
	Name    string
	Outcome FileOutcome
}

// ShareFiles shares msg's files in dest through up (nil when the platform
// cannot upload, or dest could not be had: err). A file not shared is
// shown inline when it is text (a calendar, a CSV), else named as not
// sent; note, when set, gives the platform's words for each file, placed
// before its text. It returns msg without its files, and each file's fate.
func ShareFiles(ctx context.Context, up bot.Uploader, dest bot.ChannelID, err error, msg bot.Message, note func(FileSent) bot.Text) (bot.Message, []FileSent) {
	if len(msg.Files) == 0 {
		return msg, nil
	}
	files := msg.Files
	msg.Files = nil
	msg.Blocks = append([]bot.Block(nil), msg.Blocks...)
	var out []FileSent
	for _, f := range files {
		s := FileSent{Name: f.Name, Outcome: FileShared}
		if err != nil || up == nil || up.Upload(ctx, dest, f) != nil {
			s.Outcome = FileUnsent
			if IsText(f) {
				s.Outcome = FileInline
			}
		}
		content := ""
		if s.Outcome == FileInline {
			content = strings.ToValidUTF8(string(f.Data), "\uFFFD")
			if utf8.RuneCountInString(content) > MaxInlineRunes {
				content, s.Outcome = string([]rune(content)[:MaxInlineRunes]), FileInlineCut
			}
		}
		if note != nil {
			if t := note(s); t != nil {
				msg.Context(t)
			}
		}
		if content != "" {
			msg.Preformatted(content)
		}
		out = append(out, s)
	}
	return msg, out
}

// IsText reports whether a file reads as text (a calendar, CSV, Markdown).
func IsText(f bot.File) bool {
	mt := strings.ToLower(f.MediaType)
	switch {
	case strings.HasPrefix(mt, "text/"), strings.Contains(mt, "json"), strings.Contains(mt, "xml"),
		strings.Contains(mt, "csv"), strings.Contains(mt, "calendar"):
		return true
	case mt == "":
		return utf8.Valid(f.Data) && !bytes.ContainsRune(f.Data, 0)
	}
	return false
}
