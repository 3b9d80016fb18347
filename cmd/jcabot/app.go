package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jcabot/jcabot/adapters/console"
	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/config"
	"github.com/jcabot/jcabot/internal/control"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/schedule"
)

// Exit codes.
const (
	exitOK      = 0
	exitRefused = 1 // the command was refused, or the program failed
	exitUsage   = 2 // jcabot itself was called wrongly
)

// FilesDir is where the console writes attachments.
const FilesDir = "jcabot-files"

// Main is the program, with its I/O injectable for tests.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// Interactive forces the console's terminal mode; nil detects it.
	Interactive *bool

	cfg *config.Config
	log *slog.Logger
}

// NewMain returns a Main on the process's own I/O.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

const usage = `jcabot: the JCA-Res.178 coordination bot

Usage:
  jcabot [console] [--as NAME] [--channel NAME]   open the console (the default)
  jcabot exec [--as NAME] [--channel NAME] "activity list"
                                                  run one command; exit 1 if refused
  jcabot serve                                    serve Slack and Mattermost (see the README)
  jcabot slack-manifest [--url URL] [--socket-mode]
                                                  print the Slack app manifest (YAML)
  jcabot mattermost-setup --team NAME [--url URL]
                                                  create the /jca command in a Mattermost team; print its token
  jcabot backup FILE                              write a consistent copy of the data file
  jcabot export --format md|csv|html|json --out FILE [--since DAY] [--until DAY]
                                                  write the report to TSAG, or the whole register as JSON
  jcabot import FILE.json                         rebuild an exported register into an empty data file
  jcabot docs [--readme README.md]                print the command reference, or update the README's copy
  jcabot help                                     this text

Settings come from the environment: JCABOT_DATA, JCABOT_CONFIG, JCABOT_CHAIRS,
JCABOT_LANG, JCABOT_TZ (see the README).
`

// Run runs the subcommand named by args and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	verb := "console"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	if verb == "help" || verb == "--help" || verb == "-h" {
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	cfg, err := config.Load(m.Getenv)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitUsage
	}
	m.cfg = cfg
	m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	switch verb {
	case "console":
		return m.console(ctx, args)
	case "exec":
		return m.exec(ctx, args)
	case "backup":
		return m.backup(ctx, args)
	case "docs":
		return m.docs(args)
	case "export":
		return m.export(ctx, args)
	case "import":
		return m.importRegister(ctx, args)
	case "serve":
		return m.serve(ctx, args)
	case "slack-manifest":
		return m.slackManifest(args)
	case "mattermost-setup":
		return m.mattermostSetup(ctx, args)
	}
	fmt.Fprintf(m.Stderr, "jcabot: unknown command %q\n\n%s", verb, usage)
	return exitUsage
}

// personFlags adds --as and --channel to a flag set.
func personFlags(fs *flag.FlagSet) (as, channel *string) {
	as = fs.String("as", "", "act as console:NAME (default console:local, a chair)")
	channel = fs.String("channel", "general", "the console channel")
	return as, channel
}

func consolePerson(as string) bot.Person {
	if as == "" {
		return bot.Person{ID: commands.LocalOperator, Name: "local"}
	}
	return bot.Person{ID: bot.NewIdentity(bot.Console, as), Name: as}
}

