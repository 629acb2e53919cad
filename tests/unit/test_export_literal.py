"""The Markdown export shows course and record text as written, never as Markdown or HTML.

A security tester's finding: course titles, module titles, check-in labels, safety-note titles, exercise
titles, support contacts, quiz choices and quoted questions went into the "readable copy" unescaped, so any
Markdown viewer made them live: a tracking pixel (``<img src=...>``) telling when the learner read their
private record, ``[verify](https://phish.example)`` links, ``<script>``, a backtick breaking the
``(`course-id`)`` code span, a question's ``<img>`` line becoming an HTML block inside its quote.

Each test renders the export of a record whose every text (or every stored id) is one hostile text and
parses it with markdown-it, as a CommonMark and a GFM viewer would: it must hold exactly the markup the same
record with plain words holds (the document's own headings, lists, quotes, code spans and bold), and the
viewer must show the hostile text's characters.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

from unclench.course import Course, ScreeningQuestion
from unclench.export import _MAY_BE_MARKUP, _literal, render_markdown
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.store.rows import CourseRecord, JournalEntry, QuizAttempt, SupportContact

COURSE_DIR = Path(__file__).parent / "data" / "record_course"
COURSE_ID = "record-course"

HOSTILE = [
    "<img src=https://track.example/p.png>",
    "[verify](https://phish.example)",
    "![t](https://track.example/t.png)",
    "<script>alert(1)</script>",
    "</details><h1>big</h1>",
    "**bold** __bold__ *em* _em_",
    "~~strike~~ ~one~",
    "a title with a ` backtick",
    "Q\n\n<img src=https://track.example/q.png>",
    "<https://phish.example> https://phish.example/login www.phish.example",
    "&lt;img src=x&gt; &#60;b&#62; &#x3C;i&#x3E; &copy;",
    "Learn C #",
    "###",
    "ends with a backslash \\",
    "[x]: https://phish.example\n[x] [x][] [^1]",
    "# heading\n- item\n* star\n+ plus\n1. one\n2) two\n> quote\n---\n===\n***\n___\n    indented code\n\tcode",
    "```\nfence\n```\n~~~\ntilde\n~~~",
    "a | b\n--- | ---\nc | d\n:-|:-\n|e|f|",
    "<!-- comment --> <?php x ?> <![CDATA[x]]> <!DOCTYPE html>",
    "line\\\nbreak  \nand two spaces",
    # GitHub (and VS Code, Obsidian, Pandoc) draw maths and emoji shortcodes: a stranger's finding.
    "$x$ and $$y = 2$$, then $`z`$",
    "$$\nE = mc^2\n$$",
    ":warning: :+1: :white_check_mark: a:b:c: :Smile:",
]

#: Token kinds that are markup; with the heading's level, and a code span's or fence's content.
MARKUP = {
    "html_inline",
    "html_block",
    "link_open",
    "image",
    "strong_open",
    "em_open",
    "s_open",
    "code_inline",
    "fence",
    "code_block",
    "heading_open",
    "blockquote_open",
    "bullet_list_open",
    "ordered_list_open",
    "list_item_open",
    "hr",
    "table_open",
    "hardbreak",
    "math_inline",
    "math_inline_double",
    "math_block",
    "emoji",
}

_SHORTCODE = re.compile(r":[0-9a-z_+-]+:")


def _emoji(state: StateInline, silent: bool) -> bool:
    """An emoji shortcode, read where it stands as a viewer that draws them reads it (after backslash escapes)."""
    found = _SHORTCODE.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        state.push("emoji", "", 0).content = found.group()
    state.pos = found.end()
    return True


def maths_and_emoji() -> MarkdownIt:
    """A GFM viewer that also draws ``$x$``, ``$$x$$`` maths and ``:warning:`` shortcodes (as GitHub does)."""
    viewer = MarkdownIt("gfm-like").use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    viewer.inline.ruler.after("escape", "emoji", _emoji)
    viewer.add_render_rule("emoji", lambda *_: "\N{SLIGHTLY SMILING FACE}")
    return viewer


VIEWERS = {
    "gfm": MarkdownIt("gfm-like"),  # tables, strike-through, bare links; HTML on
    "commonmark-html": MarkdownIt("commonmark", {"html": True}),
    "gfm-html": MarkdownIt("gfm-like", {"html": True}),
    "gfm-maths-emoji": maths_and_emoji(),
}


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(COURSE_DIR)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProgressStore]:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    with ProgressStore.open(tmp_path / "data", now=Clock()) as opened:
        yield opened


def markup(viewer: MarkdownIt, document: str) -> Counter[tuple[str, str, str]]:
    """The markup a viewer makes of ``document``: each kind of token, counted."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for token in viewer.parse(document):
        for part in [token, *(token.children or [])]:
            if part.type in MARKUP:
                content = part.content if part.type in {"code_inline", "fence", "code_block"} else ""
                counts[(part.type, part.tag, content)] += 1
    return counts


