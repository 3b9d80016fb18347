package i18n

// consoleEntries: the console's own words (the rest of every reply comes
// from the commands).
var consoleEntries = []Entry{
	{"console.interrupt_hint", "(To leave, press Ctrl-C again, or type `quit`.)", "(Pour quitter, appuyez de nouveau sur Ctrl-C, ou tapez `quit`.)"},
	{"console.line_too_long", "That line is {bytes} bytes long; the console reads lines of at most {max} bytes. It was skipped, and the lines after it still run.", "Cette ligne fait {bytes} octets ; la console lit des lignes de {max} octets au plus. Elle a été ignorée, et les lignes suivantes s'exécutent quand même."},
}
