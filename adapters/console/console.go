// Package console is the local chat adapter: a prompt on a terminal (or
// commands read line by line from a pipe) talking to the bot on an embedded
// store, with no chat platform at all. Replies print as text; posts to the
// channel print as they happen; attachments are written to files whose
// paths are printed.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/i18n"
)

// Console runs a REPL. Set the fields before Run; Post and Update may be
// called from other goroutines while it runs.
type Console struct {
	Handler bot.Handler
	In      io.Reader
	Out     io.Writer
	Person  bot.Person
	Channel bot.ChannelID
	// Interactive shows a prompt and uses colours (stdin and stdout are a terminal).
	Interactive bool
	// Interrupts, when set, delivers Ctrl-C (SIGINT) at the prompt: the
	// first one drops the line being typed and says how to leave, a second
	// in a row leaves. Without it, Ctrl-C is the caller's to handle (it
	// usually ends ctx).
	Interrupts <-chan os.Signal
	// Catalog and Lang say the console's own few words (the Ctrl-C hint, a
	// line too long); Lang, when set, gives the person's chosen language,
	// else DefaultLang.
	Catalog     *i18n.Catalog
	DefaultLang i18n.Lang
	Lang        func(ctx context.Context, id bot.Identity) i18n.Lang
	// FilesDir is where attachments are written (created when needed).
	FilesDir string
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	mu  sync.Mutex // serialises writes to Out
	seq int
}

var _ bot.Poster = (*Console)(nil)
var _ bot.Updater = (*Console)(nil)

// Prompt is shown before each line on a terminal.
const Prompt = "jca> "

// MaxLine is the longest line the console reads, in bytes. A longer line
// is refused with its length and skipped; the lines after it still run.
const MaxLine = 1 << 20

// Run reads commands until end of input (or "quit"/"exit") and prints each
// reply. It returns nil at end of input, and as soon as ctx is done, even
// while it waits for a line (SIGTERM, or Ctrl-C without Interrupts).
func (c *Console) Run(ctx context.Context) error {
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	lines, readErr := c.readLines(readCtx)
	interrupted := false // the last thing at the prompt was a Ctrl-C
	for {
		if c.Interactive {
			c.write(Prompt)
		}
		var in inputLine
		var more bool
		select {
		case <-ctx.Done():
			if c.Interactive {
				c.write("\n")
			}
			return nil
		case <-c.Interrupts:
			if interrupted {
				c.write("\n")
				return nil
			}
			interrupted = true
			c.write("\n" + c.say(ctx, "console.interrupt_hint") + "\n")
			continue
		case in, more = <-lines:
		}
		if !more {
			if c.Interactive {
				c.write("\n")
			}
			return <-readErr
		}
		interrupted = false
		if in.tooLong > 0 {
			c.write(c.say(ctx, "console.line_too_long", "bytes", in.tooLong, "max", MaxLine) + "\n")
			continue
		}
		line := strings.TrimSpace(in.text)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "quit" || line == "exit" {
			return nil
		}
		req := c.Request(line)
		c.carry(ctx, req, c.Handler.Handle(ctx, req))
		if err := ctx.Err(); err != nil {
			return nil
		}
	}
}

// say renders one of the console's own lines in the person's language.
func (c *Console) say(ctx context.Context, key string, kv ...any) string {
	if c.Catalog == nil {
		return key
	}
	l := c.DefaultLang
	if c.Lang != nil {
		if pl := c.Lang(ctx, c.Person.ID); pl != "" {
			l = pl
		}
	}
	var m bot.Message
	m.Context(c.Catalog.Text(l, key, kv...))
	return strings.TrimRight(Render(m, c.Interactive), "\n")
}

// inputLine is one line read: its text, or, for a line over MaxLine, its
// length (the text is dropped).
type inputLine struct {
	text    string
	tooLong int
}

// readLines reads In line by line in a goroutine of its own, so that Run can
// stop while a read blocks. lines is closed at end of input, after the
// read's error (nil at a clean end) is sent on readErr. The goroutine ends
// when the input does or, once ctx is done, when the read under way returns.
func (c *Console) readLines(ctx context.Context) (lines <-chan inputLine, readErr <-chan error) {
	out, errc := make(chan inputLine), make(chan error, 1)
	go func() {
		defer close(out)
		r := bufio.NewReaderSize(c.In, 64*1024)
		for {
			in, err := readLine(r)
			if err != nil && in.text == "" && in.tooLong == 0 {
				if err == io.EOF {
					err = nil
				}
				errc <- err
				return
			}
			select {
			case out <- in:
			case <-ctx.Done():
				errc <- nil
				return
			}
		}
	}()
	return out, errc
}

