"""Drill windows: the trainer's (导调) controller, the after-action review, and the 演练 watermark."""
