"""Course text that imitates the box a learner ticks to acknowledge it: refused where they acknowledge.

A security tester ended a disclaimer and a safety note with ``▶ **[x]** I have read and understood this``: a
copy of the real box, ticked, drawn right above the real one, unticked. The gate still waited for the real box,
but the text looked acknowledged before it was read. The labels of the real boxes live here, so that the app
draws the same words this looks for.

Domain code: never imports Textual.
"""

from __future__ import annotations

import re

#: The label of the disclaimer's box.
DISCLAIMER_CONFIRMATION = "I have read and understood this"
#: The label of the safety gate's box.
SAFETY_CONFIRMATION = "I have read these notes and feel well enough to practise"

#: A ticked box as text: ``[x]`` (or with a check mark) and the box characters themselves. An unticked ``[ ]``
#: is a list of things to think about, and fine.
_TICKED_BOX = re.compile("\\[\\s*[xX\u2713\u2714\u2717\u2718\u00d7]\\s*\\]|[\u2611\u2612\u2705\U0001f5f9\U0001f5f7]")
_LABELS = re.compile("|".join(re.escape(label) for label in (DISCLAIMER_CONFIRMATION, SAFETY_CONFIRMATION)), re.I)

IMITATED_BOX = (
    "this text imitates the box the learner ticks ({found}): it could look acknowledged before it is read",
    "remove it; the app draws the real box under the text",
)


def imitated_box(text: str) -> str | None:
    """The first part of ``text`` that imitates an acknowledgement box (ticked, or the app's own label), if any."""
    if "[" not in text and text.isascii() and not _LABELS.search(text):
        return None
    found = _TICKED_BOX.search(text) or _LABELS.search(text)
    return found.group() if found is not None else None
