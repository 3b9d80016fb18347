package i18n

// findEntries: find, the search across every kind of record.
var findEntries = []Entry{
	{"help.find", "Search activities, topics, joint groups, organizations and liaison statements at once, ignoring case and accents.", "Chercher à la fois dans les activités, les sujets, les groupes communs, les organisations et les déclarations de liaison, sans tenir compte des majuscules ni des accents."},
	{"find.title", "Found for *{query}*: {n}", "Trouvé pour *{query}* : {n}"},
	{"find.none", "Nothing contains *{query}*.", "Rien ne contient *{query}*."},
	{"find.none.next", "Try fewer or shorter words: every word must appear.", "Essayez moins de mots, ou des mots plus courts : chaque mot doit apparaître."},
	{"err.find_no_words", "`{query}` has no word to search for. Example: `/jca find IPv6`.", "`{query}` ne contient aucun mot à chercher. Exemple : `/jca find IPv6`."},
	{"find.activities", "**Activities** ({n})", "**Activités** ({n})"},
	{"find.activities.more", "{shown} of {total} shown. `/jca activity search {query}` for all of them.", "{shown} sur {total} affichées. `/jca activity search {query}` pour toutes les voir."},
	{"find.topics", "**Topics** ({n})", "**Sujets** ({n})"},
	{"find.topics.more", "{shown} of {total} shown. `/jca topic list` for every topic.", "{shown} sur {total} affichés. `/jca topic list` pour tous les sujets."},
	{"find.joints", "**Joint groups** ({n})", "**Groupes communs** ({n})"},
	{"find.joints.more", "{shown} of {total} shown. `/jca joint list` for every joint group.", "{shown} sur {total} affichés. `/jca joint list` pour tous les groupes communs."},
	{"find.orgs", "**Organizations** ({n})", "**Organisations** ({n})"},
	{"find.orgs.more", "{shown} of {total} shown. `/jca org list` for every organization.", "{shown} sur {total} affichées. `/jca org list` pour toutes les organisations."},
	{"find.liaisons", "**Liaison statements** ({n})", "**Déclarations de liaison** ({n})"},
	{"find.liaisons.more", "{shown} of {total} shown. `/jca liaison list` for every liaison statement.", "{shown} sur {total} affichées. `/jca liaison list` pour toutes les déclarations de liaison."},
}
