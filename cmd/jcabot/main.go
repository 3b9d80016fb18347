// Command jcabot runs the JCA bot: a console on the embedded store, one
// command against it (exec), a backup, and the chat servers of later
// releases. This package only wires the others together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // zones work even on a machine without the tz database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
