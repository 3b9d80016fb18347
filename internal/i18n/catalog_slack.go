package i18n

// slackEntries: the Slack adapter's own words (the rest of every reply
// comes from the commands).
var slackEntries = []Entry{
	{"slack.working", "Working on it: the answer follows here in a moment.", "C'est en cours : la réponse arrive ici dans un instant."},
	{"slack.fallback", "A message from jcabot", "Un message de jcabot"},
	{"slack.continued", "Continued in the next message ({n} of {total}).", "Suite dans le message suivant ({n} sur {total})."},
	{"slack.shortened", "Shortened to fit in one Slack message; the command shows the rest.", "Raccourci pour tenir dans un seul message Slack ; la commande affiche la suite."},
	{"slack.file_inline", "I couldn't share the file **{name}** here, so here is its text.", "Je n'ai pas pu partager le fichier **{name}** ici : en voici le texte."},
	{"slack.file_inline_cut", "I couldn't share the file **{name}** here, so here are its first {n} characters.", "Je n'ai pas pu partager le fichier **{name}** ici : en voici les {n} premiers caractères."},
	{"slack.file_failed", "I couldn't share the file **{name}** here. Invite me to the channel (`/invite @jcabot`) and ask again.", "Je n'ai pas pu partager le fichier **{name}** ici. Invitez-moi dans le canal (`/invite @jcabot`) et redemandez."},
	{"slack.invite", "I can't post in this channel, so the channel didn't see it. Invite me with `/invite @jcabot`, then ask again.", "Je ne peux pas publier dans ce canal : le canal ne l'a pas vu. Invitez-moi avec `/invite @jcabot`, puis redemandez."},
	{"slack.invite_to_update", "The channel sees it, but I can't keep it up to date here. Invite me with `/invite @jcabot` so the next copy updates itself.", "Le canal le voit, mais je ne peux pas le tenir à jour ici. Invitez-moi avec `/invite @jcabot` pour que la prochaine copie se mette à jour toute seule."},
	{"slack.post_later", "Slack didn't take my post in the channel just now; it will go out as soon as Slack takes it.", "Slack n'a pas pris ma publication dans le canal pour l'instant ; elle partira dès que Slack l'acceptera."},
	{"slack.post_failed", "Slack didn't take my post in the channel just now; what you asked was done. Try again in a minute to post it.", "Slack n'a pas pris ma publication dans le canal pour l'instant ; ce que vous avez demandé est fait. Réessayez dans une minute pour la publier."},
	{"slack.mention_hint", "Only you see this. Talk to me with `/jca`, for example `/jca help poll`.", "Vous seul voyez ce message. Parlez-moi avec `/jca`, par exemple `/jca help poll`."},
}
