package deliver

import (
	"context"
	"log/slog"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

// Teller tells the person who caused a post that the outbox gave it up
// for good (outbox.Dispatcher.Failed): in a direct message from the bot,
// in their language, with what to do. Posts the bot made on its own
// (reminders, digests) have nobody to tell: they show in `jobs failed`.
type Teller struct {
	// Platforms reach people; those that are bot.DirectMessenger can be
	// used.
	Platforms   map[bot.Platform]bot.Poster
	Catalog     *i18n.Catalog
	DefaultLang i18n.Lang
	// Lang, when set, is a person's chosen language.
	Lang func(ctx context.Context, id bot.Identity) i18n.Lang
	Log  *slog.Logger
}

// Failed tells e.By, if anyone, that e failed for good.
func (t *Teller) Failed(ctx context.Context, e outbox.Entry) {
	if e.By == "" {
		return
	}
	dm, ok := t.Platforms[e.By.Platform()].(bot.DirectMessenger)
	if !ok {
		return
	}
	l := t.DefaultLang
	if t.Lang != nil {
		if pl := t.Lang(ctx, e.By); pl != "" {
			l = pl
		}
	}
	var m bot.Message
	m.Section(t.Catalog.Text(l, "deliver.failed", "channel", string(e.Channel)))
	m.Context(t.Catalog.Text(l, "deliver.failed.next"))
	if err := dm.Direct(ctx, e.By, m); err != nil && t.Log != nil {
		t.Log.Warn("deliver: could not tell the person a post failed", "err", err)
	}
}
