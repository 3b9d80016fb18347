package i18n

// scheduleEntries: what the channel receives on its own (reminders,
// deadlines), as the scheduler's jobs write it.
var scheduleEntries = []Entry{
	{"job.remind", "Reminder: **{id}** *{title}* starts {when}.", "Rappel : **{id}** *{title}* commence le {when}."},
	{"job.remind.late", "Reminder, sent late (the bot was down): **{id}** *{title}* starts {when}.", "Rappel, envoyé en retard (le bot était arrêté) : **{id}** *{title}* commence le {when}."},
	{"job.remind.where", "Where: {where}", "Lieu : {where}"},
	{"job.poll_remind", "The poll **{id}** *{title}* closes {when}.", "Le sondage **{id}** *{title}* se termine le {when}."},
	{"job.poll_pending", "Not answered yet: {people}", "Pas encore répondu : {people}"},
	{"job.poll_remind.next", "`/jca poll show {id}` to answer.", "`/jca poll show {id}` pour répondre."},
	{"job.deadline", "Deadline for **{id}** *{title}*: {when} ({rel}).", "Échéance de **{id}** *{title}* : {when} ({rel})."},
}
