"""The texts ``unclench new`` writes for the author to replace, and ``check``'s warning at any left as they are.

Kept apart from :mod:`unclench.scaffold` (which imports pydantic's models): ``check`` gives its warnings
also for a course that passed from the cache, where nothing heavy is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unclench.problems import Problem, warning_at

if TYPE_CHECKING:
    from pathlib import Path

    from unclench.course import Course
    from unclench.tomlpos import KeyPath

#: The templates' placeholder texts, by the name the templates use for them. Learners would read any of
#: them as it is: ``check`` warns where one is still the whole of a text.
PLACEHOLDERS = {
    "lesson_summary": "One sentence on what this lesson offers.",
    "lesson_body": "Write the lesson here, in Markdown. Keep paragraphs short and the tone warm.",
    "course_summary": "What this course offers, in a sentence or two.",
    # Commented out in the course template (two of them as in the guide's example).
    "guidance_stop": "How to stop, shown while a tremor exercise runs.",
    "guidance_grounding": "Shown when an exercise is ended early.",
    "guidance_support": "Shown after an exercise when a check-in is alarming.",
}


def placeholder_warnings(course: Course) -> list[Problem]:
    """A warning at every text of ``course`` (loaded) that is still one of the :data:`PLACEHOLDERS`.

    The texts where the templates put them (summaries, the lesson's page, ``[guidance]``) are compared as
    loaded, so a course from the cache is not read again; a file is read only to place a warning in it.
    """
    from unclench.folders import COURSE_INDEX

    texts = set(PLACEHOLDERS.values())
    longest = max(map(len, texts)) + 8  # room for the line breaks around a multi-line string

    def placeholder(text: str) -> bool:
        return len(text) <= longest and text.strip() in texts  # a long text is not stripped (copied) for nothing

    found: list[tuple[Path | None, KeyPath]] = []
    index = course.root / COURSE_INDEX if course.root is not None else None
    if placeholder(course.summary):
        found.append((index, ("summary",)))
    guidance = course.guidance
    for name, value in (("stop", guidance.stop), ("grounding", guidance.grounding), ("support", guidance.support)):
        if placeholder(value):
            found.append((index, ("guidance", name)))
    for lesson in course.lessons.values():
        if placeholder(lesson.summary):
            found.append((lesson.path, ("summary",)))
        for number, step in enumerate(lesson.steps):
            body = getattr(step, "body", None)
            if isinstance(body, str) and placeholder(body):
                found.append((lesson.path, ("steps", number, "body")))
    return [_warning(path, key) for path, key in found if path is not None]


def _warning(path: Path, key: KeyPath) -> Problem:
    return warning_at(
        path,
        key,
        "this is still the placeholder text from `unclench new`; learners would see it as it is",
        "write your own in its place",
    )
