package commands

import (
	"context"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
)

// A button runs its command as the person who clicked: Support records a
// position; Object answers with how to give the reason; an unknown action
// is refused.
func TestButtonsRunTheirCommand(t *testing.T) {
	e := newEnv(t)
	rep := e.do("alice", `topic propose "Trust framework" --group SG13,SG17`)
	var support, object *bot.Button
	for _, blk := range rep.Message.Blocks {
		for i, b := range blk.Buttons {
			switch b.Value {
			case "topic support T-1":
				support = &blk.Buttons[i]
			case "topic object T-1":
				object = &blk.Buttons[i]
			}
		}
	}
	if support == nil || object == nil || support.Label != "Support" {
		t.Fatalf("buttons: %+v", rep.Message.Blocks)
	}
	click := func(who string, b bot.Button) bot.Reply {
		return e.r.Handle(context.Background(), bot.Request{Platform: bot.Console, Channel: "console:general",
			Person: bot.Person{ID: bot.NewIdentity(bot.Console, who)}, Action: &b.Action, Time: e.now})
	}
	if r := click("bob", *support); r.Refused {
		t.Fatalf("support click: %s", plain(r.Message))
	}
	p, _ := e.db.FindProposal(context.Background(), "topic", 1)
	if pos, ok := p.Position("console:bob"); !ok || pos.Stance != "support" {
		t.Fatalf("bob's position: %+v", p.Positions)
	}
	r := click("carol", *object)
	if !r.Refused {
		t.Fatal("an objection without a reason was accepted")
	}
	mustContain(t, plain(r.Message), "--reason")
	r = e.r.Handle(context.Background(), bot.Request{Platform: bot.Console, Person: bot.Person{ID: "console:x"},
		Action: &bot.Action{Name: "delete-everything", Value: "x"}, Time: e.now})
	if !r.Refused {
		t.Fatal("an unknown action was run")
	}
}