// readLine reads one line without its end ("\n" or "\r\n"), holding at
// most MaxLine bytes of it: the rest of a longer line is read and counted,
// never kept. The error is the reader's (io.EOF at the end).
func readLine(r *bufio.Reader) (inputLine, error) {
	var buf []byte
	n, over := 0, false // n counts the line's bytes, its end included
	for {
		chunk, err := r.ReadSlice('\n')
		n += len(chunk)
		if !over {
			if len(buf)+len(chunk) > MaxLine+2 { // room for "\r\n"
				over, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if over {
			end := 0
			if c := string(chunk); strings.HasSuffix(c, "\r\n") {
				end = 2
			} else if strings.HasSuffix(c, "\n") {
				end = 1
			}
			return inputLine{tooLong: n - end}, err
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		if len(text) > MaxLine {
			return inputLine{tooLong: len(text)}, err
		}
		return inputLine{text: text}, err
	}
}

// mentionRE finds "@name" at the start of the line or after a character
// that cannot be part of a name, so an e-mail address is not a mention.
var mentionRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.\-@])@([\p{L}\p{N}_.\-]+)`)

// Request builds the request for a typed line.
func (c *Console) Request(line string) bot.Request {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	return NewRequest(c.Person, c.Channel, line, now())
}

// NewRequest builds a console request: "@name" words become mentions of
// console:name.
func NewRequest(p bot.Person, ch bot.ChannelID, line string, at time.Time) bot.Request {
	req := bot.Request{
		Platform: bot.Console,
		Channel:  ch,
		Person:   p,
		Text:     line,
		Time:     at,
	}
	for _, m := range mentionRE.FindAllStringSubmatch(line, -1) {
		name := strings.TrimRight(m[1], ".-")
		if name == "" {
			continue
		}
		req.Mentions = append(req.Mentions, bot.Mention{Token: "@" + name, ID: bot.NewIdentity(bot.Console, name), Name: name})
	}
	return req
}

// carry carries out a reply through the chat core's executor, then prints
// the person's own answer followed by what the channel was shown, as the
// answer to the line just typed.
func (c *Console) carry(ctx context.Context, req bot.Request, rep bot.Reply) {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	shown := &answerPoster{c: c}
	res := (&deliver.Executor{Now: now}).Carry(ctx, deliver.Job{Req: req, Reply: rep, Poster: shown})
	if res.Person != nil {
		c.write(Render(*res.Person, c.Interactive))
		c.writeFiles(res.Person.Files)
	}
	for _, m := range shown.posted {
		c.write(c.channelPrefix(req.Channel) + Render(m, c.Interactive))
		c.writeFiles(m.Files)
	}
}

// answerPoster holds what a reply posts in the channel, to print it after
// the person's answer (Post, for posts made on the bot's own, prints at
// once on a line of its own).
type answerPoster struct {
	c      *Console
	posted []bot.Message
}

func (p *answerPoster) Post(ctx context.Context, ch bot.ChannelID, msg bot.Message) (bot.MessageRef, error) {
	p.posted = append(p.posted, msg)
	return bot.MessageRef{Channel: ch}, nil
}

// Print writes a reply, its announcement and its files, as a reply that
// was carried out elsewhere (exec prints what the bot answered).
func (c *Console) Print(rep bot.Reply) {
	prefix := ""
	if rep.Audience == bot.ToChannel {
		prefix = c.channelPrefix(c.Channel)
	}
	c.write(prefix + Render(rep.Message, c.Interactive))
	c.writeFiles(rep.Message.Files)
	if rep.Announce != nil {
		c.write(c.channelPrefix(c.Channel) + Render(*rep.Announce, c.Interactive))
		c.writeFiles(rep.Announce.Files)
	}
}

func (c *Console) channelPrefix(ch bot.ChannelID) string {
	name := string(ch)
	if i := strings.LastIndexAny(name, ":/"); i >= 0 {
		name = name[i+1:]
	}
	return "[#" + clean(name) + "] "
}

// Post prints a message posted to a channel.
func (c *Console) Post(ctx context.Context, ch bot.ChannelID, msg bot.Message) (bot.MessageRef, error) {
	c.mu.Lock()
	c.seq++
	id := strconv.Itoa(c.seq)
	c.mu.Unlock()
	c.write("\n" + c.channelPrefix(ch) + Render(msg, c.Interactive))
	c.writeFiles(msg.Files)
	return bot.MessageRef{Channel: ch, ID: id}, nil
}

// Direct prints a message for one person, marked as such.
func (c *Console) Direct(ctx context.Context, who bot.Identity, msg bot.Message) error {
	c.write("\n[@" + clean(who.User()) + "] " + Render(msg, c.Interactive))
	return nil
}

// Update prints the new state of a posted message.
func (c *Console) Update(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	c.write("\n" + c.channelPrefix(ref.Channel) + "(#" + ref.ID + ") " + Render(msg, c.Interactive))
	return nil
}

func (c *Console) write(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.Out, s)
}

// writeFiles saves attachments under FilesDir and prints their paths.
func (c *Console) writeFiles(files []bot.File) {
	for _, f := range files {
		path, err := SaveFile(c.FilesDir, f)
		if err != nil {
			c.write(fmt.Sprintf("  (could not save %s: %v)\n", clean(f.Name), err))
			continue
		}
		c.write("  → " + path + "\n")
	}
}

// SaveFile writes f under dir with a name that does not overwrite an
// existing file, and returns the path.
func SaveFile(dir string, f bot.File) (string, error) {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Base(strings.ReplaceAll(f.Name, "\\", "/"))
	base = strings.Map(func(r rune) rune { // no escape sequences in the printed path
		if isControl(r) || r == '\n' || r == '\t' {
			return '_'
		}
		return r
	}, base)
	if base == "." || base == ".." || base == "/" || base == "" {
		base = "attachment"
	}
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 0; i < 1000; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		path := filepath.Join(dir, name)
		fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := fh.Write(f.Data); err != nil {
			fh.Close()
			return "", err
		}
		return path, fh.Close()
	}
	return "", fmt.Errorf("too many files named %s", base)
}
