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
	"sync/atomic"
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
	exitStore   = 3 // the data file could not be opened, or the bot holding it did not answer
)

// storeError is a failure to open the data file or to reach the bot that
// holds it: exit code exitStore. Its text is the failure's own.
type storeError struct{ err error }

func (e storeError) Error() string { return e.err.Error() }
func (e storeError) Unwrap() error { return e.err }

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
	// Interrupts delivers Ctrl-C (SIGINT). It stops every subcommand, as
	// SIGTERM does, except the console at a terminal, whose prompt takes it
	// (a hint, then quit on the second). nil: Ctrl-C is not watched.
	Interrupts <-chan os.Signal
	// toPrompt, once set, is where Interrupts go instead of stopping Run.
	toPrompt atomic.Pointer[chan os.Signal]

	cfg *config.Config
	log *slog.Logger
	// observe, when set before openStore, is the router's Deps.Observe.
	observe func(commands.Handled)
}

// NewMain returns a Main on the process's own I/O.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

const usage = `jcabot: the JCA-Res.178 coordination bot

Usage:
  jcabot [console] [--as NAME] [--channel NAME]   open the console (the default)
  jcabot exec [--as NAME] [--channel NAME] [--timeout 30s] "activity list"
                                                  run one command; exit 1 if refused
  jcabot serve                                    serve Slack and Mattermost (see the README)
  jcabot slack-manifest [--url URL] [--socket-mode]
                                                  print the Slack app manifest (YAML)
  jcabot mattermost-setup --team NAME [--url URL]
                                                  create the /jca command in a Mattermost team; print its token
  jcabot backup [--timeout 30s] FILE              write a consistent copy of the data file (- for stdout)
  jcabot export --format md|csv|html|json --out FILE [--since DAY] [--until DAY] [--timeout 30s]
                                                  write the report to TSAG, or the whole register as JSON
  jcabot import FILE.json                         rebuild an exported register into an empty data file
  jcabot docs [--readme README.md]                print the command reference, or update the README's copy
  jcabot help                                     this text (also --help, -h)
  jcabot version                                  the build's version (also --version)

Each command takes --help for its own options.

Settings come from the environment: JCABOT_DATA, JCABOT_CONFIG, JCABOT_CHAIRS,
JCABOT_LANG, JCABOT_TZ (see the README).
`

// watchInterrupts stops the run at Ctrl-C, unless the console's prompt has
// taken Ctrl-C over (promptInterrupts); it returns when ctx ends.
func (m *Main) watchInterrupts(ctx context.Context, stop context.CancelFunc) {
	if m.Interrupts == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sig := <-m.Interrupts:
			if prompt := m.toPrompt.Load(); prompt != nil {
				select {
				case *prompt <- sig:
				default: // the prompt has one waiting already
				}
				continue
			}
			stop()
			return
		}
	}
}

// promptInterrupts has Ctrl-C go to the console's prompt from now on.
func (m *Main) promptInterrupts() <-chan os.Signal {
	ch := make(chan os.Signal, 1)
	m.toPrompt.Store(&ch)
	return ch
}

// Run runs the subcommand named by args and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	verb, named := "console", false
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args, named = args[0], args[1:], true
	}
	if !named && len(args) > 0 {
		switch args[0] { // the program's own options, before the console's
		case "--help", "-help", "-h":
			verb = "help"
		case "--version", "-version":
			verb = "version"
		}
	}
	switch verb {
	case "help":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	case "version":
		fmt.Fprintln(m.Stdout, buildVersion())
		return exitOK
	}
	cfg, err := config.Load(m.Getenv)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitUsage
	}
	m.cfg = cfg
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go m.watchInterrupts(ctx, stop)
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