def shown(viewer: MarkdownIt, document: str) -> str:
    """What a viewer shows of ``document``: its HTML without tags, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", viewer.render(document)))


def retitled(course: Course, text: str) -> Course:
    """``course`` with ``text`` as every title, label and screening question the export shows."""
    lessons = {
        lesson_id: replace(lesson, title=text, steps=tuple(replace(step, title=text) for step in lesson.steps))
        for lesson_id, lesson in course.lessons.items()
    }
    question = ScreeningQuestion(
        id="heart", question=text, yes_means="advice", advice="Go gently.", source="", allow_proceed=True
    )
    return replace(
        course,
        title=text,
        modules=tuple(replace(module, title=text) for module in course.modules),
        checkins=tuple(replace(measure, label=text) for measure in course.checkins),
        safety=tuple(replace(note, title=text) for note in course.safety),
        screening=(question,),
        lessons=lessons,
    )


def written(store: ProgressStore, text: str) -> CourseRecord:
    """A record with ``text`` as every question, quiz choice, support contact and damage note it holds."""
    c = COURSE_ID
    store.acknowledge(c, "disclaimer", "disclaimer", "disclaimer")
    store.acknowledge(c, "safety", "stop-anytime", "note")  # "safety note “title”"
    store.acknowledge(c, "safety", "shake:gentle-tremor", "notes")  # "the safety notes before “step” (lesson “…”)"
    store.set_position(c, "welcome", "hopes")  # "Continue at **lesson title**"
    store.save_answer(c, "welcome", "hopes", text, "My answer")
    store.record_quiz_attempt(c, "welcome", "stop-any-time", text, [0], [text], True)
    store.start_run(c, "shake", "gentle-tremor", "s1")
    for measure, phase, rating in [("tension", "before", 6), ("calm", "before", 4), ("tension", "after", 3)]:
        store.record_checkin(c, "shake", "gentle-tremor", measure, phase, rating, "s1")
    store.end_run("s1", "finished", 120)
    store.add_contact(c, text, text)
    store.set_screening_answer(c, "heart", True)
    return replace(store.record(c), damaged=(text,))


def assert_shown_as_written(text: str, plain: str, hostile: str) -> None:
    """Same markup as the plain document; every line of ``text`` (and it on one line) shown as written."""
    for name, viewer in VIEWERS.items():
        assert markup(viewer, hostile) == markup(viewer, plain), (name, hostile)
        seen = shown(viewer, hostile)
        assert " ".join(text.split()) in seen, name  # a title, a choice, a contact: on one line
        for line in text.splitlines():
            assert " ".join(line.split()) in seen, (name, line)  # a quoted question, line by line


@pytest.mark.parametrize("text", HOSTILE)
def test_course_and_record_text_is_shown_as_written(text: str, course: Course, tmp_path: Path) -> None:
    documents = []
    for index, words in enumerate(["Plain words", text]):
        with ProgressStore.open(tmp_path / str(index), now=Clock()) as store:
            documents.append(render_markdown(written(store, words), retitled(course, words)))
    plain, hostile = documents
    assert hostile.count("(`record-course`)") == 1  # the course id's code span is whole, whatever the title
    assert_shown_as_written(text, plain, hostile)


@pytest.mark.parametrize("text", HOSTILE)
def test_stored_ids_that_are_not_ids_are_shown_as_written(text: str, course: Course, tmp_path: Path) -> None:
    """A hand-edited or damaged progress file can hold any text where an id belongs: shown, not run."""
    documents = []
    for index, ident in enumerate(["Plain Words", text]):  # not an id either: shown as text, not code
        with ProgressStore.open(tmp_path / str(index), now=Clock()) as store:
            c = COURSE_ID
            store.set_position(c, ident, ident)
            store.save_answer(c, ident, ident, "A question", "An answer")  # a lesson gone from the course
            store.save_answer(c, "welcome", ident, "A question", "An answer")  # a step gone from its lesson
            store.record_checkin(c, "shake", "gentle-tremor", ident, "before", 3, "s1")  # a check-in gone
            store.set_screening_answer(c, ident, True)
            record = store.record(c)
        course_with_questions = retitled(course, "Plain words")
        documents.append(
            render_markdown(record, course_with_questions)
            + render_markdown(record, course_with_questions, course_problems=1)  # the record alone: ids only
        )
    plain, hostile = documents
    assert_shown_as_written(text, plain, hostile)


PLAIN = [
    "Q&A",
    "e.g. breathing (part 1)",
    "Step 1. Notice",
    "It's fine! 100% yours; 3 - 2 = 1, a+b",
    "C# and F#",
    "Mum: +47 555 01 00",
    "Hei på deg — 🧘 calm",
    "Mum: 555, at 10:30 or 22:15 :)",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_titles_are_unchanged(text: str, course: Course, store: ProgressStore) -> None:
    document = render_markdown(written(store, text), retitled(course, text))
    assert f"# Your Unclench record: {text}\n" in document
    assert f"Course: {text} (`record-course`)" in document
    assert f"## Module 1: {text}\n" in document
    assert f"### {text}\n" in document
    assert f"#### Exercise: {text}\n" in document
    assert f"> {text}\n" in document
    assert f"- “{text}”: “{text}” (added" in document
    assert f"“{text}”, right" in document
    assert f"safety note “{text}”" in document
    assert f"- {text}\n" in document  # the damage note


def test_a_quoted_question_keeps_its_lines_and_escapes_only_their_starts(course: Course, store: ProgressStore) -> None:
    question = "Think of:\n  - your jaw\n1. first\n## not a heading\nQ&A, e.g. *this*"
    store.save_answer(COURSE_ID, "welcome", "hopes", question, "An answer")
    document = render_markdown(store.record(COURSE_ID), course)
    quote = "> Think of:\n> \\- your jaw\n> 1\\. first\n> \\## not a heading\n> Q&A, e.g. \\*this\\*\n"
    assert quote in document


@pytest.mark.parametrize("title", ["Learn C #", "###", "Part 2 ##"])
def test_a_title_ending_in_hashes_keeps_them_in_headings(title: str, course: Course, store: ProgressStore) -> None:
    """A heading drops a closing run of ``#``: "### Learn C #" would read "Learn C"."""
    document = render_markdown(written(store, title), retitled(course, title))
    viewer = VIEWERS["gfm"]
    tokens = viewer.parse(document)
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    inline = [html.unescape(re.sub(r"<[^>]*>", "", viewer.renderInline(content))) for content in headings]
    assert f"Your Unclench record: {title}" in inline
    assert f"Module 1: {title}" in inline
    assert title in inline  # a lesson
    assert f"Exercise: {title}" in inline


