"""The plan library: the plans a centre has added (each version kept, its text hash in the log),
with their jurisdiction and domain; retired plans keep the incidents that used them on their version.

Importing the package installs the offline division data (``console.geo``) as the list plan
files' jurisdiction codes are checked against (:func:`console.plan.loader.set_default_divisions`):
the plan layer does not know the geography, the library tells it — as the reserves tell it the
material catalogue. ``plan check`` and the library then refuse ``jurisdiction: {code: "999999"}``
with the located error. It also installs the plan ids a hand-over may name
(:func:`console.library.known.known_plan_ids`: plans/*.yaml and the library's plans).
"""

from console.library.divisions import division
from console.library.known import known_plan_ids
from console.plan.loader import set_default_divisions, set_default_known_plans

set_default_divisions(division)
set_default_known_plans(known_plan_ids)
