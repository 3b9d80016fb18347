package commands

// The router's other faces, each for the one consumer that needs it, so
// that none holds more than it uses: the scheduler holds a Planner, the
// outbox and the coalescer hold Posts, the report's exports hold Reports;
// chat adapters hold only the Router, as a bot.Handler.

// Planner is the scheduler's side: what is due (Tick), whether a queued
// post still matters (Recheck), the next instant something falls due
// (NextDue), the polls whose time is over (CloseDuePolls).
type Planner struct{ r *Router }

// Planner returns the router's scheduler side.
func (r *Router) Planner() *Planner { return &Planner{r} }

// Posts is the side of the posts the bot made: where a tagged announcement
// went (RecordPost), the updates of a poll's copies (PollUpdates,
// StartupUpdates) and their rendering at send time (RenderUpdate).
type Posts struct{ r *Router }

// Posts returns the router's posts side.
func (r *Router) Posts() *Posts { return &Posts{r} }

// Reports is the report to TSAG outside a chat (jcabot export).
type Reports struct{ r *Router }

// Reports returns the router's reports side.
func (r *Router) Reports() *Reports { return &Reports{r} }
