package mattermost

import (
	"net/http/httptest"
	"testing"
)

// Metrics name Mattermost's calls by route, with ids and names replaced.
func TestAPIRoute(t *testing.T) {
	for _, c := range []struct{ method, url, want string }{
		{"POST", "https://chat.example.org/api/v4/posts", "POST /api/v4/posts"},
		{"PUT", "https://chat.example.org/api/v4/posts/8xk1hz3eqjbyfmtb7yw5c4dqwe", "PUT /api/v4/posts/{id}"},
		{"GET", "https://chat.example.org/api/v4/users/username/alice", "GET /api/v4/users/username/{name}"},
		{"GET", "https://chat.example.org/api/v4/users/me", "GET /api/v4/users/me"},
		{"GET", "https://chat.example.org/api/v4/teams/name/jca", "GET /api/v4/teams/name/{name}"},
	} {
		if got := APIRoute(httptest.NewRequest(c.method, c.url, nil)); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.url, got, c.want)
		}
	}
}
