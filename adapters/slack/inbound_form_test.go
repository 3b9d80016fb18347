package slack

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// The one-pass reading of a slash command's form agrees with url.ParseQuery
// on every field, escapes included, and refuses what it refuses.
func TestSlashCommandFormMatchesParseQuery(t *testing.T) {
	full := url.Values{
		"token": {"x"}, "team_id": {"T0JCA"}, "team_domain": {"itu-jca"}, "enterprise_id": {"E1"},
		"channel_id": {"C1"}, "channel_name": {"jca res 178"}, "user_id": {"U1"}, "user_name": {"anne.o'neil"},
		"command": {"/jca"}, "text": {`activity add SG13 "Réseaux & <b>IMT-2030</b> + 100% = ok"`},
		"response_url": {"https://hooks.slack.com/commands/T0JCA/1/abc?x=1&y=2"},
		"trigger_id":   {"1.2.3"}, "api_app_id": {"A1"},
	}
	bodies := []string{
		full.Encode(),
		"text=a+b%2Bc&user_id=U1",
		"user_id=U1&text=",
		"text",
		"",
		"&&user_id=U2&",
		"ssl_check=1&token=x",
		"te%78t=escaped+key&user_id=U3",
	}
	for _, body := range bodies {
		want, err := url.ParseQuery(body)
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		got, ssl, err := slashCommand(body)
		if err != nil {
			t.Fatalf("%q: refused: %v", body, err)
		}
		if ssl != (want.Get("ssl_check") == "1") {
			t.Errorf("%q: ssl_check %v", body, ssl)
		}
		exp := slack.SlashCommand{TeamID: want.Get("team_id"), TeamDomain: want.Get("team_domain"), EnterpriseID: want.Get("enterprise_id"),
			ChannelID: want.Get("channel_id"), ChannelName: want.Get("channel_name"), UserID: want.Get("user_id"), UserName: want.Get("user_name"),
			Command: want.Get("command"), Text: want.Get("text"), ResponseURL: want.Get("response_url"), TriggerID: want.Get("trigger_id"), APIAppID: want.Get("api_app_id")}
		g, _ := json.Marshal(got)
		e, _ := json.Marshal(exp)
		if string(g) != string(e) {
			t.Errorf("%q:\n got %s\nwant %s", body, g, e)
		}
	}
	for _, bad := range []string{"text=%zz", "text=a;b", "user_id=U1&te%x=1"} {
		if _, err := url.ParseQuery(bad); err == nil {
			t.Fatalf("%q: url.ParseQuery accepts it", bad)
		}
		if _, _, err := slashCommand(bad); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: accepted", bad)
		}
	}
}
