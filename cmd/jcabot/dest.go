package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/control"
)

// Where backup and export may write. Both write a temporary file next to the
// destination and rename it into place, so a failed write leaves the
// destination as it was; this file decides, before anything is written,
// whether the destination may be replaced at all. Nothing an operator types
// may replace the data file, its control socket, any bbolt file a process
// holds open, or (for a report) a data file or backup.

// stdoutName is the destination that means standard output.
const stdoutName = "-"

// destKind is what a command writes, for the rules on what it may replace.
type destKind int

const (
	destBackup destKind = iota // a copy of the data file: may replace an older copy
	destExport                 // a report or JSON: may replace any regular file but a data file
)

// checkDest says why dest may not be written by a command of kind, or "" when
// it may. example is a destination to suggest instead.
func (m *Main) checkDest(dest string, kind destKind, example string) string {
	switch {
	case dest == "":
		return "give the file to write, e.g. " + example
	case dest == stdoutName:
		return ""
	case strings.HasPrefix(dest, "-"):
		return fmt.Sprintf("%q is not an option here; to name a file that begins with -, write ./%s", dest, dest)
	}
	data, sock := m.cfg.DataPath, control.SocketPath(m.cfg.DataPath)
	if samePath(dest, data) {
		return fmt.Sprintf("%s is the bot's data file: writing over it would destroy the register. Choose another name, e.g. %s", dest, example)
	}
	if samePath(dest, sock) {
		return fmt.Sprintf("%s is the running bot's control socket, not a file to write. Choose another name, e.g. %s", dest, example)
	}
	st, err := os.Stat(dest)
	if os.IsNotExist(err) {
		if dir := filepath.Dir(dest); !isDir(dir) {
			return fmt.Sprintf("the folder %s does not exist; create it first, or choose another place, e.g. %s", dir, example)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("cannot look at %s (%s); choose another name, e.g. %s", dest, plainError(err), example)
	}
	if st.IsDir() {
		return fmt.Sprintf("%s is a folder; give a file name, e.g. %s", dest, filepath.Join(dest, filepath.Base(example)))
	}
	if !st.Mode().IsRegular() {
		return fmt.Sprintf("%s is not a regular file; choose another name, e.g. %s", dest, example)
	}
	state := bolt.Inspect(dest)
	switch {
	case state == bolt.DataInUse:
		return fmt.Sprintf("%s is the data file of a running jcabot (or another program's open database): writing over it would destroy it. Choose another name, e.g. %s", dest, example)
	case kind == destExport && state == bolt.IdleData:
		return fmt.Sprintf("%s is a jcabot data file or backup: the export would replace it. Choose another name, e.g. %s", dest, example)
	case kind == destBackup && state == bolt.NotData && st.Size() > 0:
		return fmt.Sprintf("%s exists and is not a jcabot backup: the backup would replace it. Remove it first, or choose another name, e.g. %s", dest, example)
	}
	return ""
}

// samePath reports whether a and b name the same file: the same file on
// disk when both exist (whatever links or spellings lead there), else the
// same absolute path.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// plainError is an operating-system error without the Go wrapping ("open
// x: "), for a sentence of ours.
func plainError(err error) string {
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// writeAtomically writes what write produces to dest through a temporary
// file renamed into place, or to out when dest is stdoutName. A failed write
// leaves dest untouched.
func writeAtomically(dest string, out io.Writer, write func(io.Writer) (int64, error)) (int64, error) {
	if dest == stdoutName {
		return write(out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".jcabot-"+filepath.Base(dest)+"-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dest)
	}
	return n, err
}
