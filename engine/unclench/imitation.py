"""Course text that imitates the box a learner ticks to acknowledge it: refused where they acknowledge.

A security tester ended a disclaimer and a safety note with ``▶ **[x]** I have read and understood this``: a
copy of the real box, ticked, drawn right above the real one, unticked. The gate still waited for the real box,
but the text looked acknowledged before it was read. The labels of the real boxes live here, so that the app
draws the same words this looks for.

Domain code: never imports Textual.
"""

from __future__ import annotations

import re

from unclench.text import INVISIBLE_CHARS, holds_category

#: The label of the disclaimer's box.
DISCLAIMER_CONFIRMATION = "I have read and understood this"
#: The label of the safety gate's box.
SAFETY_CONFIRMATION = "I have read these notes and feel well enough to practise"

# The patterns here are compiled only for a text that may hold what they find (``re`` keeps them): the app imports
# this module for the labels, and most texts hold no bracket, box or label.
#: The box characters, and a ticked box as text: ``[x]`` (or with a check mark). An unticked ``[ ]`` is a list of
#: things to think about, and fine. Looked for in the text as drawn (:func:`as_drawn`).
_BOX_CHARS = "\u2611\u2612\u2705\u22a0\U0001f5f9\U0001f5f7\U0001f5f5"
_TICKED_MARKS = "xX\u2713\u2714\u2717\u2718\u00d7"
#: ``(x) I agree`` is a ticked radio button; ``f(x)`` is not.
_TICKED_BOX = f"\\[\\s*[{_TICKED_MARKS}]\\s*\\]|(?<!\\w)\\(\\s*[{_TICKED_MARKS}]\\s*\\)|[{_BOX_CHARS}]"


def _label_pattern(label: str, said: int) -> str:
    """A label as a pattern that also finds it reworded the way people write it: ``I've``, ``&`` or ``+`` for
    ``and`` (a tester's ``I have read & understood this`` passed), and its first ``said`` words alone (``I have
    read and understood the above`` passed too)."""
    words = [r"(?:and|&|\+)" if word == "and" else re.escape(word) for word in label.split()]
    pattern = (
        r"\s+".join(words[:said]) + "".join(rf"(?:\s+{word}" for word in words[said:]) + ")?" * (len(words) - said)
    )
    return pattern.replace(r"I\s+have", r"I(?:\s+have|\s*['’]ve)", 1)


