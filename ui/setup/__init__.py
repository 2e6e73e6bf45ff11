"""The first-run assistant (首次运行向导) and the jurisdiction in the window title.

``main.py`` opens :class:`~ui.setup.wizard.SetupWizard` before the main window when the
database is new (no account, no incident: ``Console.site.first_run()``), and its jurisdiction
page alone when a database with data has no jurisdiction yet. The imports it offers are the
registry :data:`ui.setup.steps.IMPORT_STEPS`.
"""
