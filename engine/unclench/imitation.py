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
# this module for the labels, and most texts hold no bracket, box or label. They are matched against the text as
# drawn, lower-cased, and written in lower case without ``(?i)``: ignoring case makes Python compile each several
# times slower (15 ms against 3 ms), which ``check --no-cache`` of every course would pay.
#: Boxes drawn ticked or crossed, and radio buttons drawn chosen, as one character.
_BOX_CHARS = "\u2611\u2612\u2705\u22a0\U0001f5f9\U0001f5f7\U0001f5f5\u2327\u25a3\u25c9\u29bf"
#: Check marks, and crosses (``x`` too): in a box of brackets either is a box ticked.
_TICKS = "\u2713\u2714\U0001f5f8\u221a\U0001f44d"
_CROSSES = (
    "x\u2717\u2718\u00d7\u2573\u2a2f\u2a09\u2613\uab53\U0001f187\u292b\u292c\u274c\u274e\u2715\u2716\U0001f5d9"
    "\U0001f7a8\u26cc\u2297"
)
_OPENING = "[({<|\u27e8\u3008\u27e6\u3010\u3014\u2772\u2997\u2045"
_CLOSING = "])}>|\u27e9\u3009\u27e7\u3011\u3015\u2773\u2998\u2046"
#: The words that follow a box in a form: its label, or an answer.
_LABEL_START = r"(?:i\b|read|agree|understood|done|accept|acknowledg|confirm|tick|check|notes|yes\b|ok\b)"
#: Where a sentence, a line, an item of a list or a cell of a table starts, in the text as drawn.
_STARTS = r"(?:^|(?<=\n)|(?<=[.!?:|]\s)|(?<=\|)|(?<=[\u25b6\u2022\u00b7>\-\u2014\u2013]\s))"
#: A ticked box as text: ``[x]`` (a check mark or a cross between square brackets) where a line or sentence starts
#: or before a label's words; anything short between brackets (``{x}``, ``(•)``, ``[ok]``) before a label's words
#: (``Hold for [x] seconds``, ``f(x)``, ``keep it below (x) beats`` and ``[1]`` are prose); a box character; an
#: empty box with a tick beside it (``☐✓``). An unticked ``[ ]`` is a list of things to think about, and fine.
#: Looked for in the text as drawn (:func:`as_drawn`).
_TICKED_BOX = (
    rf"{_STARTS}\[\s*[{_TICKS}{_CROSSES}]+\s*\]"
    rf"|(?<!\w)[{re.escape(_OPENING)}]\s*(?!\d+\s*[{re.escape(_CLOSING)}])[^\s\w]{{1,3}}\s*[{re.escape(_CLOSING)}]"
    rf"(?=\s*{_LABEL_START})"
    rf"|(?<!\w)[{re.escape(_OPENING)}]\s*(?!\d)\w{{1,3}}\s*[{re.escape(_CLOSING)}](?=\s*{_LABEL_START})"
    rf"|[{_BOX_CHARS}]"
    rf"|\u2610\s*[{_TICKS}{_CROSSES}]"
)
#: "I", "I have", "I've", as a label starts.
_I_HAVE = r"[i1|l](?:\s+have|\s*['\u2019]ve)?"
#: What ends a label: nothing more of the sentence (``I have read these notes many times`` is the author speaking).
_LABEL_END = r"(?=\s*(?:[.!,;:)\]\n]|$))"
#: The labels, and what each claims however it is reworded (``I read and fully understood this``, ``I have read,
#: and understood, this``, ``I have read the notes``): the words of the real box, above it, look like it ticked.
_LABELS = (
    rf"(?:{_I_HAVE}\s+|{_STARTS})(?:\w+\s+)?read(?:\s+(?:it|this|them))?,?\s+(?:and|&|\+)\s+(?:i\s+(?:have\s+)?)?"
    rf"(?:\w+\s+)?underst(?:oo|a)[dn]d?(?:,?\s+(?:this|it|them|the\s+above|everything|all\s+of\s+(?:this|it)))?"
    rf"{_LABEL_END}"
    rf"|{_I_HAVE}\s+(?:\w+\s+)?read\s+(?:these|the|all|those|them)(?:\s+notes)?"
    r"(?:,?\s+(?:and|&|\+)\s+(?:i\s+)?(?:feel|am)\s+(?:well|fit)(?:\s+enough)?\s+to\s+practi[sc]e)?"
    rf"{_LABEL_END}"
    r"|\bi\s+(?:\w+\s+){0,2}(?:feel|am)\s+(?:well\s+enough|fit)\s+to\s+practi[sc]e"
)
#: The word every label holds, looked for (lower-cased) before the labels are.
_LABEL_WORD = "read"
#: What a sentence says when it only says the box is ticked.
_CLAIMED = (
    r"(?:pre-?)?(?:ticked|checked|selected|acknowledged|confirmed|agreed|accepted|understood|done|completed?|saved"
    r"|got\s+it|marked(?:\s+as)?\s+read|read\s+(?:and|&|\+)\s+(?:\w+\s+)?understood)"
)
#: Claimed with a day or a time: ``You acknowledged this on 1 March.`` (not ``Done in two minutes``).
_CLAIMED_ON_A_DAY = r"(?:ticked|acknowledged|confirmed|agreed|accepted|saved|recorded)"
_WHO = (
    r"(?:(?:you|i|we)(?:\s+have|\s+had|\s*['\u2019]ve)?"
    r"|(?:it|this|(?:the\s+)?(?:check)?box(?:\s+(?:below|above))?|(?:the\s+)?(?:safety\s+)?notes|the\s+disclaimer)"
    r"(?:\s+(?:is|are|has\s+been|have\s+been|was|were))?)"
)
_WHAT = (
    r"(?:\s+(?:to\s+)?(?:this(?:\s+box)?|it|them|these\s+notes|the\s+(?:above|box|notes|disclaimer)|everything"
    r"|for\s+you|already)){0,2}"
)
_WHEN = r"(?:\s+(?:on|in|at|when|during|before|earlier|last|yesterday|today)\b[^.!?\n]{0,60})?"
_MARK = rf"[{_TICKS}]"
#: What is said to be "already" so: ``it is already done``, ``already confirmed: press Continue``.
_ALREADY_CLAIMED = r"(?:ticked|checked|selected|marked(?:\s+as)?\s+read|confirmed|acknowledged|accepted|agreed|done)"
_SAID = r"(?:your\s+)?(?:acknowledge?ment|agreement|consent|tick|confirmation)s?"
#: A sentence that only says the box is ticked: ``Ticked. Now Tab to Continue and press Enter.`` (a tester's), ``You
#: acknowledged this on 1 March.``, ``✓ Understood``, ``Done ✓``, ``Tick: yes``, ``Consent recorded.``, something
#: ``already`` ticked anywhere, and the app's own words under a ticked box (``Tab to Continue``). A sentence of prose
#: that merely holds such a word (``once you have checked with your doctor``, ``Knee checked.``, ``Done ✓ is not the
#: goal``) is fine.
_TICKED_CLAIM = (
    rf"{_STARTS}((?:{_MARK}\s*)?(?:"
    rf"{_WHO}\s+(?:already\s+|now\s+)?{_CLAIMED}{_WHAT}{_WHEN}"
    rf"|(?:already\s+|now\s+)?{_CLAIMED}{_WHAT}"
    rf"|{_CLAIMED_ON_A_DAY}\s+on\s+[^.!?\n]{{1,30}}"
    rf"|{_SAID}\s*(?::|is|was|has\s+been|have\s+been)?\s*(?:saved|recorded|stored|noted|received|on\s+(?:record|file))"
    rf"{_WHEN}"
    rf"|(?:tick(?:ed)?|read|status|state|box|checkbox|acknowledged|agreed|understood|consent|confirmed)\s*:\s*"
    rf"(?:yes|done|ticked|checked|on|true|recorded|{_MARK}|x)"
    rf"|(?:read|done|ok)(?=\s*{_MARK})"
    rf"|(?={_MARK}\s*(?:[.!\n]|$))"
    rf")(?:\s*{_MARK})?)\s*(?:[.!\n]|$)"
    rf"|\b((?:it|this|everything|all\s+(?:of\s+)?this|the\s+(?:check)?box(?:\s+(?:below|above))?"
    rf"|(?:these|the|your)\s+(?:safety\s+)?notes)\s+(?:is|are|has\s+been|have\s+been|was|were)\s+already\s+"
    rf"(?:been\s+)?{_ALREADY_CLAIMED}(?:\s+for\s+you)?)\s*(?:[.!:;,\n]|$)"
    rf"|{_STARTS}(already\s+{_ALREADY_CLAIMED})\s*[:;,]"
    r"|\b((?:nothing|no\s+need)\s+to\s+(?:tick|check|confirm|acknowledge)|tab\s+to\s+continue)\b"
)
#: The words that make a plain text worth looking at for a label or a claim, lower-cased.
_CLAIM_WORDS = (
    *("practi", "underst", "tick", "check", "acknowledg", "confirm", "agree", "accept", "done", "complete", "read"),
    *("status", "state", "select", "saved", "consent", "recorded", "already", "tab to continue", "got it"),
)
#: Single letters with a space between each, as in ``T i c k e d``: read joined up.
_SPACED_LETTERS = r"(?<!\S)\w(?: \w(?!\w)){3,}"
#: Digits written for letters inside a word (``underst00d``): read as the letters.
_DIGITS_AS_LETTERS = str.maketrans("0135", "oles")
#: Markdown's backslash escapes (``\[``), and the marks of emphasis and code, which are not drawn.
_ESCAPED = r"\\([!-/:-@\[-`{-~])"
_NO_MARKUP = str.maketrans("", "", "*_~`")
#: A link or an image, drawn as its text (``[understood](https://example.org)``).
_LINK = r"!?\[([^\]\n]*)\]\([^)\n]*\)"
_STAR_IN_BOX = rf"([{re.escape(_OPENING)}])\s*\*\s*([{re.escape(_CLOSING)}])"
#: A character in an enclosing square or circle (``x⃞``): a box with it; an empty box struck through (``☐̸``).
_ENCLOSED = "(.)[\u20dd\u20de\u20e3]"
_STRUCK_BOX = "\u2610[\u0336\u0337\u0338\u20e5\u20e0]"
#: Cyrillic and Greek letters (and a few others) drawn like Latin ones: ``understоod`` with a Cyrillic о reads as
#: the label. Full-width forms and modifier letters (``［x］``, ``ˣ``) are folded by NFKC.
_LOOK_ALIKES = str.maketrans(
    "аᴀвсԁеғһіјкӏмнорԛѕтυуԝхүАВЕЅІЈКМНОРСТХУαβεηικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧıɑɡօսհ\u04c0\ua4f2\u01c0ոᴜłɄʉ",
    "aabcdefhijklmhopqstuywxyABESIJKMHOPCTXYabenikvoptuxABEZHIKMNOPTYXiagouhIIInulUu",
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
    """``text`` as a learner reads it, to look for the box in: Markdown's escapes, character references, links,
    heading marks and marks of emphasis undone (``markdown``), full-width and modifier forms folded (NFKC), a
    character in an enclosing square read as in a box, marks and invisible characters removed, Cyrillic and Greek
    look-alikes read as the Latin letters they look like, digits inside words as letters, white space as one
    space but for a line break (where a line, and so perhaps a claim, starts)."""
    import html  # only here: the app imports this module for the labels alone
    import unicodedata

    if markdown:
        unescaped = re.sub(_ESCAPED, r"\1", text) if "\\" in text else text
        unlinked = re.sub(_LINK, r"\1", unescaped) if "](" in unescaped else unescaped
        if "*" in unlinked and any(f"{opening}*" in unlinked or f"{opening} *" in unlinked for opening in _OPENING):
            # A star alone in a box is drawn, not emphasis: kept as the filled box it shows.
            unlinked = re.sub(_STAR_IN_BOX, "\\1\u25a0\\2", unlinked)
        if "#" in unlinked:  # ``### Ticked.`` is drawn as a heading: the words start its line
            unlinked = re.sub(_HEADING_MARK, "", unlinked)
        text = html.unescape(unlinked.translate(_NO_MARKUP))
    text = unicodedata.normalize("NFKC", text)
    if holds_category(text, _MAY_BE_INVISIBLE, _INVISIBLE_LETTERS):
        text = re.sub(_INVISIBLE, "", text)
        text = re.sub(_STRUCK_BOX, "\u2612", re.sub(_ENCLOSED, r"[\1]", text))
    text = "".join(char for char in unicodedata.normalize("NFD", text) if unicodedata.category(char) not in _UNDRAWN)
    return _as_written(text.translate(_LOOK_ALIKES))


#: A Markdown heading's marks at the start of its line.
_HEADING_MARK = r"(?m)^[ \t]{0,3}(?:[-*+>][ \t]+)*#{1,6}(?=[ \t]|$)"


def _letters_for_digits(word: str) -> str:
    """``underst00d`` as ``understood``: a word of letters with digits among them (not a number, nor ``f(x)``)."""
    if word.isalpha() or not any(char.isalpha() for char in word) or not any(char.isdigit() for char in word):
        return word
    return word.translate(_DIGITS_AS_LETTERS)


#: The categories of characters :func:`as_drawn` leaves out: marks over a letter, and format characters.
_UNDRAWN = frozenset(("Mn", "Me", "Cf"))


def _worth_a_look(ascii_text: str) -> bool:
    """Whether a plain ASCII text may imitate a box: it holds a bracket, a character reference or an escape, a word
    a label or a claim is made of however it is marked up or written with digits, or letters spaced apart."""
    if any(char in ascii_text for char in "[({<|&\\"):
        return True
    lowered = ascii_text.translate(_NO_MARKUP).lower().translate(_DIGITS_AS_LETTERS)
    return any(word in lowered for word in _CLAIM_WORDS) or re.search(_SPACED_LETTERS, ascii_text) is not None


def imitated_box(text: str, *, markdown: bool = True) -> str | None:
    """The first part of ``text`` that imitates an acknowledgement box (ticked, or the app's own label), if any,
    as drawn (see :func:`as_drawn`; ``markdown``: whether the text is drawn as Markdown, or as written)."""
    if text.isascii() and not _worth_a_look(text):
        return None
    if text.isascii() and not (markdown and any(char in text for char in _MARKDOWN_AT_WORK)):
        drawn = _as_written(text)  # nothing to undo, fold or remove: as_drawn would give the same, slower
    else:
        drawn = as_drawn(text, markdown=markdown)
    if re.search(_SPACED_LETTERS, drawn):
        drawn = re.sub(_SPACED_LETTERS, lambda spaced: spaced.group().replace(" ", ""), drawn)
    lowered = drawn.lower()
    found = None
    if any(char in lowered for char in _BOX_CHARS + "\u2610") or _short_in_brackets(lowered):
        found = re.search(_TICKED_BOX, lowered)
    if found is None and _may_hold_a_label(lowered):
        found = re.search(_LABELS, lowered)
    if found is None and _may_claim(lowered):
        found = re.search(_TICKED_CLAIM, lowered)
    if found is None:
        return None
    start, end = found.span(found.lastindex or 0)
    # As drawn, in its own case, when lower-casing kept every character's place (it does but for a few letters).
    return drawn[start:end] if len(lowered) == len(drawn) else lowered[start:end]


#: The characters whose Markdown :func:`as_drawn` undoes in a plain ASCII text (without them it is as written).
_MARKDOWN_AT_WORK = "*_~`&\\#]"


def _as_written(text: str) -> str:
    """``text`` with its lines' white space as one space and digits inside words as letters: all :func:`as_drawn`
    does to a plain ASCII text without Markdown at work, and the last of what it does to any text."""
    lines = (line.split() for line in text.splitlines())
    return "\n".join(" ".join(_letters_for_digits(word) for word in words) for words in lines if words)


def _short_in_brackets(lowered: str) -> bool:
    """Whether one to three characters stand between brackets somewhere (``[x]``, ``( x )``, ``{ok}``): where a box
    written as text may be, looked for before the full pattern (found without compiling one)."""
    for opening in _OPENING:
        at = lowered.find(opening)
        while at >= 0:
            inside = lowered[at + 1 : at + 8].lstrip()
            for closing in _CLOSING:
                end = inside.find(closing)
                if 0 < end <= 4 and 1 <= len(inside[:end].strip()) <= 3:
                    return True
            at = lowered.find(opening, at + 1)
    return False


#: The words a claim's sentence may start with (after a check mark, a bullet or a subject), and those it must hold.
_CLAIM_STARTS = (
    *("you", "we", "this", "box", "checkbox", "checked", "notes", "safety", "now", "pre", "your", "ackn", "ticked"),
    *("tick:", "tick :", "read:", "read :", "read and", "read &", "read +", "status", "state", "consent", "done"),
    *("ok", "agreed", "accepted", "understood", "complete", "marked", "confirm", "saved", "selected", "got"),
    *("agreement", "already", "i ", "i'", "i\u2019", "it ", "the box", "the check", "the notes", "the safety"),
    "the dis",
)
_CLAIM_HOLDS = (*_CLAIM_WORDS, "ok", "on record", "on file", "noted", "stored", "received")


def _may_hold_a_label(lowered: str) -> bool:
    """Whether a lower-cased text holds the words every label pattern needs (a quick look, before the pattern)."""
    held = _LABEL_WORD in lowered and ("underst" in lowered or "notes" in lowered or "read " in lowered)
    return held or "to practi" in lowered


def _may_claim(lowered: str) -> bool:
    """Whether a sentence of a lower-cased text starts as a claim of a ticked box may, and holds its words, or the
    text holds a check mark, "already" or the app's own words (a quick look, before the pattern)."""
    if any(words in lowered for words in _CLAIMED_ANYWHERE) or any(mark in lowered for mark in _TICKS):
        return True
    for sentence in re.split(r"(?<=[.!?:|])\s+|\n|\|", lowered):
        start = sentence.lstrip("\u25b6\u2022\u00b7>-\u2014\u2013 ")
        if start.startswith(_CLAIM_STARTS) and any(word in start for word in _CLAIM_HOLDS):
            return True
    return False


#: Words that may make a claim wherever they are in a sentence.
_CLAIMED_ANYWHERE = ("already", "no need to", "nothing to", "tab to continue")


#: "Unclench" as a learner reads it: any case, ``l`` written ``I`` or ``1``, split by spaces or marks.
_UNCLENCH = r"(?i)(?<![a-z])u\W?n\W?c\W?[lI1|]\W?[e3]\W?n\W?c\W?h"


def speaks_for_the_app(text: str, *, markdown: bool = False) -> str | None:
    """The part of a support text that names Unclench (``Official Unclench line``, ``UncIench``, ``unclench.org``),
    as written where it can be found, else as drawn; None if none.

    The support card shows a course's helplines as listed by its author (and says so beside each): a name that
    says otherwise could make a learner trust a number the app never looked at. Words such as "the app" are not
    looked for: helplines have apps of their own ("chat in the app", "the App Store").
    """
    if text.isascii():
        letters = "".join(char for char in text.lower().translate(_DIGITS_AS_LETTERS) if char.isalpha())
        if "unclench" not in letters.replace("i", "l"):
            return None
    written = re.search(_UNCLENCH, text)
    if written is not None:
        return written.group()
    drawn = re.search(_UNCLENCH, as_drawn(text, markdown=markdown))
    return drawn.group() if drawn is not None else None
