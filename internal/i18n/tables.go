package i18n

// AllTables lists the catalog tables of every area of the bot. A new area
// adds its table here.
func AllTables() [][]Entry {
	return [][]Entry{
		coreEntries,
		rolesEntries,
		activityEntries,
		proposalEntries,
		memberEntries,
		scheduleEntries,
		digestEntries,
		jobsEntries,
		orgEntries,
		liaisonEntries,
		findEntries,
		meetingEntries,
		pollEntries,
		mattermostEntries,
		slackEntries,
		consoleEntries,
		reportEntries,
		fairnessEntries,
	}
}
