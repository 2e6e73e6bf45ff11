"""Records of an incident beyond the plan engine: the expert registry, information reports
(初报/续报/核报/终报 and the drug group-adverse-event form), expert consultations (专家会商),
the duty log (应急值守) and the timeline model that ties them together.

Every change that matters to an incident is also an event in the incident's log, written in
the same transaction as the record (``IncidentService.command(..., in_transaction=)``), so the
record and the event commit together or not at all.
"""
