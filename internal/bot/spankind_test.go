package bot

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Messages kept in the outbox were written with the kinds as words; they
// read back, and are written again, the same way.
func TestSpanKindJSONKeepsTheWords(t *testing.T) {
	stored := `[{"Text":"plain "},{"Kind":"b","Text":"A-1"},{"Kind":"i","Text":"title"},{"Kind":"code","Text":"x"},` +
		`{"Kind":"mention","Text":"alice","Person":"slack:T1/U1"},{"Kind":"link","Text":"doc","URL":"https://itu.int"}]`
	var got Text
	if err := json.Unmarshal([]byte(stored), &got); err != nil {
		t.Fatal(err)
	}
	want := Text{{Text: "plain "}, {Kind: Bold, Text: "A-1"}, {Kind: Italic, Text: "title"}, {Kind: Code, Text: "x"},
		{Kind: MentionSpan, Text: "alice", Person: "slack:T1/U1"}, {Kind: LinkSpan, Text: "doc", URL: "https://itu.int"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read %#v\nwant %#v", got, want)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != stored {
		t.Fatalf("wrote %s\nwant  %s", again, stored)
	}
	var unknown Text
	if err := json.Unmarshal([]byte(`[{"Kind":"strike","Text":"kept"}]`), &unknown); err != nil || len(unknown) != 1 || unknown[0] != (Span{Text: "kept"}) {
		t.Fatalf("an unknown kind: %v %#v", err, unknown)
	}
}
