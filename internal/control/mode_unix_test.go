//go:build unix

package control

import (
	"io/fs"
	"os"
	"syscall"
	"testing"
)

// TestSocketMode checks the socket is 0600 even under a lax umask. It changes
// the process umask, so it must not run in parallel with other tests.
func TestSocketMode(t *testing.T) {
	tests := []struct {
		name  string
		umask int
	}{
		{"lax umask", 0},
		{"usual umask", 0o022},
		{"strict umask", 0o077},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			path := sockPath(t)
			s, err := Listen(testCtx(t), path, &fakeHandler{})
			syscall.Umask(old)
			if err != nil {
				t.Fatalf("Listen: %v", err)
			}
			defer s.Close(testCtx(t))
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Type() != fs.ModeSocket {
				t.Errorf("%s is %v, want a socket", path, fi.Mode().Type())
			}
			if perm := fi.Mode().Perm(); perm != 0o600 {
				t.Errorf("socket mode = %o, want 600", perm)
			}
		})
	}
}
