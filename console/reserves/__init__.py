"""Reserve materials (应急物资储备): catalogue, road graph, allocation, import/export, alerts.

Qt-free and storage-independent: the stock ledger on the database builds on these
modules; the UI panel only calls them. See ``docs/reserves.md``.
"""