// newFlagSet returns the flag set of a subcommand; line is its usage, shown
// with the options on --help or a wrong option.
func (m *Main) newFlagSet(name, line string) *flag.FlagSet {
	fs := flag.NewFlagSet("jcabot "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nOptions:\n", line)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's arguments. It returns ok when the command
// should go on, else the exit code: 0 after --help (the usage on standard
// output), 2 after a wrong option (the problem and the usage on standard
// error).
func (m *Main) parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(m.Stdout)
			break
		}
	}
	err := fs.Parse(args)
	fs.SetOutput(m.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	case err != nil:
		return exitUsage, false
	}
	return 0, true
}

// The longest exec, backup and export wait for the bot that holds the data
// file, unless --timeout says otherwise: a hung bot must not stall a nightly
// job for good. The bound covers the whole transfer: a backup of a very
// large file may need a longer --timeout.
const (
	execTimeout   = 30 * time.Second
	streamTimeout = 30 * time.Second
)

// timeoutFlag adds --timeout to a flag set.
func timeoutFlag(fs *flag.FlagSet, def time.Duration) *time.Duration {
	return fs.Duration("timeout", def, "give up when the bot holding the data file has not finished by then (e.g. 30s, 5m)")
}

// failed tells the operator why exec, backup or export did not finish: a
// bot that did not answer in time is named as such, with what it leaves
// behind (outcome) and what to do.
func (m *Main) failed(verb string, err error, timeout time.Duration, outcome string) int {
	if errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(m.Stderr, "jcabot %s: the jcabot holding %s did not finish within %s; it may be hung. %s Check it (its log, /readyz), restart it if need be, or allow longer with --timeout.\n",
			verb, m.cfg.DataPath, timeout, outcome)
		return exitStore
	}
	fmt.Fprintf(m.Stderr, "jcabot %s: %v\n", verb, err)
	if errors.As(err, new(storeError)) {
		return exitStore
	}
	return exitRefused
}

// writeOut has write produce backup's or export's output into dest (a file,
// or stdoutName) within timeout, and says what became of it.
func (m *Main) writeOut(ctx context.Context, verb, dest string, timeout time.Duration, write func(context.Context, io.Writer) (int64, error)) int {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	n, err := writeAtomically(dest, m.Stdout, func(w io.Writer) (int64, error) { return write(ctx, w) })
	if err != nil {
		outcome := "Nothing was written."
		if dest == stdoutName {
			outcome = "What reached standard output is incomplete."
		}
		return m.failed(verb, err, timeout, outcome)
	}
	if dest != stdoutName {
		fmt.Fprintf(m.Stdout, "wrote %s (%d bytes)\n", dest, n)
	}
	return exitOK
}

// openStore opens the data file and builds the command router on it. When
// another jcabot holds the file, the error names its pid.
func (m *Main) openStore(ctx context.Context, lockTimeout time.Duration) (dataStore, *commands.Router, error) {
	db, r, err := m.openStoreOnce(ctx, lockTimeout)
	if err != nil {
		return nil, nil, storeError{err}
	}
	return db, r, nil
}

func (m *Main) openStoreOnce(ctx context.Context, lockTimeout time.Duration) (dataStore, *commands.Router, error) {
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
		Store: db, Outbox: db, Vocab: m.cfg.Vocabulary, Catalog: cat, Chairs: m.cfg.Chairs,
		DefaultLang: m.cfg.Lang, DefaultTZ: m.cfg.TZ, Log: m.log, Observe: m.observe,
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
			return inUseError{path: m.cfg.DataPath, pid: pid}
		}
	}
	return inUseError{path: m.cfg.DataPath}
}

// inUseError is a data file held by another process (a jcabot with pid,
// when it answered on the control socket).
type inUseError struct {
	path string
	pid  int
}

func (e inUseError) Error() string {
	if e.pid != 0 {
		return fmt.Sprintf("%s is in use by another jcabot (pid %d)", e.path, e.pid)
	}
	return e.path + " is in use by another process"
}

// isInUse reports whether err says the data file is held by someone else.
func isInUse(err error) bool {
	var e inUseError
	return errors.As(err, &e)
}

