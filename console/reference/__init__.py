"""Reference data a centre owns: townships, the register of regulated entities, expert specialties and their synonyms.

Importing the package installs the shipped specialty vocabulary as the one plans' consultation
specialties are checked against (:func:`console.plan.loader.set_default_vocabulary`): the plan
layer does not know the experts, the reference data tell it (as the reserves install the
materials catalogue).
"""

from console.plan.loader import set_default_vocabulary
from console.reference.vocabulary import shipped_vocabulary

set_default_vocabulary(shipped_vocabulary)
