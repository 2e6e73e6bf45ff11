"""The window's words for the contacts feature cover every key the core uses."""

from __future__ import annotations

from console.contacts.directory import COLUMNS, KIND_TITLES
from console.contacts.notifications import CHANNELS, METHODS, RESULTS
from ui.contacts import labels


def test_every_core_key_has_its_label(qapp) -> None:  # noqa: ANN001
    assert labels.methods() == METHODS and labels.results() == RESULTS  # Chinese: the texts themselves
    assert labels.kinds() == KIND_TITLES
    assert set(labels.channels()) == set(CHANNELS.values())
    assert labels.columns() == {a: h for a, h, _, _ in COLUMNS}
