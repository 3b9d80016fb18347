package i18n

// fairnessEntries: the ledger of who pays for the JCA's meeting times.
var fairnessEntries = []Entry{
	{"help.fairness", "Who has been paying for the JCA's meeting times: for each member and study group, how many meetings of the last 12 months fell in their night or early or late, in their zone and working hours. Poll rankings spare those who carried the most nights.", "Qui a payé pour les horaires des réunions de la JCA : pour chaque membre et chaque commission, combien de réunions des 12 derniers mois sont tombées de nuit ou tôt ou tard, dans leur fuseau et leurs heures de travail. Le classement des sondages épargne ceux qui ont porté le plus de nuits."},
	{"fairness.title", "Fairness of meeting times, last 12 months", "Équité des horaires de réunion, 12 derniers mois"},
	{"fairness.people", "**Members**, the most burdened first", "**Membres**, les plus chargés d'abord"},
	{"fairness.line", "{who} ({groups}): {counts}", "{who} ({groups}) : {counts}"},
	{"fairness.more", "and {n} more.", "et {n} de plus."},
	{"fairness.groups", "**Study groups**", "**Commissions d'études**"},
	{"fairness.group_line", "{group}: {counts}", "{group} : {counts}"},
	{"fairness.none", "No meeting of the last 12 months fell outside anyone's working hours.", "Aucune réunion des 12 derniers mois n'est tombée hors des heures de travail de quiconque."},
	{"fairness.no_members", "The JCA has no members yet: `/jca member join SG13` adds you.", "La JCA n'a pas encore de membres : `/jca member join SG13` vous ajoute."},
	{"fairness.explain", "Counted from the meetings held (not cancelled), whoever attended, in each member's zone and working hours (`/jca tz set Asia/Tokyo --hours 08:00-21:00`); early or late is within 2 hours of them.", "Compté sur les réunions tenues (non annulées), quels que soient les présents, dans le fuseau et les heures de travail de chaque membre (`/jca tz set Asia/Tokyo --hours 08:00-21:00`) ; tôt ou tard, c'est à moins de 2 heures de celles-ci."},
}
