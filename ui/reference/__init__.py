"""The 基础数据 dialog (townships, regulated entities, depots, minimums, specialty synonyms) and
the import helpers the first-run assistant calls (``ui.reference.setup``)."""