// controlHandler serves exec and backup for the process that owns the store.
type controlHandler struct {
	h   bot.Handler
	db  dataStore
	now func() time.Time
}

func (c controlHandler) Exec(ctx context.Context, req control.ExecRequest) bot.Reply {
	return c.h.Handle(ctx, console.NewRequest(req.Person, req.Channel, req.Text, c.now()))
}

func (c controlHandler) Backup(ctx context.Context, w io.Writer) (int64, error) {
	return c.db.Backup(ctx, w)
}

func (m *Main) console(ctx context.Context, args []string) int {
	fs := m.newFlagSet("console", "jcabot [console] [--as NAME] [--channel NAME]")
	as, channel := personFlags(fs)
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "jcabot: unknown command %q\n\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	db, router, err := m.openStore(ctx, time.Second)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot: %v\n", err)
		return exitStore
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
		Catalog:     router.Catalog(),
		DefaultLang: m.cfg.Lang,
		Lang:        func(ctx context.Context, id bot.Identity) i18n.Lang { return personLang(ctx, db, id) },
		FilesDir:    FilesDir,
		Now:         m.Now,
	}
	if interactive {
		con.Interrupts = m.promptInterrupts()
	}
	// The console is a chat platform of its own: reminders and digests for
	// console channels print here as they happen.
	dispatcher := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Console: con}, Recheck: router.Planner().Recheck,
		Render: router.Posts().RenderUpdate,
		Log:    func(msg string, args ...any) { m.log.Warn(msg, args...) }}
	runner := &schedule.Runner{Now: m.Now, Log: m.log, Pass: schedule.Pass{
		Tick:    func(ctx context.Context, now time.Time) error { return router.Planner().Tick(ctx, db, now) },
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
	fs := m.newFlagSet("exec", `jcabot exec [--as NAME] [--channel NAME] [--timeout 30s] "activity list"`)
	as, channel := personFlags(fs)
	timeout := timeoutFlag(fs, execTimeout)
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
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
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := m.execute(ctx, req)
	if err != nil {
		return m.failed("exec", err, *timeout, "The command may or may not have been carried out: look before typing it again.")
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
			rep, err := c.Exec(ctx, req)
			if err != nil {
				return bot.Reply{}, storeError{err}
			}
			return rep, nil
		}
		db, router, err := m.openStore(ctx, time.Second)
		if err != nil {
			if attempt == 0 && isInUse(err) {
				continue // the owner may just be starting its socket
			}
			return bot.Reply{}, err
		}
		defer db.Close()
		return controlHandler{router, db, m.Now}.Exec(ctx, req), nil
	}
	return bot.Reply{}, storeError{m.inUse(ctx)}
}

const backupUsage = "jcabot backup [--timeout 30s] FILE   (- writes to standard output)"

func (m *Main) backup(ctx context.Context, args []string) int {
	fs := m.newFlagSet("backup", backupUsage)
	timeout := timeoutFlag(fs, streamTimeout)
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	example := fmt.Sprintf("jca-%s.db", m.Now().Format(time.DateOnly))
	problem := ""
	switch {
	case fs.NArg() == 0:
		problem = "give the file to write, e.g. jcabot backup " + example
	case fs.NArg() > 1:
		problem = fmt.Sprintf("give one file to write, not %d", fs.NArg())
	default:
		problem = m.checkDest(fs.Arg(0), destBackup, example)
	}
	if problem == "" && fs.Arg(0) == stdoutName && isTerminal(m.Stdout) {
		problem = "a backup is binary: redirect standard output to a file (jcabot backup - > " + example + "), or name the file"
	}
	if problem != "" {
		fmt.Fprintf(m.Stderr, "jcabot backup: %s\nUsage: %s\n", problem, backupUsage)
		return exitUsage
	}
	return m.writeOut(ctx, "backup", fs.Arg(0), *timeout, m.writeBackup)
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
