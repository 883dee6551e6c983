"""Colours stay distinguishable for colour-blind viewers: every pair of network colours, and of
the agreement, new-agreement and event colours, is checked under simulated protanopia,
deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1.0), as a CIE76
colour difference in Lab. A difference over 10 is plainly visible; the symbols differ too."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from citylinks.render.styles import AGREEMENT_STYLE, EVENT_COLOR, NETWORK_COLORS, NEW_COLOR

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
         [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
         [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
         [0.004733, 0.691367, 0.303900]]
    ),
}  # fmt: skip
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
WHITE = np.array([0.95047, 1.0, 1.08883])
MIN_DIFFERENCE = 10.0


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / WHITE
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(colours: list[str], simulation: np.ndarray) -> tuple[float, str, str]:
    labs = {c: _lab(simulation @ _linear(c)) for c in colours}
    return min(
        (float(np.linalg.norm(labs[a] - labs[b])), a, b)
        for a, b in itertools.combinations(colours, 2)
    )


GROUPS = {
    "networks": list(NETWORK_COLORS[:10]),  # the bundled data has 10 networks
    "agreements and events": [s["color"] for s in AGREEMENT_STYLE.values()]
    + [NEW_COLOR, EVENT_COLOR],
}


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("vision", SIMULATIONS)
def test_col001_colours_stay_apart(group, vision):
    difference, a, b = _closest_pair(GROUPS[group], SIMULATIONS[vision])
    assert difference > MIN_DIFFERENCE, f"{a} and {b} look alike with {vision}"
