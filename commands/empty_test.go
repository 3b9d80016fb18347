package commands

import (
	"strings"
	"testing"
)

// An empty value typed where a word was expected still reads as a value in
// the refusal ("Unknown status `""`."), never as a sentence without its
// subject (" is not an id.").
func TestEmptyValuesReadAsValues(t *testing.T) {
	e := newEnv(t)
	for line, want := range map[string]string{
		`activity list --status ""`: "Unknown status `\"\"`.",
		`tz set ""`:                 "Unknown time zone `\"\"`.",
		`activity show ""`:          "`\"\"` is not an id.",
		`digest schedule ""`:        "`\"\"` is not a schedule.",
		`member join ""`:            "Unknown group `\"\"`.",
		`"" list`:                   "`\"\"`",
		`activity "" list`:          "`\"\"`",
		`activity show A-1 ""`:      "`\"\"`",
	} {
		out := e.refused("chair", line)
		if !strings.Contains(out, want) {
			t.Errorf("%s:\n%s\nwant %q", line, out, want)
		}
	}
}
