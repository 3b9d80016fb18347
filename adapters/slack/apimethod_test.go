package slack

import (
	"net/http/httptest"
	"testing"
)

// Metrics name Slack's calls from a bounded set, never from ids in URLs.
func TestAPIMethod(t *testing.T) {
	for url, want := range map[string]string{
		"https://slack.com/api/chat.postMessage":                   "chat.postMessage",
		"http://127.0.0.1:4000/users.info":                         "users.info",
		"https://slack.com/api/files.getUploadURLExternal":         "files.getUploadURLExternal",
		"https://files.slack.com/upload/v1/CwABAAAAWQoAAZnoXLl8Jq": "file_upload",
		"https://hooks.slack.com/commands/T0JCA/123/abcDEF":        "response_url",
	} {
		if got := APIMethod(httptest.NewRequest("POST", url, nil)); got != want {
			t.Errorf("%s: %q, want %q", url, got, want)
		}
	}
}