func (m *Main) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("jcabot "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

// openStore opens the data file and builds the command router on it. When
// another jcabot holds the file, the error names its pid.
func (m *Main) openStore(ctx context.Context, lockTimeout time.Duration) (*bolt.DB, *commands.Router, error) {
	if dir := filepath.Dir(m.cfg.DataPath); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, nil, err
		}
	}
	db, err := bolt.Open(ctx, m.cfg.DataPath, bolt.Options{LockTimeout: lockTimeout, Vocabulary: m.cfg.Vocabulary})
	if errors.Is(err, bolt.ErrLocked) {
		return nil, nil, m.inUse(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	cat, err := i18n.Default()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	r, err := commands.NewRouter(commands.Deps{
		Store: db, Vocab: m.cfg.Vocabulary, Catalog: cat, Chairs: m.cfg.Chairs,
		DefaultLang: m.cfg.Lang, DefaultTZ: m.cfg.TZ, Log: m.log,
	})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, r, nil
}

// inUse builds the error for a data file held by someone else.
func (m *Main) inUse(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if c, err := control.Dial(ctx, control.SocketPath(m.cfg.DataPath)); err == nil {
		defer c.Close()
		if pid, err := c.Hello(ctx); err == nil {
			return fmt.Errorf("%s is in use by another jcabot (pid %d)", m.cfg.DataPath, pid)
		}
	}
	return fmt.Errorf("%s is in use by another process", m.cfg.DataPath)
}

// controlHandler serves exec and backup for the process that owns the store.
type controlHandler struct {
	h   bot.Handler
	db  *bolt.DB
	now func() time.Time
}

func (c controlHandler) Exec(ctx context.Context, req control.ExecRequest) bot.Reply {
	return c.h.Handle(ctx, console.NewRequest(req.Person, req.Channel, req.Text, c.now()))
}

func (c controlHandler) Backup(ctx context.Context, w io.Writer) (int64, error) {
	return c.db.Backup(ctx, w)
}

func (m *Main) console(ctx context.Context, args []string) int {
	fs := m.newFlagSet("console")
	as, channel := personFlags(fs)
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitUsage
	}
	db, router, err := m.openStore(ctx, time.Second)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	defer db.Close()
	srv, err := control.Listen(ctx, control.SocketPath(m.cfg.DataPath), controlHandler{router, db, m.Now})
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Close(cctx)
	}()
	interactive := isTerminal(m.Stdin) && isTerminal(m.Stdout)
	if m.Interactive != nil {
		interactive = *m.Interactive
	}
	con := &console.Console{
		Handler:     router,
		In:          m.Stdin,
		Out:         m.Stdout,
		Person:      consolePerson(*as),
		Channel:     bot.NewChannelID(bot.Console, "", *channel),
		Interactive: interactive,
		FilesDir:    FilesDir,
		Now:         m.Now,
	}
	// The console is a chat platform of its own: reminders and digests for
	// console channels print here as they happen.
	dispatcher := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Console: con},
		Log: func(msg string, args ...any) { m.log.Warn(msg, args...) }}
	runner := &schedule.Runner{Now: m.Now, Log: m.log, Pass: schedule.Pass{
		Tick:    func(ctx context.Context, now time.Time) error { return router.Tick(ctx, db, now) },
		Deliver: dispatcher.Deliver,
	}}
	if err := runner.Start(ctx); err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		runner.Stop(sctx)
	}()
	if interactive {
		fmt.Fprintf(m.Stdout, "jcabot console on %s, channel #%s, as %s. Type help, or quit to leave.\n",
			m.cfg.DataPath, *channel, con.Person.ID)
	}
	if err := con.Run(ctx); err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	return exitOK
}

func (m *Main) exec(ctx context.Context, args []string) int {
	fs := m.newFlagSet("exec")
	as, channel := personFlags(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(m.Stderr, `jcabot exec: give the command, e.g. jcabot exec "activity list"`)
		return exitUsage
	}
	req := control.ExecRequest{
		Person:  consolePerson(*as),
		Channel: bot.NewChannelID(bot.Console, "", *channel),
		Text:    strings.Join(fs.Args(), " "),
	}
	rep, err := m.execute(ctx, req)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	out := &console.Console{Out: m.Stdout, Channel: req.Channel, FilesDir: FilesDir}
	out.Print(rep)
	if rep.Refused {
		return exitRefused
	}
	return exitOK
}

// execute runs one command in the process that owns the store, or on the
// file itself when nobody holds it.
func (m *Main) execute(ctx context.Context, req control.ExecRequest) (bot.Reply, error) {
	sock := control.SocketPath(m.cfg.DataPath)
	for attempt := 0; attempt < 2; attempt++ {
		if c, err := control.Dial(ctx, sock); err == nil {
			defer c.Close()
			return c.Exec(ctx, req)
		}
		db, router, err := m.openStore(ctx, time.Second)
		if err != nil {
			if attempt == 0 && strings.Contains(err.Error(), "in use") {
				continue // the owner may just be starting its socket
			}
			return bot.Reply{}, err
		}
		defer db.Close()
		return controlHandler{router, db, m.Now}.Exec(ctx, req), nil
	}
	return bot.Reply{}, m.inUse(ctx)
}

func (m *Main) backup(ctx context.Context, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(m.Stderr, "jcabot backup: give the file to write, e.g. jcabot backup jca-2026-11-25.db")
		return exitUsage
	}
	dest := args[0]
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".jcabot-backup-*")
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitRefused
	}
	defer os.Remove(tmp.Name())
	n, err := m.writeBackup(ctx, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dest)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: backup: %v\n", err)
		return exitRefused
	}
	fmt.Fprintf(m.Stdout, "wrote %s (%d bytes)\n", dest, n)
	return exitOK
}

func (m *Main) writeBackup(ctx context.Context, w io.Writer) (int64, error) {
	if c, err := control.Dial(ctx, control.SocketPath(m.cfg.DataPath)); err == nil {
		defer c.Close()
		return c.Backup(ctx, w)
	}
	db, _, err := m.openStore(ctx, time.Second)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return db.Backup(ctx, w)
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
