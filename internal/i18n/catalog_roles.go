package i18n

// rolesEntries: refusals shared by every area (who may, people, groups,
// deadlines). Actions are infinitive phrases: "Only a chair can {action}."
var rolesEntries = []Entry{
	{"err.only_chair", "Only a chair can {action}.", "Seul un président peut {action}."},
	{"err.only_author_or_chair_action", "Only the author of **{id}** or a chair can {action}.", "Seuls l'auteur de **{id}** ou un président peuvent {action}."},
	{"err.only_member_or_chair", "Only a member or a chair can {action}. Join first: `/jca member join SG13`.", "Seuls un membre ou un président peuvent {action}. Rejoignez d'abord : `/jca member join SG13`."},
	{"err.mention_everybody", "`{value}` stands for everybody in the channel, not a person. Name one person: `@alice`.", "`{value}` désigne tout le canal, pas une personne. Nommez une seule personne : `@alice`."},
	{"err.mention_several", "`{value}` names more than one person. Name one at a time: `@alice`, then `@bob` in a second command.", "`{value}` désigne plusieurs personnes. Nommez-les une à une : `@alice`, puis `@bob` dans une seconde commande."},
	{"err.bad_mention", "`{value}` does not name a person. Name them with a mention: `@alice`.", "`{value}` ne désigne personne. Nommez la personne avec une mention : `@alice`."},
	{"err.not_study_group", "`{value}` is not a study group. Study groups: {groups}.", "`{value}` n'est pas une commission d'études. Commissions : {groups}."},
	{"err.bad_deadline", "`{value}` is not a deadline. Write a day like `{example}` (the end of that day in your time zone) or a time like `2033-01-15 12:00`, in a year from 1970 to 9999.", "`{value}` n'est pas une échéance. Écrivez un jour comme `{example}` (la fin de ce jour dans votre fuseau horaire) ou une heure comme `2033-01-15 12:00`, d'une année de 1970 à 9999."},
	{"err.deadline_past", "The deadline `{value}` has already passed.", "L'échéance `{value}` est déjà passée."},
}
