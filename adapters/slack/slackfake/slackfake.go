// Package slackfake is a fake Slack for tests and benchmarks: slack-go's
// own slacktest server, with the Web API methods jcabot uses added
// (chat.update, chat.postEphemeral, users.info per person, the three
// upload steps) and a response_url endpoint, each recording what it
// received; a Socket Mode endpoint that sends envelopes and collects their
// acknowledgements; and signed inbound requests, built as Slack builds
// them.
package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	slackadapter "github.com/jcabot/jcabot/adapters/slack"
)

// Call is one Web API call or response_url post the fake received.
type Call struct {
	Method  string // "chat.postMessage", "chat.update", "response_url"...
	Channel string
	TS      string
	User    string
	Text    string
	// Blocks is the JSON of the blocks sent (a form field, or the
	// response_url body's "blocks").
	Blocks json.RawMessage
	// Body is the whole JSON body of a response_url post.
	Body map[string]any
	// Path is the response_url path (for response_url posts).
	Path string
	// Limited is true for a call answered with 429.
	Limited bool
}

// Server is the fake. Its knobs may be set before or between calls.
type Server struct {
	*slacktest.Server

	mu      sync.Mutex
	calls   []Call
	seq     int
	limited map[string]int // method → how many next calls answer 429
	after   map[string]int // method → Retry-After seconds
	fail    map[string]string
	tz      map[string]string
	gone    map[string]string // user → "unknown" (user_not_found) or "deactivated"
	files   map[string][]byte
	sock    socket
}

// userID is the shape of Slack's user ids (U..., W... for Enterprise Grid);
// users.info answers user_not_found for anything else, as Slack does.
var userID = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// New starts a fake Slack, stopped when the test ends.
func New(tb testing.TB) *Server {
	s := &Server{limited: map[string]int{}, after: map[string]int{}, fail: map[string]string{},
		tz: map[string]string{}, gone: map[string]string{}, files: map[string][]byte{}}
	s.sock = socket{connected: make(chan struct{}), acks: map[string]Ack{}, ackSeen: map[string]chan struct{}{}}
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", s.chat("chat.postMessage"))
		c.Handle("/chat.update", s.chat("chat.update"))
		c.Handle("/chat.postEphemeral", s.chat("chat.postEphemeral"))
		c.Handle("/users.info", s.usersInfo)
		c.Handle("/files.getUploadURLExternal", s.uploadURL)
		c.Handle("/upload/", s.upload)
		c.Handle("/files.completeUploadExternal", s.completeUpload)
		c.Handle("/response/", s.response)
		c.Handle("/apps.connections.open", s.connectionsOpen)
		c.Handle("/socket", s.socketHandler)
	})
	s.Start()
	tb.Cleanup(s.Stop)
	return s
}

// RateLimit makes the next n calls of method answer 429 with Retry-After.
func (s *Server) RateLimit(method string, n, retryAfterSeconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limited[method], s.after[method] = n, retryAfterSeconds
}

// Fail makes every later call of method answer ok:false with the error
// code ("not_in_channel"); "" stops it.
func (s *Server) Fail(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[method] = code
}

// SetTZ sets the zone users.info gives a person.
func (s *Server) SetTZ(user, tz string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tz[user] = tz
}

// RemoveUser makes users.info answer user_not_found for user, as Slack does
// for an id that is not a member of the workspace. Every other well-formed
// user id is a member.
func (s *Server) RemoveUser(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[user] = "unknown"
}

// DeactivateUser makes users.info answer the user with "deleted": true, as
// Slack does for a deactivated account.
func (s *Server) DeactivateUser(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[user] = "deactivated"
}

// ResponseURL is a response_url on the fake, named by id.
func (s *Server) ResponseURL(id string) string { return s.GetAPIURL() + "response/" + id }

// Calls returns the calls of a method ("" for all), in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Uploaded returns the bytes of an uploaded file by name.
func (s *Server) Uploaded(name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.files[name]
	return b, ok
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
}

// limit answers 429 when method is rate-limited now.
func (s *Server) limit(w http.ResponseWriter, method string, c Call) bool {
	s.mu.Lock()
	n := s.limited[method]
	if n > 0 {
		s.limited[method] = n - 1
	}
	after := s.after[method]
	s.mu.Unlock()
	if n == 0 {
		return false
	}
	c.Limited = true
	s.record(c)
	w.Header().Set("Retry-After", strconv.Itoa(after))
	w.WriteHeader(http.StatusTooManyRequests)
	io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
	return true
}

func (s *Server) failure(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	code := s.fail[method]
	s.mu.Unlock()
	if code == "" {
		return false
	}
	writeJSON(w, map[string]any{"ok": false, "error": code})
	return true
}

