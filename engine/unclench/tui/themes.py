"""The app's themes: Textual's own, plus a high-contrast one; the learner's choice is remembered."""

from __future__ import annotations

from textual.theme import Theme

#: The store setting that remembers the learner's theme.
THEME_SETTING = "theme"

#: Pure white on black, yellow and cyan for what stands out: for low vision and bright rooms.
HIGH_CONTRAST = Theme(
    name="unclench-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#262626",
    boost="#333333",
    warning="#FFB000",
    error="#FF6060",
    success="#40FF40",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "button-color-foreground": "#000000",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#262626",
    },
)
