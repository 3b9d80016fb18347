package commands

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Each room reaches the store through its own narrow interface (xStore in
// its main file): none calls the whole store directly, so what a room uses
// is written down and checked by the compiler.
func TestRoomsUseTheirOwnStore(t *testing.T) {
	direct := regexp.MustCompile(`\bd\.Store\.[A-Z]`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if direct.MatchString(line) {
				t.Errorf("%s:%d reaches the whole store: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
