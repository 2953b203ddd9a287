"""The focus outline has at least 3:1 contrast on white (WCAG 2.2, 1.4.11 non-text contrast)."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "site" / "static" / "css" / "site.css"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_focus_outline_colour_contrasts_at_least_3_to_1_with_white():
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", CSS.read_text()).group(1)
    colour = re.search(r"outline:[^;]*#([0-9a-fA-F]{6})", rule).group(1)
    ratio = (1.0 + 0.05) / (luminance(colour) + 0.05)
    assert ratio >= 3.0, ratio
