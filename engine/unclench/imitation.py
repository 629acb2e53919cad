"""Course text that imitates the box a learner ticks to acknowledge it: refused where they acknowledge.

A security tester ended a disclaimer and a safety note with ``▶ **[x]** I have read and understood this``: a
copy of the real box, ticked, drawn right above the real one, unticked. The gate still waited for the real box,
but the text looked acknowledged before it was read. The labels of the real boxes live here, so that the app
draws the same words this looks for.

Domain code: never imports Textual.
"""

from __future__ import annotations

import re

from unclench.text import INVISIBLE_CHARS

#: The label of the disclaimer's box.
DISCLAIMER_CONFIRMATION = "I have read and understood this"
#: The label of the safety gate's box.
SAFETY_CONFIRMATION = "I have read these notes and feel well enough to practise"

#: A ticked box as text: ``[x]`` (or with a check mark) and the box characters themselves. An unticked ``[ ]``
#: is a list of things to think about, and fine. Looked for in the text as drawn (:func:`as_drawn`).
_TICKED_BOX = re.compile(
    "\\[\\s*[xX\u2713\u2714\u2717\u2718\u00d7]\\s*\\]|[\u2611\u2612\u2705\u22a0\U0001f5f9\U0001f5f7\U0001f5f5]"
)
_LABELS = re.compile("|".join(re.escape(label) for label in (DISCLAIMER_CONFIRMATION, SAFETY_CONFIRMATION)), re.I)
#: What a plain ASCII text must hold to be worth a closer look: a bracket, a character reference, an escape, or
#: the words of a label, however they are marked up or split.
_WORTH_A_LOOK = re.compile(r"[\[&\\]|(?i:read).*(?i:understood|practise)", re.S)
#: Markdown's backslash escapes (``\[``), and the marks of emphasis and code, which are not drawn.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKUP = re.compile(r"[*_~`]")
#: Cyrillic and Greek letters (and a few others) drawn like Latin ones: ``understоod`` with a Cyrillic о reads as
#: the label. Full-width forms and modifier letters (``［x］``, ``ˣ``) are folded by NFKC.
_LOOK_ALIKES = str.maketrans(
    "аᴀвсԁеғһіјкӏмнорԛѕтυуԝхүАВЕЅІЈКМНОРСТХУαβεηικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧıɑɡօսհ",
    "aabcdefhijklmhopqstuywxyABESIJKMHOPCTXYabenikvoptuxABEZHIKMNOPTYXiagouh",
)
#: Characters that draw as nothing, removed before looking (``[x`` U+200B ``]``, a soft hyphen inside a word).
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")

IMITATED_BOX = (
    "this text imitates the box the learner ticks ({found}): it could look acknowledged before it is read",
    "remove it; the app draws the real box under the text",
)


def as_drawn(text: str, *, markdown: bool = True) -> str:
    """``text`` as a learner reads it, to look for the box in: Markdown's escapes, character references and marks
    of emphasis undone (``markdown``), full-width and modifier forms folded (NFKC), marks and invisible characters
    removed, Cyrillic and Greek look-alikes read as the Latin letters they look like, white space as one space."""
    import html  # only here: the app imports this module for the labels alone
    import unicodedata

    if markdown:
        text = html.unescape(_MARKUP.sub("", _ESCAPED.sub(r"\1", text)))
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(char for char in unicodedata.normalize("NFD", text) if unicodedata.category(char) not in _UNDRAWN)
    return " ".join(text.translate(_LOOK_ALIKES).split())


#: The categories of characters :func:`as_drawn` leaves out: marks over a letter, and format characters.
_UNDRAWN = frozenset(("Mn", "Me", "Cf"))


def imitated_box(text: str, *, markdown: bool = True) -> str | None:
    """The first part of ``text`` that imitates an acknowledgement box (ticked, or the app's own label), if any,
    as drawn (see :func:`as_drawn`; ``markdown``: whether the text is drawn as Markdown, or as written)."""
    if text.isascii() and not _WORTH_A_LOOK.search(text):
        return None
    drawn = as_drawn(text, markdown=markdown)
    found = _TICKED_BOX.search(drawn) or _LABELS.search(drawn)
    return found.group() if found is not None else None
