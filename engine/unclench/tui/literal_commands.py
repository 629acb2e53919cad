"""The command palette's commands, shown literally: a lesson's title is the course author's text, not markup.

Textual's own provider reads every title and help text as content markup: a lesson
titled ``Wel[/]come`` crashed the palette, and ``Wel[b]co[/b]me`` was drawn bold.
This provider yields the same commands with titles as plain :class:`Content` and
help texts with every ``[`` escaped (the palette reads help only as markup).
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider


def literal_markup(text: str) -> str:
    """``text`` as content markup that reads back as exactly ``text`` (each ``[`` escaped)."""
    return text.replace("[", "\\[")


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` as plain content, the letters the query matched highlighted (as Textual's matcher does)."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class LiteralSystemCommands(SystemCommandsProvider):
    """The app's system commands (:meth:`App.get_system_commands`), every text shown as written."""

    async def discover(self) -> Hits:
        """The commands shown before anything is typed, in alphabetical order."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(Content(name), callback, text=name, help=literal_markup(help_text))

    async def search(self, query: str) -> Hits:
        """The commands whose titles match ``query``."""
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=literal_markup(help_text))
