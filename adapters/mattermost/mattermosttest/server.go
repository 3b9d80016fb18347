// Package mattermosttest is a fake Mattermost REST API (/api/v4/...) for
// tests, driven through the real model.Client4. It keeps the posts, users,
// teams and slash commands it is given or sent, records every call, can be
// told to fail the next calls of a route (a 429 with Retry-After, a 5xx,
// a 403), and behaves like a real server where the bot depends on it
// (protocols.md, "Observed on a real Mattermost server"): a bot's new post
// gets props.from_bot = "true"; an update replaces the props with those
// sent; the posts it returns have their actions' integrations stripped,
// keeping id, type, name and style; a bot that is not a member of a
// channel (KickBot) is refused with 403; a create whose pending_post_id
// was seen in the last 30 seconds returns the post already made.
package mattermosttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// Call is one recorded API call.
type Call struct {
	Route   string // "POST /posts", "PUT /posts/{id}", "GET /users/{id}"...
	At      time.Time
	Status  int
	Post    *model.Post    // the post sent (create, update), as received
	Command *model.Command // the command sent (create, update)
}

// pendingPost is a pending_post_id the server saw, and when.
type pendingPost struct {
	id string
	at time.Time
}

// pendingPostTTL is how long the server remembers a pending_post_id.
const pendingPostTTL = 30 * time.Second

// failure is a canned refusal of the next call of a route. lost means the
// call is carried out but its answer lost on the way back (a 504 from a
// proxy).
type failure struct {
	status     int
	retryAfter string
	lost       bool
}

// Server is the fake API.
type Server struct {
	*httptest.Server
	// BotToken and AdminToken are the accepted bearer tokens; slash
	// command routes need AdminToken.
	BotToken, AdminToken string
	Bot                  *model.User
	// Now stamps recorded calls (a test's fake clock); time.Now if nil.
	Now func() time.Time

	mu       sync.Mutex
	users    map[string]*model.User
	teams    map[string]*model.Team
	commands []*model.Command
	posts    map[string]*model.Post
	pending  map[string]pendingPost // pending_post_id → the post made
	kicked   map[string]bool        // channels the bot is not a member of
	files    map[string][]byte
	calls    []Call
	fail     map[string][]failure
}

// NewServer starts a fake server with a bot account "jcabot".
func NewServer() *Server {
	s := &Server{
		BotToken: "bot-token-" + model.NewId(), AdminToken: "admin-token-" + model.NewId(),
		users: map[string]*model.User{}, teams: map[string]*model.Team{}, posts: map[string]*model.Post{},
		pending: map[string]pendingPost{}, kicked: map[string]bool{},
		files: map[string][]byte{}, fail: map[string][]failure{},
	}
	s.Bot = &model.User{Id: model.NewId(), Username: "jcabot", IsBot: true}
	s.users[s.Bot.Id] = s.Bot
	mux := http.NewServeMux()
	route := func(pattern, name string, admin bool, h func(w http.ResponseWriter, r *http.Request) (int, Call)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			s.serve(w, r, name, admin, h)
		})
	}
	route("POST /api/v4/posts", "POST /posts", false, s.createPost)
	route("PUT /api/v4/posts/{id}", "PUT /posts/{id}", false, s.updatePost)
	route("GET /api/v4/users/me", "GET /users/me", false, s.getMe)
	route("GET /api/v4/users/{id}", "GET /users/{id}", false, s.getUser)
	route("GET /api/v4/users/username/{name}", "GET /users/username/{name}", false, s.getUserByName)
	route("POST /api/v4/files", "POST /files", false, s.uploadFile)
	route("POST /api/v4/channels/direct", "POST /channels/direct", false, s.directChannel)
	route("GET /api/v4/teams/name/{name}", "GET /teams/name/{name}", true, s.getTeam)
	route("GET /api/v4/commands", "GET /commands", true, s.listCommands)
	route("POST /api/v4/commands", "POST /commands", true, s.createCommand)
	route("PUT /api/v4/commands/{id}", "PUT /commands/{id}", true, s.updateCommand)
	s.Server = httptest.NewServer(mux)
	return s
}

// Client returns a model.Client4 on the server with a token.
func (s *Server) Client(token string) *model.Client4 {
	c := model.NewAPIv4Client(s.URL)
	c.SetToken(token)
	return c
}

