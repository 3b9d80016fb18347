module github.com/jcabot/jcabot

go 1.26.8

require (
	github.com/robfig/cron/v3 v3.0.1
	go.etcd.io/bbolt v1.5.0
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.45.0 // indirect
