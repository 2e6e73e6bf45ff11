"""The improvement register (整改台账): corrective actions from drills followed up with the real
data, and the annual drill plan (年度演练计划)."""
