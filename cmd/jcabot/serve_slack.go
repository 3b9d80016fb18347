package main

// slackFactory is written with the Slack adapter (placeholder while it is).
func slackFactory() adapterFactory {
	return adapterFactory{name: "Slack", vars: []string{"SLACK_BOT_TOKEN"}, build: nil}
}
