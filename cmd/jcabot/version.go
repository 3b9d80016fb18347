package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, set at link time by make build
// (-ldflags "-X main.version=..."); empty in a plain go build.
var version string

// buildVersion is the line jcabot version prints: the release (or "devel"),
// the commit it was built from and whether the tree had changes, and Go's
// version.
func buildVersion() string {
	v, commit := buildStamp()
	line := "jcabot " + v
	if commit != "" {
		line += " (" + commit + ")"
	}
	return fmt.Sprintf("%s %s %s/%s", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// buildStamp is the release (or "devel") and the commit the binary was
// built from, shortened, with "+changes" when the tree had changes ("" when
// Go stamped no VCS information). It reads the build information Go stamps
// into every binary.
func buildStamp() (v, commit string) {
	v, modified := version, false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit != "" && modified {
		commit += "+changes"
	}
	return v, commit
}
