package slack

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Slack's own worked example (docs.slack.dev, "Verifying requests from
// Slack"; protocols.md S2.2).
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

var docTime = time.Unix(1531420618, 0)

func docHeader() http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", docTimestamp)
	h.Set("X-Slack-Signature", docSignature)
	return h
}

func TestSignMatchesSlacksTestVector(t *testing.T) {
	if got := Sign(docSecret, docTimestamp, []byte(docBody)); got != docSignature {
		t.Fatalf("Sign = %s, want %s", got, docSignature)
	}
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name   string
		header func() http.Header
		body   string
		secret string
		now    time.Time
		want   error
	}{
		{"Slack's vector at its own time", docHeader, docBody, docSecret, docTime, nil},
		{"4 min 59 s later", docHeader, docBody, docSecret, docTime.Add(5*time.Minute - time.Second), nil},
		{"4 min 59 s earlier", docHeader, docBody, docSecret, docTime.Add(-5*time.Minute + time.Second), nil},
		{"tampered body", docHeader, strings.Replace(docBody, "text=", "text=poll+close+P-1", 1), docSecret, docTime, errBadSignature},
		{"one byte more", docHeader, docBody + "&", docSecret, docTime, errBadSignature},
		{"wrong secret", docHeader, docBody, "8f742231b10e8888abcd99yyyzzz85a6", docTime, errBadSignature},
		{"stale: 5 min 1 s later", docHeader, docBody, docSecret, docTime.Add(5*time.Minute + time.Second), errStaleTimestamp},
		{"from the future", docHeader, docBody, docSecret, docTime.Add(-6 * time.Minute), errStaleTimestamp},
		{"the real clock", docHeader, docBody, docSecret, time.Now(), errStaleTimestamp},
		{"no signature", func() http.Header { h := docHeader(); h.Del("X-Slack-Signature"); return h }, docBody, docSecret, docTime, errMissingSignature},
		{"no timestamp", func() http.Header { h := docHeader(); h.Del("X-Slack-Request-Timestamp"); return h }, docBody, docSecret, docTime, errMissingSignature},
		{"no secret configured", docHeader, docBody, "", docTime, errMissingSignature},
		{"timestamp not a number", func() http.Header { h := docHeader(); h.Set("X-Slack-Request-Timestamp", "15314206l8"); return h }, docBody, docSecret, docTime, errBadTimestamp},
		{"v1 scheme", func() http.Header { h := docHeader(); h.Set("X-Slack-Signature", "v1="+docSignature[3:]); return h }, docBody, docSecret, docTime, errBadSignature},
		{"short digest", func() http.Header { h := docHeader(); h.Set("X-Slack-Signature", docSignature[:40]); return h }, docBody, docSecret, docTime, errBadSignature},
		{"not hex", func() http.Header {
			h := docHeader()
			h.Set("X-Slack-Signature", "v0="+strings.Repeat("zz", 32))
			return h
		}, docBody, docSecret, docTime, errBadSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(c.header(), []byte(c.body), c.secret, c.now)
			if !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}
