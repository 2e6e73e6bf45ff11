"""The incident timeline panel (pyqtgraph)."""
