package commands

import (
	"regexp"
	"strings"
	"testing"
)

// rfc3339 finds a stored time shown raw.
var rfc3339 = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`)

// History lines read in the reader's language and zone: fields named in
// words, times as dates, and events (removed, restored, support) as
// sentences, never "removed: false → true" or an RFC 3339 time.
func TestHistoryReadsInTheReadersWords(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `activity add SG13 "Network requirements" --status under-study`)
	e.ok("alice", "activity update A-1 --status consented")
	e.ok("alice", "activity remove A-1")
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13 --deadline 2033-01-15`)
	e.ok("alice", "topic edit T-1 --deadline 2033-02-01")
	e.ok("bob", "topic support T-1")
	e.ok("chair", `meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich`)
	e.ok("chair", `meeting move M-1 "2032-03-27 09:00" --duration 90m`)

	e.ok("marie", "lang set fr")
	e.ok("marie", "tz set Asia/Tokyo")
	act := e.ok("marie", "activity show A-1")
	mustContain(t, act, "@alice a modifié le statut\u00a0: under-study → consented", "@alice l'a retiré")
	topic := e.ok("marie", "topic show T-1")
	mustContain(t, topic, "@alice a modifié l'échéance\u00a0: ", "(Tokyo, JST)", "@bob le soutient")
	meeting := e.ok("marie", "meeting show M-1")
	mustContain(t, meeting, "@chair a modifié l'heure\u00a0: ", "@chair a modifié la durée\u00a0: 2 h → 1 h 30 min")
	for _, out := range []string{act, topic, meeting} {
		if rfc3339.MatchString(out) || strings.Contains(out, "false") || strings.Contains(out, "true") {
			t.Errorf("a raw stored value in:\n%s", out)
		}
		for _, english := range []string{" changed ", "removed", "deadline", "duration", "supports"} {
			if strings.Contains(out, english) {
				t.Errorf("English %q in French history:\n%s", english, out)
			}
		}
	}
	mustContain(t, e.ok("bob", "activity show A-1"), "@alice changed the status: under-study → consented", "@alice removed it")
}
