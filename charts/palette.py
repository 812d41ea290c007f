"""One categorical colour per degree, the same everywhere; shading shows how established a cell is.

Colours are from the Okabe–Ito colour-blind-safe set. There is deliberately no
red-to-green scale across degrees: a degree is a form of engagement, not a mark.
"""

from __future__ import annotations

DEGREE_COLOURS: dict[str, str] = {
    "information": "#0072B2",  # blue
    "consultation": "#009E73",  # bluish green
    "collaboration": "#E69F00",  # orange
    "partnership": "#CC79A7",  # reddish purple
}
FALLBACK_COLOURS = ("#56B4E9", "#D55E00", "#F0E442", "#999999")

# How much of the degree colour a cell shows, by state (0 = white).
STATE_SHADE: dict[str, float] = {"absent": 0.0, "emerging": 0.3, "present": 0.65, "established": 1.0}
NEUTRAL = "#F2F2F2"  # optional levels and cells without items: neither absent nor a state
TEXT_DARK = "#1A1A1A"
TEXT_LIGHT = "#FFFFFF"


def degree_colour(degree: str, index: int = 0) -> str:
    return DEGREE_COLOURS.get(degree, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])


def tint(hex_colour: str, share: float) -> str:
    """Mix a colour with white: share 0 is white, share 1 the colour itself."""
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    mix = [round(255 - (255 - c) * share) for c in (r, g, b)]
    return "#" + "".join(f"{c:02X}" for c in mix)


def cell_fill(degree: str, state: str | None, index: int = 0) -> str:
    if state is None or state not in STATE_SHADE:
        return NEUTRAL
    return tint(degree_colour(degree, index), STATE_SHADE[state])


def text_colour_on(fill: str) -> str:
    """Dark or light text, whichever contrasts more (WCAG relative luminance)."""
    fill = fill.lstrip("#")
    channels = []
    for i in (0, 2, 4):
        c = int(fill[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return TEXT_DARK if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else TEXT_LIGHT


# --- Added for the results views (issue 7): states beyond the four shades ---------------------
# "Declared, not evidenced" is shaded like an emerging cell and outlined with dashes, so that it
# never looks held. Unscored states (an optional level skipped, a cell without items, no answer,
# to be agreed) are NEUTRAL with a dotted outline: they are not "absent".
DECLARED_NOT_EVIDENCED_SHADE = STATE_SHADE["emerging"]
UNSCORED_STATES = ("not_applicable", "not_assessed", "not_answered", "to_be_agreed")
COVERAGE_COLOUR = "#555555"  # coverage is not a degree: a neutral grey, never a degree colour


def state_fill(degree: str, state: str | None, index: int = 0) -> str:
    """The fill of a cell in any engine state (the four shades, declared-not-evidenced, or unscored)."""
    if state == "declared_not_evidenced":
        return tint(degree_colour(degree, index), DECLARED_NOT_EVIDENCED_SHADE)
    return cell_fill(degree, state, index)


def state_outline(state: str | None) -> str:
    """Plotly dash style of a cell's outline: solid for scored states, dashes when not evidenced, dots unscored."""
    if state == "declared_not_evidenced":
        return "dash"
    return "solid" if state in STATE_SHADE else "dot"
