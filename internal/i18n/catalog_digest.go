package i18n

// digestEntries: the channel's digest and its commands.
var digestEntries = []Entry{
	{"help.digest", "The channel's periodic digest of what moved: schedule it, stop it, see it now.", "Le résumé périodique de ce qui a bougé, pour ce canal : le programmer, l'arrêter, le voir maintenant."},
	{"help.digest.schedule", "Subscribe this channel to a digest on a cron schedule (5 fields, or @daily, @weekly), read in the channel's zone or `--tz`. The next three runs are shown; a schedule that never comes round within 5 years (`0 9 30 2 *`) is refused, and one more often than hourly (`*/15 * * * *`) is accepted with a word of warning.", "Abonner ce canal à un résumé selon une planification cron (5 champs, ou @daily, @weekly), lue dans le fuseau du canal ou `--tz`. Les trois prochaines exécutions sont affichées ; une planification qui ne revient pas dans les 5 ans (`0 9 30 2 *`) est refusée, et une plus fréquente qu'une fois par heure (`*/15 * * * *`) est acceptée avec un avertissement."},
	{"help.digest.off", "Stop this channel's digest.", "Arrêter le résumé de ce canal."},
	{"help.digest.show", "Show this channel's digest schedule, its next and last run.", "Afficher la planification du résumé de ce canal, sa prochaine et sa dernière exécution."},
	{"help.digest.now", "Post the digest of what moved since the last one, now.", "Publier maintenant le résumé de ce qui a bougé depuis le précédent."},
	{"flag.digest.schedule.tz", "The zone the schedule is read in (default: the channel's).", "Le fuseau dans lequel lire la planification (par défaut : celui du canal)."},
	{"flag.digest.schedule.quiet", "Post nothing when nothing happened.", "Ne rien publier quand rien ne s'est passé."},
	{"action.digest", "change the channel's digest", "modifier le résumé du canal"},
	{"digest.scheduled", "This channel gets a digest on `{spec}` ({zone}). Next runs:", "Ce canal reçoit un résumé selon `{spec}` ({zone}). Prochaines exécutions :"},
	{"digest.quiet", "Quiet: nothing is posted when nothing happened.", "Discret : rien n'est publié quand rien ne s'est passé."},
	{"digest.too_often", "This digest runs more often than once an hour (as often as every {gap}), so it may make the channel noisy. It is scheduled; `/jca digest schedule \"0 9 * * MON\"` runs it weekly instead.", "Ce résumé passe plus d'une fois par heure (jusqu'à toutes les {gap}) et risque d'encombrer le canal. Il est programmé ; `/jca digest schedule \"0 9 * * MON\"` le rend hebdomadaire."},
	{"digest.off", "This channel no longer gets a digest.", "Ce canal ne reçoit plus de résumé."},
	{"digest.show", "This channel gets a digest on `{spec}` ({zone}).", "Ce canal reçoit un résumé selon `{spec}` ({zone})."},
	{"digest.next", "Next: {when}", "Prochain : {when}"},
	{"digest.last", "Last: {when} ({outcome})", "Dernier : {when} ({outcome})"},
	{"err.cron_never", "`{value}` never comes round: it names a day no month has (such as 30 February or 31 April). Choose a day that exists, such as `\"0 9 28 2 *\"`, or a weekday: `\"0 9 * * MON\"`.", "`{value}` ne revient jamais : ce jour n'existe dans aucun mois (comme le 30 février ou le 31 avril). Choisissez un jour qui existe, comme `\"0 9 28 2 *\"`, ou un jour de la semaine : `\"0 9 * * MON\"`."},
	{"err.bad_cron", "`{value}` is not a schedule. Write 5 cron fields (minute hour day month weekday), such as `\"0 9 * * MON\"` for Mondays at 09:00, or `@daily`, `@weekly`.", "`{value}` n'est pas une planification. Écrivez 5 champs cron (minute heure jour mois jour-de-semaine), comme `\"0 9 * * MON\"` pour le lundi à 09:00, ou `@daily`, `@weekly`."},
	{"err.no_digest", "This channel has no digest. A chair can start one: `/jca digest schedule @weekly`.", "Ce canal n'a pas de résumé. Un président peut en programmer un : `/jca digest schedule @weekly`."},
	{"err.digest_ran", "That digest was already sent.", "Ce résumé a déjà été envoyé."},
}
