"""Reserve materials (应急物资储备): catalogue, road graph, allocation, import/export, alerts.

Qt-free and storage-independent: the stock ledger on the database builds on these
modules; the UI panel only calls them. See ``docs/reserves.md``.

Importing the package installs the shipped catalogue as the one plans' materials are checked
against (:func:`console.plan.loader.set_default_catalogue`): the plan layer does not know the
reserves, the reserves tell it.
"""

from console.plan.loader import set_default_catalogue
from console.reserves.catalogue import shipped_catalogue

set_default_catalogue(shipped_catalogue)
