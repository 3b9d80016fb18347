package commands

import (
	"fmt"
	"testing"
)

func TestZZPollScratch(t *testing.T) {
	e := newEnv(t)
	for _, l := range []struct{ who, line string }{
		{"alice", `member join SG13`},
		{"alice", `tz set Africa/Cairo`},
		{"bob", `member join SG17`},
		{"bob", `tz set America/New_York`},
		{"carol", `member join SG20`},
		{"carol", `tz set Asia/Tokyo`},
		{"alice", `poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`},
		{"alice", `poll new "X" --slot "2032-03-28 02:30" --tz Europe/Zurich`},
		{"alice", `poll new "X" --slot "2032-10-31 02:30" --tz Europe/Zurich`},
		{"alice", `poll vote P-1 1=yes 2=maybe`},
		{"bob", `poll vote P-1 yes 2 no 1`},
		{"alice", `poll show P-1`},
		{"bob", `poll show P-1`},
		{"carol", `poll show P-1`},
		{"carol", `poll pending P-1`},
		{"chair", `poll close P-1`},
		{"alice", `poll decide P-1`},
		{"alice", `poll list`},
	} {
		rep := e.do(l.who, l.line)
		fmt.Printf("== %s: %s (refused=%v)\n%s", l.who, l.line, rep.Refused, plain(rep.Message))
		if rep.Announce != nil {
			fmt.Printf("-- announce:\n%s", plain(*rep.Announce))
		}
	}
}
