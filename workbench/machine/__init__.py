"""Machine drafts: providers, drafting jobs and the draft store."""
