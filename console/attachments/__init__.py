"""Attachments (附件) on incidents, reports and tasks, kept with their SHA-256 in the log."""
