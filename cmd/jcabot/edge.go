package main

import (
	"net/http"
	"time"
)

// edgeLimits bound what one connection may hold of the HTTP server, so that
// slow or idle clients cannot pile up: a request must arrive whole within
// Request, and a keep-alive connection with nothing to do is closed after
// Idle.
type edgeLimits struct {
	Header  time.Duration // to read a request's headers
	Request time.Duration // to read a whole request, headers and body
	Write   time.Duration // to write the answer, from the end of the headers
	Idle    time.Duration // a keep-alive connection waiting for its next request
	// MaxHeaderBytes bounds a request's headers; bodies are bounded by
	// each adapter (Slack and Mattermost requests are a few kilobytes).
	MaxHeaderBytes int
}

// serveLimits are jcabot serve's. Slack and Mattermost send a whole request
// at once and want the answer within 3 seconds (Slack) or about 30
// (Mattermost), so nothing they send is cut; a client sending a body a byte
// at a time is, after 10 seconds.
var serveLimits = edgeLimits{
	Header:         5 * time.Second,
	Request:        10 * time.Second,
	Write:          60 * time.Second,
	Idle:           30 * time.Second,
	MaxHeaderBytes: 32 << 10,
}

// edgeServer is the HTTP server for h, within lim.
func edgeServer(h http.Handler, lim edgeLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.Header,
		ReadTimeout:       lim.Request,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
	}
}