// AddUser adds an account (an id is made when empty) and returns it.
func (s *Server) AddUser(u *model.User) *model.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.Id == "" {
		u.Id = model.NewId()
	}
	s.users[u.Id] = u
	return u
}

// Member makes sure the server has an account with the id, as it has for
// anyone who can type a command or click a button in one of its channels:
// the one added earlier, else a new one named after the id. A request from
// an id never added this way nor by AddUser is from no account, and the
// server answers 404 for it, as a real server does.
func (s *Server) Member(id string) *model.User {
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if ok {
		return u
	}
	name := id
	if len(name) > 8 {
		name = name[:8]
	}
	return s.AddUser(&model.User{Id: id, Username: "user-" + strings.ToLower(name)})
}

// PostCount is how many posts a channel holds.
func (s *Server) PostCount(channelID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.posts {
		if p.ChannelId == channelID {
			n++
		}
	}
	return n
}

// KickBot takes the bot out of a channel: its posts there are refused with
// 403 api.context.permissions.app_error, public channel or not.
func (s *Server) KickBot(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kicked[channelID] = true
}

// AddTeam adds a team by name and returns it.
func (s *Server) AddTeam(name string) *model.Team {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &model.Team{Id: model.NewId(), Name: name, DisplayName: name}
	s.teams[name] = t
	return t
}

// FailNext makes the next call of route answer status (with Retry-After
// when retryAfter is not empty), once.
func (s *Server) FailNext(route string, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[route] = append(s.fail[route], failure{status: status, retryAfter: retryAfter})
}

// LoseNextAnswer has the next call of route carried out, and its answer
// lost: the caller gets 504 although the server did what was asked.
func (s *Server) LoseNextAnswer(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[route] = append(s.fail[route], failure{lost: true})
}

// Calls returns the recorded calls of a route ("" for all), in order.
func (s *Server) Calls(route string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if route == "" || c.Route == route {
			out = append(out, c)
		}
	}
	return out
}

// StoredPost returns the post as the server keeps it (integrations
// included), nil if unknown.
func (s *Server) StoredPost(id string) *model.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.posts[id]; ok {
		return deepCopy(p)
	}
	return nil
}

// Commands returns the slash commands created.
func (s *Server) Commands() []*model.Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*model.Command(nil), s.commands...)
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, name string, admin bool, h func(http.ResponseWriter, *http.Request) (int, Call)) {
	tok, ok := strings.CutPrefix(r.Header.Get(model.HeaderAuth), model.HeaderBearer+" ")
	s.mu.Lock()
	var f *failure
	if q := s.fail[name]; len(q) > 0 {
		f, s.fail[name] = &q[0], q[1:]
	}
	s.mu.Unlock()
	status, call := 0, Call{}
	switch {
	case !ok || (tok != s.BotToken && tok != s.AdminToken):
		status = http.StatusUnauthorized
		writeError(w, status, "api.context.session_expired.app_error")
	case admin && tok != s.AdminToken:
		status = http.StatusForbidden
		writeError(w, status, "api.context.permissions.app_error")
	case f != nil && f.lost:
		status, call = h(httptest.NewRecorder(), r)
		status = http.StatusGatewayTimeout
		writeError(w, status, "fake.answer_lost")
	case f != nil && f.status == http.StatusTooManyRequests:
		status = f.status
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "0")
		http.Error(w, "limit exceeded", status) // the real limiter's body is not JSON
	case f != nil:
		status = f.status
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		writeError(w, status, "fake.failure")
	default:
		status, call = h(w, r)
	}
	call.Route, call.At, call.Status = name, s.now(), status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()
}

func writeError(w http.ResponseWriter, status int, id string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(&model.AppError{Id: id, Message: http.StatusText(status), StatusCode: status})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
	return status
}

// stripped is a post as the server returns it: each action reduced to its
// id, type, name and style.
func stripped(p *model.Post) *model.Post {
	c := deepCopy(p)
	atts := c.Attachments()
	if len(atts) == 0 {
		return c
	}
	for _, att := range atts {
		for i, a := range att.Actions {
			att.Actions[i] = &model.PostAction{Id: a.Id, Type: a.Type, Name: a.Name, Style: a.Style}
		}
	}
	c.AddProp(model.PostPropsAttachments, atts)
	return c
}

