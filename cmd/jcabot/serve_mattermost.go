package main

// mattermostFactory is written with the Mattermost adapter (placeholder while it is).
func mattermostFactory() adapterFactory {
	return adapterFactory{name: "Mattermost", vars: []string{"MATTERMOST_URL"}, build: nil}
}
