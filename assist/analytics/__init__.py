"""The team lead's figures: the same ruler for every agent and the bot, what to automate next, what the help
centre lacks, the weekly digest and the team files (reads and writes only through store.metrics and the
store's other managers)."""
