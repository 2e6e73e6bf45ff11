"""The improvement register: corrective actions from drills followed up with the real data, and the annual drill plan."""
