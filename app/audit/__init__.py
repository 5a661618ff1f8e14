"""The audit trail: who did what to which record, and when — never the content of notes."""
