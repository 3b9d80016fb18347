package i18n

// mattermostEntries: the Mattermost adapter's own lines, the /jca slash
// command as `jcabot mattermost-setup` creates it, and the link area (one
// person on two platforms).
var mattermostEntries = []Entry{
	{"help.link", "Link your accounts on two platforms (Slack and Mattermost): `/jca link` gives a code, `/jca link <code>` on the other account joins them, and you count once; `/jca link remove` undoes it.", "Lier vos comptes sur deux plateformes (Slack et Mattermost) : `/jca link` donne un code, `/jca link <code>` sur l'autre compte les relie, et vous ne comptez qu'une fois ; `/jca link remove` l'annule."},

	{"link.code", "Your link code: **{code}**, valid until {when}.", "Votre code de liaison : **{code}**, valable jusqu'au {when}."},
	{"link.code.next", "On your other platform, type `/jca link {code}`: your two accounts then count as one person. Only you can see this code.", "Sur votre autre plateforme, tapez `/jca link {code}` : vos deux comptes compteront alors comme une seule personne. Vous seul voyez ce code."},
	{"link.current", "Already linked to this account: {who}.", "Déjà liés à ce compte : {who}."},
	{"link.joined", "Linked: you and {who} are now one person for the JCA.", "C'est fait : vous et {who} êtes désormais une seule personne pour la JCA."},
	{"link.merged", "Now counted under {who}: {votes} poll ballots and {positions} positions on proposals from this account. Where both accounts had answered, the answer given as {who} stands.", "Désormais comptés sous {who} : {votes} bulletins de sondage et {positions} positions sur des propositions donnés depuis ce compte. Là où les deux comptes avaient répondu, la réponse donnée en tant que {who} reste."},
	{"link.joined.next", "Your votes, positions and memberships count once, whichever platform you use. `/jca member show` lists your groups.", "Vos votes, positions et participations ne comptent qu'une fois, quelle que soit la plateforme. `/jca member show` affiche vos groupes."},
	{"link.removed", "This account is no longer linked to {who}; it counts as a person of its own again.", "Ce compte n'est plus lié à {who} ; il compte de nouveau comme une personne à part."},
	{"link.removed_all", "No account is linked to this one any more: {who}.", "Plus aucun compte n'est lié à celui-ci : {who}."},
	{"link.removed.next", "What was voted, held and said while linked stays with the account that gave the code. `/jca link` links accounts again.", "Ce qui a été voté, détenu et dit pendant la liaison reste au compte qui a donné le code. `/jca link` lie de nouveau des comptes."},
	{"err.link.none", "This account is not linked to another; nothing was changed.", "Ce compte n'est lié à aucun autre ; rien n'a été modifié."},
	{"err.link.bad_code", "Unknown or expired link code `{code}`. Type `/jca link` on your other platform for a new one: a code lasts 10 minutes.", "Code de liaison `{code}` inconnu ou expiré. Tapez `/jca link` sur votre autre plateforme pour en obtenir un nouveau : un code vaut 10 minutes."},
	{"err.link.same", "This code was made on this very account: type it on your other platform.", "Ce code a été créé sur ce compte même : tapez-le sur votre autre plateforme."},
	{"err.link.already", "This account is already linked to {who}; nothing was changed.", "Ce compte est déjà lié à {who} ; rien n'a été modifié."},
	{"err.link.has_links", "Other accounts are already linked to this one: type `/jca link` here, then the code on the other account.", "D'autres comptes sont déjà liés à celui-ci : tapez `/jca link` ici, puis le code sur l'autre compte."},

	{"mattermost.post_queued", "The post for the channel will appear shortly: Mattermost asked the bot to wait.", "Le message pour le canal apparaîtra sous peu : Mattermost a demandé au bot de patienter."},
	{"mattermost.post_failed", "The bot could not post this in the channel. Add it to the channel (`/invite @{bot}`) and try again.", "Le bot n'a pas pu publier ceci dans le canal. Ajoutez-le au canal (`/invite @{bot}`) et réessayez."},
	{"mattermost.files_sent", "Sent to you in a direct message: {names}.", "Envoyé en message direct : {names}."},
	{"mattermost.file_inline", "I couldn't send you the file **{name}**, so here is its text.", "Je n'ai pas pu vous envoyer le fichier **{name}** : en voici le texte."},
	{"mattermost.file_failed", "Could not send you {name}; try again in a minute.", "Impossible de vous envoyer {name} ; réessayez dans une minute."},
	{"mattermost.command.name", "JCA bot", "Bot JCA"},
	{"mattermost.command.description", "JCA coordination: activities, topics, polls, meetings", "Coordination de la JCA : activités, sujets, sondages, réunions"},
	{"mattermost.command.hint", "help | activity | topic | poll | meeting | link", "help | activity | topic | poll | meeting | link"},
}
