"""`unclench check` refuses a disclaimer or safety note that imitates the box the learner ticks.

A security tester ended the disclaimer and a safety note with a copy of the ticked box and its label, drawn right
above the real, unticked box: the text looked acknowledged before it was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli
from unclench.imitation import DISCLAIMER_CONFIRMATION, SAFETY_CONFIRMATION, imitated_box

BASE_COURSE = Path(__file__).parent / "data" / "base_course"
SAFETY_TEXT = 'text = "Straighten your legs, roll onto your side, or sit up."'


def _index_with(course: Path, old: str, new: str) -> None:
    index = course / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    assert old in text
    index.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "col", "found"),
    [
        ("Sit up. ▶ **[x]** I have read these notes", 21, "[x]"),
        ("Sit up. [✓] Done", 17, "[✓]"),
        ("Sit up. ☑ Ticked", 17, "☑"),
        (f"Sit up. {SAFETY_CONFIRMATION.lower()}.", 17, SAFETY_CONFIRMATION.lower()),
    ],
)
def test_a_safety_note_imitating_the_ticked_box_is_refused_where_it_does(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, col: int, found: str
) -> None:
    _index_with(course, SAFETY_TEXT, f'text = "{written}"')
    assert cli.main(["check", "--no-cache", "."]) == 1
    err = capsys.readouterr().err
    said = f"course/course.toml:26:{col}: safety[0].text: this text imitates the box the learner ticks ({found!r})"
    assert said in err
    assert "remove it; the app draws the real box under the text" in err


def test_the_disclaimer_and_a_note_title_may_not_imitate_it_either(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _index_with(course, 'disclaimer = """', f'disclaimer = """\n[X] {DISCLAIMER_CONFIRMATION}\n')
    _index_with(course, 'title = "You can stop at any moment"', 'title = "☑ You can stop at any moment"')
    assert cli.main(["check", "--no-cache", "."]) == 1
    err = capsys.readouterr().err
    assert "disclaimer: this text imitates the box the learner ticks ('[X]')" in err
    assert "safety[0].title: this text imitates the box the learner ticks ('☑')" in err


def test_an_unticked_list_and_check_marks_in_prose_are_fine() -> None:
    assert imitated_box("Before you start:\n\n- [ ] a quiet room\n- [ ] ten minutes") is None
    assert imitated_box("✓ Stop if you feel dizzy. [Read more](https://example.org) about x.") is None
    assert imitated_box("I have read the leaflet and understood it.") is None
    assert imitated_box("- [x] a quiet room") == "[x]"


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("\\\\[x\\\\] I have read and understоod this", "'[x]' as it is drawn"),  # Cyrillic о, escaped brackets
        ("&#9745; I have read these notes", "'☑' as it is drawn"),
        ("&#91;x&#93; Read", "'[x]' as it is drawn"),
        ("&lbrack;x&rbrack; Read", "'[x]' as it is drawn"),
        ("［x］ Read", "'[x]' as it is drawn"),
        ("[x\u200b] Read", "'[x]' as it is drawn"),
        ("[ˣ] Read", "'[x]' as it is drawn"),
        ("I have\u00a0read these notes and feel well enough to practise", "'I have read these notes"),
        ("I have read these notes and feel well enough to prac\u00adtise", "'I have read these notes"),
        ("I have *read* these notes and feel well enough to practise", "'I have read these notes"),
        ("I have read these notes and feel well enough to prаctise", "'I have read these notes"),  # Cyrillic а
    ],
)
def test_a_box_written_otherwise_is_refused_as_it_is_drawn(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, found: str
) -> None:
    _index_with(course, SAFETY_TEXT, f'text = "Sit up. {written}"')
    assert cli.main(["check", "--no-cache", "."]) == 1
    err = capsys.readouterr().err
    assert f"course/course.toml:26:1: safety[0].text: this text imitates the box the learner ticks ({found}" in err


def test_a_box_split_over_two_lines_of_the_disclaimer_is_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _index_with(course, 'disclaimer = """', 'disclaimer = """\nI have read and\nunderstood this.\n')
    assert cli.main(["check", "--no-cache", "."]) == 1
    assert (
        "course.toml:8:1: disclaimer: this text imitates the box the learner ticks ('I have read and understood "
        "this')" in capsys.readouterr().err
    )


def test_a_label_written_over_two_lines_with_an_escape_is_told_where_it_starts(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _index_with(course, SAFETY_TEXT, 'text = "Sit up. I have read these notes and feel well\\nenough to practise"')
    assert cli.main(["check", "--no-cache", "."]) == 1
    assert (
        "course.toml:26:17: safety[0].text: this text imitates the box the learner ticks ('I have read these "
        "notes and feel well enough to practise')" in capsys.readouterr().err
    )


def test_the_look_alikes_and_prose_that_only_resembles_it_are_fine() -> None:
    assert imitated_box("Read more about when to practise, and [why](https://example.org).") is None
    assert imitated_box("Я прочитал это. Ελληνικά κείμενα.") is None
    assert imitated_box("\\[ \\] a list to think about") is None
    assert imitated_box("[x] in a title is shown as written", markdown=False) == "[x]"
    assert imitated_box("\\[x\\] in a title is shown as written", markdown=False) is None


def test_a_box_hidden_by_any_invisible_character_is_still_found() -> None:
    # imitated_box removes invisible characters only from a text that may hold one (a quick look by category):
    # every one of them must pass that look, the fillers and the braille blank (letters and a symbol) too.
    import re

    from unclench.text import INVISIBLE_CHARS

    invisible = re.compile(f"[{INVISIBLE_CHARS}]")
    missed = [
        f"U+{code:04X}"
        for code in range(0xA0, 0x110000)
        if invisible.match(chr(code)) and imitated_box(f"Sit up — [{chr(code)}x{chr(code)}] done") != "[x]"
    ]
    assert missed == []


@pytest.mark.parametrize(
    "written",
    [
        "Sit up — I HAVE READ AND UNDERSTOOD THIS",
        "Sit up. I have *read* and\n_understood_ this",
        "Sit up — I have read these notes and feel well enough to PRACTISE",
    ],
)
def test_a_label_is_found_in_capitals_and_markup_in_any_text(written: str) -> None:
    found = imitated_box(written)
    assert found is not None and found.lower().startswith("i have read")


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Ticked. Now Tab to Continue and press Enter.", "Ticked"),  # a tester's: the box claimed, then the way out
        ("Sit up. I have read & understood this", "I have read & understood this"),
        ("Sit up. I've read and understood this.", "I've read and understood this"),
        ("Sit up. I have read + understood this", "I have read + understood this"),
        ("Sit up. The box is already ticked.", "The box is already ticked"),
        ("Sit up. Acknowledged!", "Acknowledged"),
        ("Sit up.\n\nChecked ✓", "Checked ✓"),
        # A second tester's, which passed until they were reported:
        ("Sit up. You have already acknowledged this.", "You have already acknowledged this"),
        ("Sit up. I have read and understood the above", "I have read and understood the above"),
        ("Sit up.\n\n✓ Done", "✓ Done"),
        ("Sit up. &check; done", "✓ done"),
        ("(x) I agree", "(x)"),
        ("Sit up. T i c k e d.", "Ticked"),
    ],
)
def test_the_box_claimed_in_words_or_its_label_reworded_is_found(written: str, found: str) -> None:
    assert imitated_box(written) == found


@pytest.mark.parametrize(
    "written",
    [
        "Once you have checked with your doctor, sit down.",
        "If the box is ticked, the exercise can start.",
        "Your doctor confirmed it: fine.",
        "Have you checked? Good.",
        "Tick the box below when you have read this.",
        "Read these notes before you start.",
        "The pain f(x) of a stretch x (see the notes) is not linear.",
        "✓ Stop if you feel dizzy. ✓ Read more below.",
    ],
)
def test_prose_that_only_holds_those_words_is_fine(written: str) -> None:
    assert imitated_box(written) is None


def test_a_safety_note_claiming_its_box_is_ticked_is_refused(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _index_with(course, SAFETY_TEXT, 'text = "Sit up. Ticked. Now Tab to Continue and press Enter."')
    assert cli.main(["check", "--no-cache", "."]) == 1
    assert "safety[0].text: this text imitates the box the learner ticks ('Ticked')" in capsys.readouterr().err


# A third tester's variants, each of which passed (or was refused) until reported: markup, links or digits inside
# the label's words, other brackets and marks, enclosing marks, more claims, and the app's own words.
@pytest.mark.parametrize(
    "written",
    [
        "{x} I have read and under**stood** this",
        "Tic**k**ed. Now Tab to Continue and press Enter.",
        "{x} I have read these no**tes** and feel well enough to practise",
        "I have read and understoo*d* this",
        "I have rea*d* and understood this",
        "I have read and [understood](https://example.org) this",
        "I have read and under`stood` this",
        "**Tick**ed.",
        "Tick*ed*.",
        "_Tick_ed.",
        "Tick`ed`.",
        "[Ticked](https://example.org).",
        "![Ticked](x.png)",
        "Ӏ have read and understood this",
        "ꓲ have read and understood this",
        "I have read aոd understood this",
        "I have read and ᴜnderstood this",
        "I have read and underst00d this",
        "[╳] done",
        "[⨯] done",
        "[⨉] done",
        "[☓] done",
        "[ꭓ] done",
        "[🆇] done",
        "[⤫] done",
        "[⤬] done",
        "[❌] done",
        "[❎] done",
        "[√] done",
        "[■] I agree",
        "[●] I agree",
        "[#] I agree",
        "[*] I agree",
        "[+] I agree",
        "[v] I agree",
        "☐✓ agree",
        "☐ ✓ agree",
        "☐̸ agree",
        "☐̶ agree",
        "☐⃥ agree",
        "x⃞ agree",
        "✓⃞ agree",
        "✓⃝ agree",
        "{x} I agree",
        "<x> I agree",
        "|x| I agree",
        "⟨x⟩ I agree",
        "〈x〉 I agree",
        "⟦x⟧ I agree",
        "【x】 I agree",
        "〔x〕 I agree",
        "❲x❳ I agree",
        "⦗x⦘ I agree",
        "⁅x⁆ I agree",
        "◉ I have read and understood this",
        "▣ agreed",
        "⌧ agreed",
        "🗸 Done",
        "[✓✓] agree",
        "✓ Acknowledged",
        "✓ Understood",
        "✓ Confirmed",
        "✓ Complete",
        "Done ✓",
        "Read ✓",
        "Read and understood ✓",
        "Marked read ✓",
        "Status: ✓",
        "Accepted.",
        "Agreed.",
        "Pre-ticked.",
        "It is ticked.",
        "Tick: yes",
        "Read: yes",
        "The box below is already ticked for you.",
        "The box is pre-checked.",
        "You ticked this box on your first visit.",
        "You acknowledged this on 1 March 2026.",
        "You have already agreed to this.",
        "Your acknowledgement is on record.",
        "Acknowledgement saved.",
        "I read and understood this",
        "I have read and fully understood this",
        "Read and understood this",
        "I have read the notes and feel well enough to practise",
        "I read these notes and feel well enough to practise",
        "Now Tab to Continue and press Enter.",
        "[╳] I read and understood this\n\nAll done. Now Tab to Continue and press Enter.",
    ],
)
def test_a_third_testers_imitations_are_refused(written: str) -> None:
    assert imitated_box(written) is not None
    if not any(markup in written for markup in ("*", "_", "`", "](")):  # a title shows these as written
        assert imitated_box(written, markdown=False) is not None


# ... and the ordinary safety wording the same tester found refused, or checked was still accepted.
@pytest.mark.parametrize(
    "written",
    [
        "Your heart rate f(x) rises; keep it below (x) beats.",
        "Let pain be (x) on a scale of 0 to 10.",
        "Rate it 0-10 (x).",
        "(x) = minutes of practice",
        "Option (a), (b) or (x)",
        "✓ Yes: stop if you feel dizzy.",
        "✓ Done with the warm-up? Then rest.",
        "Checked: water, mat, quiet room.",
        "Knee checked. Back checked.",
        "Check with your doctor first.",
        "Stop if you feel dizzy ✓",
        "- [ ] a quiet room\n- [ ] ten minutes",
        "✓ Water nearby",
        "Get your heart checked by a doctor.",
        "Pregnancy confirmed? Ask first.",
        "Tick-borne illness can cause aches.",
        "If f(x) = 2x",
        "Read these notes before you start.",
        "Read the notes before you start.",
        "Read this.",
        "Read this carefully, then decide.",
        "Make sure you have read and understood the notes with your doctor.",
        "Only go on if you feel well enough to practise.",
        "Once you have checked with your doctor, sit down.",
        "If the box is ticked, the exercise can start.",
        "Your doctor confirmed it: fine.",
        "Have you checked? Good.",
        "Tick the box below when you have read this.",
        "Done in two minutes, the practice ends.",
        "COVID-19 and long COVID can cause fatigue.",
        "Call 0800 111 or 999.",
        "Breathe out. Let your shoulders drop. Done for today? Rest.",
        "Stop at once if pain is sharp. Check in with yourself.",
    ],
)
def test_ordinary_safety_wording_is_not_taken_for_a_box(written: str) -> None:
    assert imitated_box(written) is None


# A fourth tester's: headings, tables, any short mark in a box before a label's words, the label with commas or
# "understand", claims with "already" or a day; and first-person prose, placeholders and footnotes it found refused.
@pytest.mark.parametrize(
    "written",
    [
        "This course is not medical advice.\n\n▶ [✕] I have read, and understood, this\n\n"
        "### Ticked. Now press Continue.",
        "[✖] I agree",
        "[🗙] I agree",
        "[🞨] I agree",
        "[⛌] I agree",
        "[⊗] I agree",
        "[◼] I agree",
        "[▪] I agree",
        "[•] I agree",
        "[-] I agree",
        "[=] I agree",
        "[o] I agree",
        "[y] I agree",
        "[yes] I agree",
        "[ok] I agree",
        "[on] I agree",
        "◉ I agree",
        "(•) I agree",
        "I have read, and understood, this",
        "I have read and I have understood this",
        "I read it and understood it",
        "I have read and understand this",
        "### Ticked.",
        "# Done ✓",
        "## ✓ Understood",
        "# [✕] Understood",
        "- ### Ticked.",
        "> ## Ticked.",
        "| Ticked. |",
        "You can stop whenever you want.\n\n▶ [✕] I've read them and feel well enough to practise\n\n"
        "### Ticked. Now press Enter.",
        "▶ [✕] I have read these, and I am well enough to practise",
        "[✕] feel well enough to practise",
        "I am well enough to practice.",
        "I feel fit to practise.",
        "Safety notes: already acknowledged",
        "[✕] Notes read, feeling well",
        "Notes acknowledged",
        "# Ticked.",
        "The checkbox below is already selected: just press Continue.",
        "No need to tick anything: it is already done.",
        "You confirmed these notes before your last session, so there is nothing to tick today. Press Continue.",
        "Welcome back: you have seen this before, so it is already marked as read.",
        "You ticked the box already.",
        "Already confirmed: just press Continue.",
        "Your agreement was saved on 2026-03-01.",
        "Acknowledged on 1 March 2026.",
        "Confirmed on 2026-03-01.",
        "Your tick has been saved.",
        "Acknowledgement: recorded",
        "Consent recorded.",
        "State: checked",
        "Checkbox: on",
        "Understood: yes",
        "Understood 👍",
        "Saved ✓",
        "Box ticked. Press Enter to go on.",
        "✓",
        "👍 Got it",
    ],
)
def test_a_fourth_testers_imitations_are_refused(written: str) -> None:
    assert imitated_box(written) is not None


@pytest.mark.parametrize(
    "written",
    [
        "I have read these notes many times myself, and I still reread them.",
        "I have read and understood the research behind this course, and I share it here.",
        "Hold for [x] seconds, where x is your comfortable count.",
        "See footnote [x] below.",
        "The options are [X] for stop and [S] for start.",
        "Done ✓ is not the goal: rest matters more than finishing.",
        "Check with your doctor before you start.",
        "If you have already talked to a physiotherapist, you are ready.",
        "Tick-borne diseases can cause aches.",
        "Read the notes twice if you need to.",
        "I hope you have read the notes above carefully.",
        "Agreed limits with your therapist come first.",
        "Once you have confirmed the time with your therapist, begin.",
        "Make sure you have read and understood this before you begin.",
        "Only practise when you feel well enough to practise.",
        "See the references [1], [2] below.",
        "Steps: (a) sit, (b) breathe, (c) rest.",
        "✓ Do: breathe slowly\n✗ Don't: hold your breath",
        "- [ ] a quiet room\n- [ ] water",
        "☐ a mat\n☐ a timer",
        "Knee checked. Back checked.",
        "Once you have already checked with your doctor, sit down.",
        "If you have already done the first lesson, skip this.",
        "When you are ready, tick the box and press Continue.",
        "Stop at any time. Nothing here is a test.",
        "It is normal to shake a little.",
        "You may feel tired afterwards.",
        "This is not a treatment.",
        "Your doctor knows you best.",
        "Pain that is sharp is a sign to stop.",
        "Everything is optional.",
        "Now breathe out slowly.",
        "Box breathing: in for four, hold for four.",
        "The notes below explain when to stop.",
        "Safety first: sit down if you feel dizzy.",
        "If in doubt, leave it out.",
        "Your answers stay on this computer.",
        "I hope this helps.",
    ],
)
def test_a_fourth_testers_ordinary_wording_passes(written: str) -> None:
    assert imitated_box(written) is None


def test_no_text_of_the_bundled_course_or_its_sources_is_taken_for_a_box() -> None:
    """Every text of the bundled course, not only its safety texts: ordinary prose about stress and safety, none of
    which imitates the box (a fourth tester's ordinary wording was refused where it was close to a claim)."""
    import tomllib

    from unclench.folders import bundled_course_root

    root = bundled_course_root()
    texts: list[str] = []

    def gather(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                gather(item)
        elif isinstance(value, list):
            for item in value:
                gather(item)

    for path in [root / "course" / "course.toml", *sorted((root / "lessons").glob("*.toml"))]:
        gather(tomllib.loads(path.read_text(encoding="utf-8")))
    assert len(texts) > 500
    assert [(text[:60], imitated_box(text)) for text in texts if imitated_box(text) is not None] == []
