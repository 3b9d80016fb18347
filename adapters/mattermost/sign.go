package mattermost

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strconv"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// Keys of a button's integration context. The server hands the context back
// unchanged with the click; it never reaches a client.
const (
	ctxAction = "action"
	ctxValue  = "value"
	ctxExpiry = "exp" // Unix seconds, as a string (JSON numbers come back as floats)
	ctxMAC    = "mac"
)

// Why a click's context is refused.
var (
	errNoMAC   = errors.New("button context without a MAC")
	errBadMAC  = errors.New("button context with a wrong MAC")
	errExpired = errors.New("button context expired")
)

// signer makes and checks button contexts: an HMAC-SHA256, keyed with the
// action secret, over the action, its value and an expiry.
type signer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// context returns the integration context of a button.
func (s signer) context(a bot.Action) map[string]any {
	exp := s.now().Add(s.ttl).Unix()
	return map[string]any{
		ctxAction: a.Name,
		ctxValue:  a.Value,
		ctxExpiry: strconv.FormatInt(exp, 10),
		ctxMAC:    s.mac(a.Name, a.Value, exp),
	}
}

// verify returns the action of a context the bot signed and that has not
// expired.
func (s signer) verify(c map[string]any) (bot.Action, error) {
	name, ok1 := c[ctxAction].(string)
	value, ok2 := c[ctxValue].(string)
	expS, ok3 := c[ctxExpiry].(string)
	mac, ok4 := c[ctxMAC].(string)
	if !ok1 || !ok2 || !ok3 || !ok4 || mac == "" {
		return bot.Action{}, errNoMAC
	}
	exp, err := strconv.ParseInt(expS, 10, 64)
	if err != nil {
		return bot.Action{}, errBadMAC
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, s.sum(name, value, exp)) {
		return bot.Action{}, errBadMAC
	}
	if !s.now().Before(time.Unix(exp, 0)) {
		return bot.Action{}, errExpired
	}
	return bot.Action{Name: name, Value: value}, nil
}

func (s signer) mac(name, value string, exp int64) string {
	return base64.RawURLEncoding.EncodeToString(s.sum(name, value, exp))
}

// sum is the MAC over a length-prefixed encoding, so no two different
// (action, value, expiry) triples share an input.
func (s signer) sum(name, value string, exp int64) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte("jcabot/mattermost-action/v1"))
	var n [8]byte
	for _, part := range []string{name, value} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write([]byte(part))
	}
	binary.BigEndian.PutUint64(n[:], uint64(exp))
	h.Write(n[:])
	return h.Sum(nil)
}
