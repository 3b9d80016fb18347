package i18n

// jobsEntries: the jobs command, what is scheduled and what failed.
var jobsEntries = []Entry{
	{"help.jobs", "What this channel will receive and when (digest, reminders, deadlines); `jobs failed` lists posts that could not be delivered, in every channel.", "Ce que ce canal recevra et quand (résumé, rappels, échéances) ; `jobs failed` liste les messages qui n'ont pas pu être remis, dans tous les canaux."},
	{"rule.jobs", "Anyone can see the jobs; only a chair can see failed posts.", "Tout le monde peut voir les tâches ; seul un président peut voir les messages en échec."},
	{"err.jobs_word", "`{value}` is not something jobs can show. Write `/jca jobs` or `/jca jobs failed`.", "`{value}` n'est pas quelque chose que jobs peut afficher. Écrivez `/jca jobs` ou `/jca jobs failed`."},
	{"jobs.title", "Scheduled for this channel", "Programmé pour ce canal"},
	{"jobs.digest", "Digest `{spec}`: next {next}", "Résumé `{spec}` : prochain le {next}"},
	{"jobs.last", "; last {when} ({outcome})", " ; dernier le {when} ({outcome})"},
	{"jobs.line", "{kind} **{ref}**: {next} ({rel})", "{kind} **{ref}** : {next} ({rel})"},
	{"job.kind.remind", "Meeting reminder", "Rappel de réunion"},
	{"job.kind.poll-remind", "Poll reminder", "Rappel de sondage"},
	{"job.kind.poll-close", "Poll result", "Résultat de sondage"},
	{"job.kind.liaison", "Liaison deadline", "Échéance de liaison"},
	{"job.kind.proposal", "Proposal deadline", "Échéance de proposition"},
	{"jobs.last_post", "Last post: `{key}`, {when}, {status}.", "Dernier message : `{key}`, {when}, {status}."},
	{"jobs.none", "Nothing is scheduled for this channel.", "Rien n'est programmé pour ce canal."},
	{"action.jobs_failed", "see failed posts", "voir les messages en échec"},
	{"jobs.failed.none", "No post has failed.", "Aucun message n'a échoué."},
	{"jobs.failed.title", "Posts that could not be delivered ({n})", "Messages qui n'ont pas pu être remis ({n})"},
	{"jobs.failed.next", "These are given up for good: the platform said the channel is gone or the bot may not post there. Add the bot to the channel (on Slack `/invite @jcabot`, on Mattermost the channel's Add members), then post again where it is needed (`/jca poll post P-4` for a poll).", "Ces messages sont abandonnés : la plateforme a répondu que le canal n'existe plus ou que le bot ne peut pas y publier. Ajoutez le bot au canal (sur Slack `/invite @jcabot`, sur Mattermost « Ajouter des membres » du canal), puis republiez là où il le faut (`/jca poll post P-4` pour un sondage)."},
	{"jobs.failed.line.one", "`{key}` to {channel}, {when}, after {n} attempt: {error}", "`{key}` vers {channel}, {when}, après {n} tentative : {error}"},
	{"jobs.failed.line.other", "`{key}` to {channel}, {when}, after {n} attempts: {error}", "`{key}` vers {channel}, {when}, après {n} tentatives : {error}"},
}
