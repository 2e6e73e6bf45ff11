"""Giving memory back after the one large load of the map (the regulated entities)."""

from __future__ import annotations


def release_freed_memory() -> None:
    """Hand memory freed by a large one-off load back to the system (glibc keeps it otherwise)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
