package bolt

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("minutes of the last call, long enough to have a page header and more\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	data := filepath.Join(dir, "jca.db")
	db, err := Open(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]FileState{notes: NotData, empty: NotData, filepath.Join(dir, "missing"): NotData, data: DataInUse} {
		if got := Inspect(path); got != want {
			t.Errorf("Inspect(%s) = %d, want %d", filepath.Base(path), got, want)
		}
	}
	db.Close() // it keeps its index in the file
	before, _ := os.ReadFile(data)
	if got := Inspect(data); got != IdleData {
		t.Errorf("a closed data file: %d, want IdleData", got)
	}
	if after, _ := os.ReadFile(data); string(after) != string(before) {
		t.Error("Inspect changed the file")
	}
	if got := Inspect(notes); got != NotData {
		t.Errorf("notes after: %d", got)
	}
}