#: Bare domains ("phish.com") are links only to markdown-it's fuzzy guess, not to CommonMark or GFM: left as written.
GFM_LINKS = MarkdownIt("gfm-like")
assert GFM_LINKS.linkify is not None  # linkify-it-py is installed: GFM's bare links are part of the check
GFM_LINKS.linkify.set({"fuzzy_link": False})
PIECES = [
    *"\\`*_[]<>~&#|+-!=:;.()/ \t\nab19$",
    *["www.", "https://", "&amp;", "&#60;", "<img src=x>", "    ", "\n\n", ":ok:", "$$"],
]


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_text_of_markup_signs_is_shown_as_written(text: str, course: Course) -> None:
    documents = []
    for words in ["Plain words", text]:
        at = "2026-03-01T09:00:00Z"
        record = CourseRecord(
            COURSE_ID,
            journal=(JournalEntry(COURSE_ID, "welcome", "hopes", words, "An answer", at, at),),
            quiz_attempts=(QuizAttempt(COURSE_ID, "welcome", "stop-any-time", words, (0,), (words,), True, at),),
            contacts=(SupportContact(COURSE_ID, words, words, at),),
            damaged=(words,),
        )
        documents.append(render_markdown(record, retitled(course, words)))
    plain, hostile = documents
    for viewer in [GFM_LINKS, VIEWERS["commonmark-html"], VIEWERS["gfm-maths-emoji"]]:
        assert markup(viewer, hostile) == markup(viewer, plain), hostile
        assert " ".join(text.split()) in " ".join(shown(viewer, hostile).split())


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("$x$", "\\$x\\$"),
        ("$$E = mc^2$$", "\\$\\$E = mc^2\\$\\$"),
        ("It costs $5", "It costs \\$5"),
        (":warning:", "\\:warning:"),
        ("a:b:c:", "a\\:b\\:c:"),
        (":+1: and :-1:", "\\:+1: and \\:-1:"),
        ("Mum: 555", "Mum: 555"),
        ("10:30", "10:30"),
        ("https://x", "https\\://x"),
    ],
)
def test_maths_and_emoji_shortcodes_get_a_backslash_and_nothing_else_does(text: str, written: str) -> None:
    assert _literal(text) == written
    assert _literal(text, line_start=True) == written


@pytest.mark.parametrize("text", ["$x$", ":warning:", "it costs $5", "a:b:c:"])
def test_the_quick_look_sees_maths_and_shortcodes(text: str) -> None:
    """The fast path leaves a text without any sign as it is: it must not miss these."""
    assert _MAY_BE_MARKUP.search(text) is not None


@pytest.mark.parametrize("text", ["Mum: 555", "Step 1: breathe", "10:30", "Hei på deg — 🧘 calm"])
def test_the_quick_look_still_passes_plain_text(text: str) -> None:
    assert _MAY_BE_MARKUP.search(text) is None
