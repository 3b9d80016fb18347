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
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt) // Run decides: stop, or the console's prompt
	m := NewMain()
	m.Interrupts = interrupts
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
