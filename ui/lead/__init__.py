"""The team lead's view: every agent and the bot on one ruler, trends, drill-down to the transcript, what to
automate next, the help centre's gaps and the disputes queue (its own window, opened from the top bar)."""
