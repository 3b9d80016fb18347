package i18n

// coreEntries: help, usage errors, roles, paging, languages, history.
var coreEntries = []Entry{
	// Help.
	{"help.title", "jcabot for {jca}: what you can ask", "jcabot pour {jca} : ce que vous pouvez demander"},
	{"help.help", "Show the commands, an area's verbs, or one verb with its options and examples.", "Affiche les commandes, les verbes d'un domaine, ou un verbe avec ses options et des exemples."},
	{"hint.help_area", "`/jca help <area>` lists an area's verbs, for example `/jca help activity`.", "`/jca help <domaine>` liste les verbes d'un domaine, par exemple `/jca help activity`."},
	{"hint.verb_help", "`/jca help {area} <verb>` shows a verb's options and examples, for example `/jca help {area} {verb}`.", "`/jca help {area} <verbe>` montre les options et des exemples d'un verbe, par exemple `/jca help {area} {verb}`."},
	{"hint.usage", "Usage: `/jca {usage}`", "Syntaxe : `/jca {usage}`"},
	{"hint.example", "Example: `{example}`", "Exemple : `{example}`"},
	{"hint.did_you_mean", "Did you mean {words}?", "Vouliez-vous dire {words} ?"},
	{"hint.help", "`/jca help` lists the commands.", "`/jca help` liste les commandes."},
	{"hint.area_help", "`/jca help {area}` lists its verbs.", "`/jca help {area}` liste ses verbes."},
	{"hint.quotes", "Put a text with spaces in quotes, and close every quote: `/jca activity add SG13 \"Network requirements\"`.", "Mettez un texte avec des espaces entre guillemets, et fermez chaque guillemet : `/jca activity add SG13 « Exigences réseau »`."},
	{"hint.chairs", "Chairs: {chairs}", "Présidents : {chairs}"},

	// Who may.
	{"rule.anyone", "Anyone can do this.", "Tout le monde peut le faire."},
	{"rule.self", "Anyone, for themselves.", "Chacun, pour soi-même."},
	{"rule.author_or_chair", "Only its author or a chair can do this.", "Seuls son auteur ou un président peuvent le faire."},
	{"rule.chair", "Only a chair can do this.", "Seul un président peut le faire."},
	{"rule.member_or_chair", "Only a member or a chair can do this.", "Seuls un membre ou un président peuvent le faire."},
	{"rule.creator_or_chair", "Only its creator or a chair can do this.", "Seuls son créateur ou un président peuvent le faire."},

	// Usage errors.
	{"err.unknown_action", "That button is no longer handled. Type the command instead; `/jca help` lists them.", "Ce bouton n'est plus pris en charge. Tapez la commande ; `/jca help` les liste."},
	{"err.unclosed_quote", "A quote is not closed.", "Un guillemet n'est pas fermé."},
	{"err.unknown_area", "Unknown command `{word}`.", "Commande inconnue : `{word}`."},
	{"err.unknown_verb", "`{area}` has no verb `{word}`.", "`{area}` n'a pas de verbe `{word}`."},
	{"err.unknown_flag", "Unknown option `{flag}`.", "Option inconnue : `{flag}`."},
	{"err.flag_no_value", "`{flag}` takes no value.", "`{flag}` ne prend pas de valeur."},
	{"err.flag_needs_value", "`{flag}` needs a value, such as `{flag} {value}`.", "`{flag}` attend une valeur, par exemple `{flag} {value}`."},
	{"err.flag_twice", "`{flag}` is given twice; give it once.", "`{flag}` est donné deux fois ; donnez-le une seule fois."},
	{"label", "{label}:", "{label} :"},
	{"err.missing_args", "Something is missing.", "Il manque quelque chose."},
	{"err.missing_arg", "`{what}` is missing.", "Il manque `{what}`."},
	{"err.too_many_args", "Too many words, from `{word}` on. Put a text with spaces in quotes.", "Trop de mots, à partir de `{word}`. Mettez un texte avec des espaces entre guillemets."},
	{"reply.unknown_person", "jcabot could not find your account, so nothing was done. If it was created a moment ago, try again in a minute; otherwise ask your administrators.", "jcabot ne trouve pas votre compte : rien n'a été fait. S'il vient d'être créé, réessayez dans une minute ; sinon, adressez-vous à vos administrateurs."},
	{"reply.failed", "That didn't work on our side while answering, and what you asked may have been done. Check with the matching `show` or `list` before trying again.", "Cela n'a pas fonctionné de notre côté pendant la réponse, et votre demande a peut-être été faite. Vérifiez avec le `show` ou le `list` correspondant avant de réessayer."},
	{"err.internal", "That didn't work on our side; nothing was changed. Try again in a minute.", "Cela n'a pas fonctionné de notre côté ; rien n'a été modifié. Réessayez dans une minute."},
	{"err.bad_page", "`{value}` is not a page number. Pages start at 1: `--page 2`.", "`{value}` n'est pas un numéro de page. Les pages commencent à 1 : `--page 2`."},
	{"err.page_past_end", "There is no such page: the last is page {pages}.", "Cette page n'existe pas : la dernière est la page {pages}."},
	{"err.not_found", "**{id}** does not exist. Check the id in a list.", "**{id}** n'existe pas. Vérifiez l'identifiant dans une liste."},
	{"err.bad_id", "`{value}` is not an id. Write it like `{example}`.", "`{value}` n'est pas un identifiant. Écrivez-le comme `{example}`."},
	{"err.bad_date", "`{value}` is not a date. Write it as year-month-day, like `{example}`, in a year from 1970 to 9999.", "`{value}` n'est pas une date. Écrivez-la année-mois-jour, comme `{example}`, d'une année de 1970 à 9999."},
	{"err.text_empty", "The {field} is empty.", "Le champ {field} est vide."},
	{"err.text_control", "The {field} holds a character that cannot be shown ({char}), for example a control character pasted with the text. Type it again without it.", "Le champ {field} contient un caractère qui ne peut pas être affiché ({char}), par exemple un caractère de contrôle collé avec le texte. Saisissez-le de nouveau sans ce caractère."},
	{"err.text_too_long", "The {field} is too long: {n} characters, at most {max}.", "Le champ {field} est trop long : {n} caractères, {max} au plus."},
	{"err.unknown_lang", "Unknown language `{value}`. Choose `en` (English) or `fr` (français).", "Langue inconnue : `{value}`. Choisissez `en` (English) ou `fr` (français)."},
	{"err.no_change", "Nothing changed: **{id}** already has those values.", "Rien n'a changé : **{id}** a déjà ces valeurs."},
	{"err.nothing_to_update", "Say what to change in **{id}**, with an option such as `--status approved`.", "Indiquez ce qu'il faut changer dans **{id}**, avec une option comme `--status approved`."},

	// Paging.
	{"page.more", "{from}-{to} of {total}. `--page {next}` for more.", "{from} à {to} sur {total}. `--page {next}` pour la suite."},
	{"page.last", "{from}-{to} of {total}.", "{from} à {to} sur {total}."},
	{"flag.page", "Which page of the results (20 a page).", "Quelle page des résultats (20 par page)."},

	// Languages.
	{"help.lang", "Choose the language the bot answers you in: English or French.", "Choisir la langue dans laquelle le bot vous répond : anglais ou français."},
	{"help.lang.set", "Answer me in this language from now on.", "Me répondre désormais dans cette langue."},
	{"help.lang.show", "Show the language the bot answers you in.", "Afficher la langue dans laquelle le bot vous répond."},
	{"lang.set", "From now on I answer you in English.", "Désormais, je vous réponds en français."},
	{"lang.show.chosen", "I answer you in English, as you chose. `/jca lang set fr` pour le français.", "Je vous réponds en français, comme vous l'avez choisi. `/jca lang set en` for English."},
	{"lang.show.default", "I answer you in English, the default here. `/jca lang set fr` pour le français.", "Je vous réponds en français, la langue par défaut ici. `/jca lang set en` for English."},

	// History.
	{"history.title.one", "History (1 change)", "Historique (1 modification)"},
	{"history.title.other", "History ({n} changes)", "Historique ({n} modifications)"},
	{"history.line", "{when}: {who} changed {field}: {old} → {new}", "{when} : {who} a modifié {field} : {old} → {new}"},

	// Field names.
	{"field.group", "Group", "Groupe"},
	{"field.status", "Status", "Statut"},
	{"field.question", "Question", "Question"},
	{"field.ref", "Work item", "Référence"},
	{"field.route", "Approval", "Approbation"},
	{"field.aspects", "Aspects", "Aspects"},
	{"field.wsis", "WSIS lines", "Grandes orientations SMSI"},
	{"field.links", "Links", "Liens"},
	{"field.note", "Note", "Note"},
	{"field.logged", "Logged", "Enregistrée"},
	{"field.title", "title", "titre"},
	{"field.query", "search", "recherche"},
}