// deepCopy copies a post through JSON, so no attachment is shared.
func deepCopy(p *model.Post) *model.Post {
	var c model.Post
	data, err := json.Marshal(p)
	if err == nil {
		err = json.Unmarshal(data, &c)
	}
	if err != nil { // cannot happen for a post the server decoded itself
		return p.Clone()
	}
	return &c
}

// withActionIDs gives every action an id, as the server does.
func withActionIDs(p *model.Post) {
	atts := p.Attachments()
	if len(atts) == 0 {
		return
	}
	for _, att := range atts {
		for _, a := range att.Actions {
			if a.Id == "" {
				a.Id = model.NewId()
			}
		}
	}
	p.AddProp(model.PostPropsAttachments, atts)
}

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) (int, Call) {
	var p model.Post
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || p.ChannelId == "" {
		writeError(w, http.StatusBadRequest, "api.post.create_post.bad_request")
		return http.StatusBadRequest, Call{}
	}
	if len([]rune(p.Message)) > model.PostMessageMaxRunesV2 {
		writeError(w, http.StatusBadRequest, "model.post.is_valid.message_length.app_error")
		return http.StatusBadRequest, Call{}
	}
	sent := deepCopy(&p)
	now := s.now()
	s.mu.Lock()
	if s.kicked[p.ChannelId] {
		s.mu.Unlock()
		writeError(w, http.StatusForbidden, "api.context.permissions.app_error")
		return http.StatusForbidden, Call{Post: sent}
	}
	if seen, ok := s.pending[p.PendingPostId]; ok && p.PendingPostId != "" && now.Sub(seen.at) < pendingPostTTL {
		made := s.posts[seen.id]
		s.mu.Unlock()
		return writeJSON(w, http.StatusCreated, stripped(made)), Call{Post: sent}
	}
	s.mu.Unlock()
	p.Id, p.UserId, p.CreateAt = model.NewId(), s.Bot.Id, model.GetMillis()
	p.AddProp(model.PostPropsFromBot, "true")
	withActionIDs(&p)
	s.mu.Lock()
	s.posts[p.Id] = deepCopy(&p)
	if p.PendingPostId != "" {
		s.pending[p.PendingPostId] = pendingPost{id: p.Id, at: now}
	}
	s.mu.Unlock()
	return writeJSON(w, http.StatusCreated, stripped(&p)), Call{Post: sent}
}

func (s *Server) updatePost(w http.ResponseWriter, r *http.Request) (int, Call) {
	id := r.PathValue("id")
	var p model.Post
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || p.Id != id {
		writeError(w, http.StatusBadRequest, "api.post.update_post.bad_request")
		return http.StatusBadRequest, Call{}
	}
	sent := deepCopy(&p)
	s.mu.Lock()
	old, ok := s.posts[id]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "app.post.get.app_error")
		return http.StatusNotFound, Call{Post: sent}
	}
	if old.UserId != s.Bot.Id {
		writeError(w, http.StatusForbidden, "api.post.update_post.permissions_details.app_error")
		return http.StatusForbidden, Call{Post: sent}
	}
	p.UserId, p.ChannelId, p.CreateAt, p.EditAt = old.UserId, old.ChannelId, old.CreateAt, model.GetMillis()
	withActionIDs(&p)
	s.mu.Lock()
	s.posts[id] = deepCopy(&p)
	s.mu.Unlock()
	return writeJSON(w, http.StatusOK, stripped(&p)), Call{Post: sent}
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) (int, Call) {
	return writeJSON(w, http.StatusOK, s.Bot), Call{}
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) (int, Call) {
	s.mu.Lock()
	u, ok := s.users[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "app.user.missing_account.const")
		return http.StatusNotFound, Call{}
	}
	return writeJSON(w, http.StatusOK, u), Call{}
}

