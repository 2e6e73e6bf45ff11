"""The wall's high-contrast dark theme and its sizes, which scale with the screen.

Every size is a fraction of the wall's height (:func:`px`), so the same layout reads the same at
1920×1080 and at 3840×2160. Every text colour is checked against the background it is drawn on
(:func:`contrast`, WCAG 2): at least 4.5:1 (tests/ui/wall).
"""

from __future__ import annotations

from dataclasses import dataclass

BACKGROUND = "#000000"
PANEL = "#0d1117"  # the panels' background
TEXT = "#ffffff"
MUTED = "#c9d1d9"  # titles and units
ALARM = "#ff6b6b"  # overdue, alarms
CALM = "#7ee787"  # nothing overdue
ACCENT = "#ffd43b"  # chart bars, the clock

#: level id → (short label, colour of its chip; the chip's text is black or white, whichever reads better)
LEVELS: dict[str | None, tuple[str, str]] = {
    "I": ("Ⅰ级", "#ff4d4f"),
    "II": ("Ⅱ级", "#ff922b"),
    "III": ("Ⅲ级", "#ffd43b"),
    "IV": ("Ⅳ级", "#4dabf7"),
    None: ("未分级", "#adb5bd"),
}


@dataclass(frozen=True)
class Sizes:
    """Font pixel sizes, as fractions of the wall's height."""

    title: float = 0.034
    clock: float = 0.040
    incident_title: float = 0.040
    label: float = 0.026
    countdown: float = 0.100
    row: float = 0.026
    row_countdown: float = 0.030
    figure: float = 0.080
    figure_title: float = 0.026
    ticker: float = 0.030


SIZES = Sizes()


def px(height: int, fraction: float) -> int:
    """A pixel size for ``fraction`` of the wall's height (never below 12 px)."""
    return max(12, round(height * fraction))


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    h = colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on(colour: str) -> str:
    """Black or white text, whichever contrasts more with ``colour``."""
    return "#000000" if contrast("#000000", colour) >= contrast("#ffffff", colour) else "#ffffff"


def level_style(level: str | None) -> tuple[str, str, str]:
    """(label, chip colour, text colour) of an incident level."""
    label, colour = LEVELS.get(level, LEVELS[None])
    return label, colour, on(colour)


#: (text, background) pairs the wall draws: the tests hold each at ≥ 4.5:1
PAIRS: tuple[tuple[str, str], ...] = (
    (TEXT, BACKGROUND), (TEXT, PANEL), (MUTED, BACKGROUND), (MUTED, PANEL), (ALARM, PANEL), (ALARM, BACKGROUND),
    (CALM, PANEL), (ACCENT, BACKGROUND), (ACCENT, PANEL),
    *((on(c), c) for _l, c in LEVELS.values()),
)
