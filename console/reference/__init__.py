"""Reference data a centre owns: townships, the register of regulated entities, expert specialties and their synonyms."""