#: The labels as patterns: what the learner claims in each (read and understood; read the notes) is enough.
_LABELS = "(?i)" + "|".join(
    (_label_pattern(DISCLAIMER_CONFIRMATION, said=5), _label_pattern(SAFETY_CONFIRMATION, said=5))
)
#: The word every label holds, looked for (lower-cased) before the labels are.
_LABEL_WORD = "read"
#: A sentence that only says the box is ticked: ``Ticked. Now Tab to Continue and press Enter.`` (a tester's), ``You
#: have already acknowledged this.``, ``✓ Done``. A sentence of prose that merely holds the word (``once you have
#: checked with your doctor``) is fine.
_CLAIM_WORDS = ("ticked", "checked", "acknowledged", "confirmed")
#: Words that, right after a check mark, claim the same (``&check; done``).
_MARKED_WORDS = ("done", "agreed", "i agree", "accepted", "read", "ok", "yes")
_CHECK_MARKS = "\u2713\u2714"
_TICKED_CLAIM = (
    r"(?i)(?:^|(?<=[.!?:;]\s))("
    r"(?:(?:you|i|we)(?:\s+have|\s*['’]ve)\s+)?(?:the\s+)?(?:box\s+)?(?:is\s+|has\s+been\s+)?(?:already\s+|now\s+)?"
    rf"(?:{'|'.join(_CLAIM_WORDS)})(?:\s+(?:this|it|the\s+above))?"
    rf"|[{_CHECK_MARKS}]\s*(?:{'|'.join(_MARKED_WORDS)})\b)\s*(?:[.!:;{_CHECK_MARKS}]|$)"
)
#: Single letters with a space between each, as in ``T i c k e d``: read joined up.
_SPACED_LETTERS = r"(?<!\S)\w(?: \w(?!\w)){3,}"
#: Markdown's backslash escapes (``\[``), and the marks of emphasis and code, which are not drawn.
_ESCAPED = r"\\([!-/:-@\[-`{-~])"
_NO_MARKUP = str.maketrans("", "", "*_~`")
#: Cyrillic and Greek letters (and a few others) drawn like Latin ones: ``understоod`` with a Cyrillic о reads as
#: the label. Full-width forms and modifier letters (``［x］``, ``ˣ``) are folded by NFKC.
_LOOK_ALIKES = str.maketrans(
    "аᴀвсԁеғһіјкӏмнорԛѕтυуԝхүАВЕЅІЈКМНОРСТХУαβεηικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧıɑɡօսհ",
    "aabcdefhijklmhopqstuywxyABESIJKMHOPCTXYabenikvoptuxABEZHIKMNOPTYXiagouh",
)
#: Characters that draw as nothing, removed before looking (``[x`` U+200B ``]``, a soft hyphen inside a word).
_INVISIBLE = f"[{INVISIBLE_CHARS}]"
#: The categories every character of :data:`_INVISIBLE` is of, but for the fillers and the braille blank (a test
#: checks each code point): a text without them has nothing to remove.
_MAY_BE_INVISIBLE = frozenset(("Cf", "Mn", "Me", "Cn"))
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")

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
        unescaped = re.sub(_ESCAPED, r"\1", text) if "\\" in text else text
        text = html.unescape(unescaped.translate(_NO_MARKUP))
    text = unicodedata.normalize("NFKC", text)
    if holds_category(text, _MAY_BE_INVISIBLE, _INVISIBLE_LETTERS):
        text = re.sub(_INVISIBLE, "", text)
    text = "".join(char for char in unicodedata.normalize("NFD", text) if unicodedata.category(char) not in _UNDRAWN)
    return " ".join(text.translate(_LOOK_ALIKES).split())


#: The categories of characters :func:`as_drawn` leaves out: marks over a letter, and format characters.
_UNDRAWN = frozenset(("Mn", "Me", "Cf"))


def _worth_a_look(ascii_text: str) -> bool:
    """Whether a plain ASCII text may imitate a box: it holds a bracket, a parenthesis, a character reference or an
    escape, the words of a label in order however they are marked up or split, or letters spaced apart."""
    if any(char in ascii_text for char in "[(&\\"):
        return True
    lowered = ascii_text.lower()
    read = lowered.find(_LABEL_WORD)
    if read >= 0 and any(lowered.find(word, read) >= 0 for word in ("understood", "notes")):
        return True
    return any(word in lowered for word in _CLAIM_WORDS) or re.search(_SPACED_LETTERS, ascii_text) is not None


def imitated_box(text: str, *, markdown: bool = True) -> str | None:
    """The first part of ``text`` that imitates an acknowledgement box (ticked, or the app's own label), if any,
    as drawn (see :func:`as_drawn`; ``markdown``: whether the text is drawn as Markdown, or as written)."""
    if text.isascii() and not _worth_a_look(text):
        return None
    drawn = as_drawn(text, markdown=markdown)
    if re.search(_SPACED_LETTERS, drawn):
        drawn = re.sub(_SPACED_LETTERS, lambda spaced: spaced.group().replace(" ", ""), drawn)
    found = None
    if "[" in drawn or "(" in drawn or any(char in drawn for char in _BOX_CHARS):
        found = re.search(_TICKED_BOX, drawn)
    lowered = drawn.lower()
    if found is None and _LABEL_WORD in lowered:
        found = re.search(_LABELS, drawn)
    claimed = any(word in lowered for word in _CLAIM_WORDS) or any(mark in drawn for mark in _CHECK_MARKS)
    if found is None and claimed:
        claim = re.search(_TICKED_CLAIM, drawn)
        return claim.group(1) if claim is not None else None
    return found.group() if found is not None else None
