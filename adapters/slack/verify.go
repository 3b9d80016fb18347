package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxBody is the largest request body the bot reads from Slack (1 MiB);
// a larger one gets 413 without being read further.
const MaxBody = 1 << 20

// MaxClockSkew is how far a request's timestamp may be from the bot's clock
// before the request is refused as a replay (Slack's 5 minutes).
const MaxClockSkew = 5 * time.Minute

// Why a request was refused. The messages are for the log only: they name
// the failed check and never echo what the request carried.
var (
	errMissingSignature = errors.New("missing signature headers")
	errBadSignature     = errors.New("signature does not match")
	errStaleTimestamp   = errors.New("timestamp outside the 5-minute window")
	errBadTimestamp     = errors.New("timestamp is not a number")
	errTooLarge         = errors.New("body larger than 1 MiB")
)

// Sign returns the X-Slack-Signature of body sent at the Unix time ts:
// "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)). Tests and
// benchmarks sign the requests they send with it.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, "v0:"+ts+":")
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a request's signature headers against its raw body, in
// constant time, with the timestamp within MaxClockSkew of now.
func Verify(h http.Header, body []byte, secret string, now time.Time) error {
	return NewVerifier(secret).Verify(h, body, now)
}

// Verifier checks requests against one signing secret, reusing its HMAC
// state from request to request. It is safe for concurrent use.
type Verifier struct {
	secret string
	macs   sync.Pool // of hash.Hash keyed with the secret
}

// NewVerifier returns a Verifier for secret.
func NewVerifier(secret string) *Verifier {
	v := &Verifier{secret: secret}
	v.macs.New = func() any { return hmac.New(sha256.New, []byte(secret)) }
	return v
}

// Verify is the package's Verify with the Verifier's secret.
func (v *Verifier) Verify(h http.Header, body []byte, now time.Time) error {
	_, _, err := v.verify(h, body, now)
	return err
}

// verify is Verify, returning the request's signature and timestamp once
// they checked.
func (v *Verifier) verify(h http.Header, body []byte, now time.Time) (got [sha256.Size]byte, n int64, err error) {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" || v.secret == "" {
		return got, 0, errMissingSignature
	}
	n, err = strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return got, 0, errBadTimestamp
	}
	if d := now.Sub(time.Unix(n, 0)); d > MaxClockSkew || d < -MaxClockSkew {
		return got, 0, errStaleTimestamp
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok || len(hexSig) != 2*sha256.Size {
		return got, 0, errBadSignature
	}
	var want [sha256.Size]byte
	if _, err := hex.Decode(got[:], []byte(hexSig)); err != nil {
		return got, 0, errBadSignature
	}
	mac := v.macs.Get().(hash.Hash)
	mac.Reset()
	io.WriteString(mac, "v0:")
	io.WriteString(mac, ts)
	io.WriteString(mac, ":")
	mac.Write(body)
	mac.Sum(want[:0])
	v.macs.Put(mac)
	if !hmac.Equal(got[:], want[:]) {
		return got, 0, errBadSignature
	}
	return got, n, nil
}

// readBody reads at most MaxBody bytes of the request body; a longer body
// is errTooLarge.
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBody {
		return nil, errTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxBody {
		return nil, errTooLarge
	}
	return body, nil
}