func (s *Server) getUserByName(w http.ResponseWriter, r *http.Request) (int, Call) {
	name := strings.ToLower(r.PathValue("name"))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Username == name {
			return writeJSON(w, http.StatusOK, u), Call{}
		}
	}
	writeError(w, http.StatusNotFound, "app.user.missing_account.const")
	return http.StatusNotFound, Call{}
}

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) (int, Call) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeError(w, http.StatusBadRequest, "api.file.upload_file.bad_request")
		return http.StatusBadRequest, Call{}
	}
	res := &model.FileUploadResponse{}
	for _, fh := range r.MultipartForm.File["files"] {
		f, err := fh.Open()
		if err != nil {
			continue
		}
		data, _ := io.ReadAll(f)
		f.Close()
		info := &model.FileInfo{Id: model.NewId(), Name: fh.Filename, Size: int64(len(data))}
		s.mu.Lock()
		s.files[info.Id] = data
		s.mu.Unlock()
		res.FileInfos = append(res.FileInfos, info)
	}
	return writeJSON(w, http.StatusCreated, res), Call{}
}

// File returns an uploaded file's content.
func (s *Server) File(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.files[id]
	return d, ok
}

func (s *Server) directChannel(w http.ResponseWriter, r *http.Request) (int, Call) {
	var ids []string
	if err := json.NewDecoder(r.Body).Decode(&ids); err != nil || len(ids) != 2 {
		writeError(w, http.StatusBadRequest, "api.channel.create_direct_channel.bad_request")
		return http.StatusBadRequest, Call{}
	}
	return writeJSON(w, http.StatusCreated, &model.Channel{Id: "dm" + ids[0][:8] + ids[1][:8], Type: model.ChannelTypeDirect}), Call{}
}

func (s *Server) getTeam(w http.ResponseWriter, r *http.Request) (int, Call) {
	s.mu.Lock()
	t, ok := s.teams[r.PathValue("name")]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "app.team.get_by_name.missing.app_error")
		return http.StatusNotFound, Call{}
	}
	return writeJSON(w, http.StatusOK, t), Call{}
}

func (s *Server) listCommands(w http.ResponseWriter, r *http.Request) (int, Call) {
	team := r.URL.Query().Get("team_id")
	s.mu.Lock()
	var out []*model.Command
	for _, c := range s.commands {
		if c.TeamId == team {
			out = append(out, c)
		}
	}
	s.mu.Unlock()
	if out == nil {
		out = []*model.Command{}
	}
	return writeJSON(w, http.StatusOK, out), Call{}
}

func (s *Server) createCommand(w http.ResponseWriter, r *http.Request) (int, Call) {
	var c model.Command
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.Trigger == "" || c.TeamId == "" {
		writeError(w, http.StatusBadRequest, "api.command.create.bad_request")
		return http.StatusBadRequest, Call{}
	}
	sent := c
	s.mu.Lock()
	for _, x := range s.commands {
		if x.TeamId == c.TeamId && x.Trigger == c.Trigger {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "api.command.duplicate_trigger.app_error")
			return http.StatusBadRequest, Call{Command: &sent}
		}
	}
	c.Id, c.Token, c.CreateAt = model.NewId(), model.NewId(), model.GetMillis()
	stored := c
	s.commands = append(s.commands, &stored)
	s.mu.Unlock()
	return writeJSON(w, http.StatusCreated, &c), Call{Command: &sent}
}

func (s *Server) updateCommand(w http.ResponseWriter, r *http.Request) (int, Call) {
	var c model.Command
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.Id != r.PathValue("id") {
		writeError(w, http.StatusBadRequest, "api.command.update.bad_request")
		return http.StatusBadRequest, Call{}
	}
	sent := c
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.commands {
		if x.Id == c.Id {
			c.Token, c.UpdateAt = x.Token, model.GetMillis()
			stored := c
			s.commands[i] = &stored
			return writeJSON(w, http.StatusOK, &c), Call{Command: &sent}
		}
	}
	writeError(w, http.StatusNotFound, "app.command.get.missing.app_error")
	return http.StatusNotFound, Call{Command: &sent}
}

// Sprint is a helper for failure messages: a post's text and attachments.
func Sprint(p *model.Post) string {
	if p == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString(p.Message)
	for i, att := range p.Attachments() {
		b.WriteString("\n[attachment " + strconv.Itoa(i) + "] " + att.Text)
		for _, a := range att.Actions {
			fmt.Fprintf(&b, " {%s}", a.Name)
		}
	}
	return b.String()
}