func (s *Server) chat(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		c := Call{Method: method, Channel: r.Form.Get("channel"), TS: r.Form.Get("ts"), User: r.Form.Get("user"),
			Text: r.Form.Get("text"), Blocks: json.RawMessage(r.Form.Get("blocks"))}
		if s.limit(w, method, c) || s.failure(w, method) {
			return
		}
		if method == "chat.postMessage" {
			s.mu.Lock()
			s.seq++
			c.TS = fmt.Sprintf("1900000000.%06d", s.seq)
			s.mu.Unlock()
		}
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "channel": c.Channel, "ts": c.TS, "message_ts": c.TS, "text": c.Text})
	}
}

func (s *Server) usersInfo(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := r.Form.Get("user")
	if s.limit(w, "users.info", Call{Method: "users.info", User: id}) || s.failure(w, "users.info") {
		return
	}
	s.record(Call{Method: "users.info", User: id})
	s.mu.Lock()
	tz, ok := s.tz[id]
	gone := s.gone[id]
	s.mu.Unlock()
	if !ok {
		tz = "Europe/Paris"
	}
	if gone == "unknown" || !userID.MatchString(id) {
		writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{
		"id": id, "name": strings.ToLower(id), "real_name": "Person " + id, "tz": tz, "deleted": gone == "deactivated",
		"profile": map[string]any{"display_name": "Person " + id, "real_name": "Person " + id},
	}})
}

func (s *Server) uploadURL(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if s.failure(w, "files.getUploadURLExternal") {
		return
	}
	name := r.Form.Get("filename")
	s.record(Call{Method: "files.getUploadURLExternal", Text: name})
	writeJSON(w, map[string]any{"ok": true, "upload_url": s.GetAPIURL() + "upload/" + url.PathEscape(name), "file_id": "F" + name})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	name, _ := url.PathUnescape(strings.TrimPrefix(r.URL.Path, "/upload/"))
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var b bytes.Buffer
	io.Copy(&b, f)
	s.mu.Lock()
	s.files[name] = b.Bytes()
	s.mu.Unlock()
	s.record(Call{Method: "upload", Text: name})
	io.WriteString(w, "OK")
}

func (s *Server) completeUpload(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	c := Call{Method: "files.completeUploadExternal", Channel: r.Form.Get("channel_id"), Text: r.Form.Get("files")}
	if s.failure(w, "files.completeUploadExternal") {
		return
	}
	s.record(c)
	var files []map[string]any
	json.Unmarshal([]byte(r.Form.Get("files")), &files)
	writeJSON(w, map[string]any{"ok": true, "files": files})
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, &body); err != nil {
		http.Error(w, "not JSON", http.StatusBadRequest)
		return
	}
	blocks, _ := json.Marshal(body["blocks"])
	text, _ := body["text"].(string)
	s.record(Call{Method: "response_url", Path: strings.TrimPrefix(r.URL.Path, "/response/"), Text: text, Blocks: blocks, Body: body})
	io.WriteString(w, "ok")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Signed builds a request as Slack sends it to the bot: the body signed
// with secret at the Unix time ts.
func Signed(tb testing.TB, target, secret string, ts time.Time, contentType string, body []byte) *http.Request {
	tb.Helper()
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", slackadapter.Sign(secret, stamp, body))
	return r
}

// triggers numbers the trigger ids: Slack gives every command and click its
// own, so no two requests the fake builds carry the same bytes (the bot
// refuses a signed request it has already received).
var triggers atomic.Int64

func triggerID() string {
	return fmt.Sprintf("13345224609.738474920.%019d", triggers.Add(1))
}

// Command is a slash command's form, as Slack sends it.
func Command(team, channel, user, text, responseURL string) url.Values {
	return url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {team}, "team_domain": {"jca"},
		"channel_id": {channel}, "channel_name": {"coordination"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/jca"}, "text": {text}, "response_url": {responseURL},
		"trigger_id": {triggerID()}, "api_app_id": {"A123456"},
	}
}

// BlockAction is a block_actions payload for a click on a button, as
// Slack sends it (form field "payload").
func BlockAction(team, channel, user, messageTS, actionID, value, responseURL string) url.Values {
	payload := map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"api_app_id": "A123456", "token": "gIkuvaNzQIHg97ATvDxqgjtO",
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false},
		"trigger_id":   triggerID(),
		"team":         map[string]any{"id": team, "domain": "jca"},
		"channel":      map[string]any{"id": channel, "name": "coordination"},
		"message":      map[string]any{"type": "message", "ts": messageTS, "text": "poll"},
		"response_url": responseURL,
		"actions": []map[string]any{{
			"action_id": actionID, "block_id": "b1", "type": "button", "value": value,
			"text": map[string]any{"type": "plain_text", "text": "Yes"}, "action_ts": "1900000001.000100",
		}},
	}
	js, _ := json.Marshal(payload)
	return url.Values{"payload": {string(js)}}
}
