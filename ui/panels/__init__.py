"""The console's panels: incident list and detail, facts form, level decision, tasks,
new-incident and settings dialogs. Views hold no domain rules: they call the incident
service and redraw from its state."""
