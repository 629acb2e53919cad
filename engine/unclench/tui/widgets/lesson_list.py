"""The course map's modules and lessons: one virtualised list, whatever the size of the course.

Every module heading (its title and a progress bar drawn as text) and every
lesson (state, title, minutes and sources) is one option of a single
:class:`~textual.widgets.OptionList`, which renders only the lines on screen.
The map's cost therefore hardly grows with the number of lessons: a course of
1,000 lessons is still one widget. Titles are data and always show literally.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from unclench.course import Course, Lesson
from unclench.journey import Journey, LessonState, ModuleProgress, Tally
from unclench.text import flattened

#: How each state is marked on the map.
STATE_MARKS: dict[LessonState, str] = {
    LessonState.NOT_STARTED: "○",
    LessonState.IN_PROGRESS: "◐",
    LessonState.DONE: "●",
}

#: Drawn before the highlighted lesson, so it shows without colour too.
MOVE_BETWEEN_LESSONS = "Move between lessons"
FIRST_OR_LAST = "Move a page, or to the first or last lesson"

HIGHLIGHT_MARKER = "▶"
#: The highlighted lesson while the focus is elsewhere (on Continue): hollow, so that one ▶ shows where Enter acts.
RESTING_MARKER = "▷"

#: The width of a progress bar, in cells.
BAR_WIDTH = 16
#: Done and not done differ in shape, not only in colour (NO_COLOR, a monochrome terminal): a heavy line, a light one.
_DONE = "━"
_NOT_DONE = "─"
#: Half a cell done: heavy on the left, light on the right.
_HALF_DONE = "╾"
_BAR_STYLE = "$primary"
_BAR_COMPLETE_STYLE = "$success"
_BAR_EMPTY_STYLE = "$foreground 15%"


Part = tuple[str, str]
"""Some plain text and its style ("" for none); a title is always plain text, never markup."""


def _content(*parts: Part) -> Content:
    """Parts as one Content."""
    text = "".join(part for part, _ in parts)
    spans = []
    start = 0
    for part, style in parts:
        end = start + len(part)
        if style and end > start:
            spans.append(Span(start, end, style))
        start = end
    return Content(text, spans)


def _strip(parts: list[Part], width: int, style: Style, options: RenderOptions) -> Strip:
    """One line of parts drawn over ``style``, straight into segments (no wrapping: it fits)."""
    get_style = options.get_style
    base = style.rich_style
    segments = []
    for text, part_style in parts:
        if text:
            segments.append(Segment(text, (style + get_style(part_style)).rich_style if part_style else base))
    return Strip(segments, width)


def bar_parts(fraction: float, width: int = BAR_WIDTH) -> list[tuple[str, str]]:
    """A progress bar of ``width`` cells drawn with box characters, in half-cell steps: ``━━━╾───``.

    Args:
        fraction: How much is done, from 0 to 1.
        width: The bar's width in cells.

    Returns:
        ``(text, style)`` pieces: the done part, then the rest.
    """
    halves = round(max(0.0, min(1.0, fraction)) * width * 2)
    full, half = divmod(halves, 2)
    if halves >= width * 2:
        return [(_DONE * width, _BAR_COMPLETE_STYLE)]
    done = _DONE * full + (_HALF_DONE if half else "")
    return [(done, _BAR_STYLE), (_NOT_DONE * (width - full - half), _BAR_EMPTY_STYLE)]


def percent(tally: Tally) -> str:
    """``" 38%"``: a tally as a whole percentage (:func:`unclench.journey.percent`), right-aligned in four cells."""
    return f"{tally.percent:>3}%"


def overall_content(journey: Journey) -> Content:
    """``Overall   ━━━━━━╾─────────  38%  6 of 16 lessons``: the bar and the percentage are the lessons done."""
    overall = journey.overall()
    return _content(
        ("Overall   ", ""),
        *bar_parts(overall.fraction),
        (f" {percent(overall)}  ", ""),
        (f"{overall.done} of {overall.total} lessons", "$foreground 60%"),
    )


Line = tuple[list[Part], list[Part]]
"""A line of a lesson: what leads it (indent, state mark), then its text, which wraps under itself."""


def lesson_lines(lesson: Lesson, sources: list[str], state: LessonState, waiting: Sequence[str] = ()) -> list[Line]:
    """Two lines: mark, title and state; then minutes and sources; then, quietly, the lessons it builds on.

    Args:
        lesson: The lesson.
        sources: The titles of the sources it draws on.
        state: How far the learner got.
        waiting: The titles of the lessons it builds on that are not done yet (nothing is locked).
    """
    details = f"{lesson.minutes} min"
    if sources:
        details += " · Sources: " + "; ".join(flattened(source) for source in sources)
    done = state is LessonState.DONE
    title_style = "bold $foreground 60%" if done else "bold"
    state_style = "italic $foreground 60%" if done else "italic"
    lines: list[Line] = [
        (
            [(" ", ""), (f"{STATE_MARKS[state]} ", title_style)],
            [(flattened(lesson.title), title_style), ("  ", ""), (state.value, state_style)],
        ),
        ([("   ", "")], [(details, "dim")]),
    ]
    if waiting and not done:
        lines.append(
            ([("   ", "")], [("Builds on: " + "; ".join(flattened(title) for title in waiting), "dim italic")])
        )
    return lines


def _width(parts: list[Part]) -> int:
    """The cells ``parts`` take, side by side."""
    return sum([cell_len(text) for text, _ in parts])


class LessonVisual(Visual):
    """A lesson's lines; text too long for the width wraps under itself (after the state mark).

    The list asks every option's height up front (to know where each line
    is), and draws the options on screen: text that fits its width (the usual
    case) is neither wrapped to be measured nor laid out to be drawn.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        # Every lesson of the course is measured at the first layout, and only those on screen are
        # drawn: the widest line is all a height needs; each line's own widths wait for a drawing.
        self._widest = max([_width(lead) + _width(body) for lead, body in lines])
        self._wrapped: dict[int, list[Content]] = {}

    @functools.cached_property
    def _leads(self) -> list[int]:
        """The width of what leads each line (the indent, the state mark)."""
        return [_width(lead) for lead, _ in self.lines]

    @functools.cached_property
    def _widths(self) -> list[int]:
        """The width of each whole line."""
        return [lead + _width(body) for lead, (_, body) in zip(self._leads, self.lines, strict=True)]

    def _wrap(self, width: int) -> list[Content]:
        """The lines wrapped to ``width``, each continuation under the text it continues."""
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            wrapped = []
            for (lead, body), lead_width in zip(self.lines, self._leads, strict=True):
                pieces = _content(*body).wrap(max(1, width - lead_width)) or [Content()]
                wrapped.append(_content(*lead) + pieces[0])
                wrapped += [Content(" " * lead_width) + piece for piece in pieces[1:]]
            self._wrapped = {width: wrapped}
        return wrapped

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._widest

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._widest <= width:
            return len(self.lines)
        return len(self._wrap(width))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if self._widest <= width:
            strips = [
                _strip([*lead, *body], line_width, style, options)
                for (lead, body), line_width in zip(self.lines, self._widths, strict=True)
            ]
        else:
            strips = [line.render_strips(width, 1, style, options)[0] for line in self._wrap(width)]
        return strips[:height] if height is not None else strips


class ModuleHeading(Visual):
    """A module's title, then on the right its progress bar, percentage and lessons done (all the same figure).

    One line (a blank line above it when ``gap`` is set); a long title is cut
    with an ellipsis, and on a narrow list the bar makes way for the title.
    """

    def __init__(self, progress: ModuleProgress, *, gap: bool, longest: int = 0) -> None:
        self.progress = progress
        self.gap = gap
        self.longest = longest
        """The width of the longest module title: every heading gives its bar the same room."""
        self._title = Content(flattened(progress.title))
        self._stats = f" {percent(progress.tally)}  {progress.lessons_done}/{progress.lessons_total}"

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._title.cell_length + 2 + BAR_WIDTH + len(self._stats) + 1

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1 + self.gap

    def parts(self, width: int) -> list[Part]:
        """The heading line at ``width`` cells: bars shrink (to half) before titles are cut."""
        fixed = len(self._stats) + 3  # the stats, a space after them, at least two before the bar
        bar = min(BAR_WIDTH, width - fixed - max(self.longest, self._title.cell_length))
        if bar < BAR_WIDTH // 2:
            bar = BAR_WIDTH // 2 if width - fixed - BAR_WIDTH // 2 >= 16 else 0
        right = [*bar_parts(self.progress.fraction, bar)] if bar else []
        right.append((self._stats, "$foreground 60%"))
        right_width = bar + len(self._stats) + 1
        title = self._title.truncate(max(1, width - right_width - 2), ellipsis=True)
        gap = " " * max(1, width - title.cell_length - right_width)
        return (
            [(title.plain, "bold on $boost"), (gap, "on $boost")]
            + [(text, f"{part_style} on $boost") for text, part_style in right]
            + [(" ", "on $boost")]
        )

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = [_strip(self.parts(width), width, style, options)]
        if self.gap:
            strips.insert(0, Strip.blank(width, style.rich_style))
        return strips[:height] if height is not None else strips


class LessonList(OptionList):
    """Every module and its lessons; the highlight is the lesson that enter (or a click) opens.

    Module headings are disabled options: up and down go from lesson to
    lesson. Up from the first lesson goes back to the widget above (the
    Continue button); down stops at the last lesson.

    Args:
        course: The course.
        journey: The learner's journey, for states and progress.
    """

    HELP_PLACE = "course map"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer, as Enter on a button is not: the highlight shows what it opens, and its room on the
        # footer pushed "p Practice" off at 80 columns once the list had the focus (help lists it).
        Binding(
            "enter,space", "open", "Open lesson", id="open_lesson", show=False, tooltip="Open the highlighted lesson"
        ),
        Binding("down", "next_lesson", "Next lesson", id="lesson_down", show=False, tooltip=MOVE_BETWEEN_LESSONS),
        Binding("up", "previous_lesson", "Previous lesson", id="lesson_up", show=False, tooltip=MOVE_BETWEEN_LESSONS),
    ]

    class Opened(Message):
        """The learner asked to open a lesson."""

        def __init__(self, lesson_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            """The lesson to open."""

    def __init__(self, course: Course, journey: Journey, *, id: str | None = None) -> None:
        self.course = course
        self._shown: dict[str, tuple[LessonState, tuple[str, ...]]] = {}
        self._modules: dict[str, ModuleProgress] = {}
        self._longest = max((cell_len(flattened(module.title)) for module in course.modules), default=0)
        super().__init__(*self._build_options(journey), id=id, markup=False)
        self.highlight_lesson(journey)

    def _build_options(self, journey: Journey) -> list[Option]:
        course = self.course
        options = []
        for index, (module, progress) in enumerate(zip(course.modules, journey.module_progress(), strict=True)):
            self._modules[progress.module_id] = progress
            options.append(Option(self._heading(index, progress), id=f"module-{progress.module_id}", disabled=True))
            for lesson_id in module.lesson_ids:
                lesson = course.lessons.get(lesson_id)
                if lesson is None:
                    continue
                shown = self._shown[lesson_id] = self._look(journey, lesson_id)
                visual = LessonVisual(lesson_lines(lesson, journey.source_titles(lesson_id), *shown))
                options.append(Option(visual, id=f"lesson-{lesson_id}"))
        return options

    @staticmethod
    def _look(journey: Journey, lesson_id: str) -> tuple[LessonState, tuple[str, ...]]:
        """What a lesson's lines depend on: its state and the titles of the lessons it still waits for."""
        waiting = journey.waiting_for(lesson_id) if journey.lesson(lesson_id).builds_on else ()
        return journey.lesson_state(lesson_id), tuple(lesson.title for lesson in waiting)

    def _heading(self, index: int, progress: ModuleProgress) -> ModuleHeading:
        return ModuleHeading(progress, gap=index > 0, longest=self._longest)

    @property
    def highlighted_lesson(self) -> str | None:
        """The id of the highlighted lesson, if any."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("lesson-"):
            return None
        return option.id.removeprefix("lesson-")

    def highlight_lesson(self, journey: Journey) -> None:
        """Highlight the lesson to continue with (the first lesson when there is none)."""
        place = journey.continue_place()
        if place is not None:
            try:
                self.highlighted = self.get_option_index(f"lesson-{place.lesson_id}")
                return
            except OptionDoesNotExist:
                pass
        self.action_first()

    def update_progress(self, journey: Journey) -> None:
        """Show new states and module progress, redrawing only the options that changed."""
        for lesson_id, shown in self._shown.items():
            look = self._look(journey, lesson_id)
            if look != shown:
                self._shown[lesson_id] = look
                lines = lesson_lines(journey.lesson(lesson_id), journey.source_titles(lesson_id), *look)
                self.replace_option_prompt(f"lesson-{lesson_id}", LessonVisual(lines))
        for index, progress in enumerate(journey.module_progress()):
            if self._modules.get(progress.module_id) != progress:
                self._modules[progress.module_id] = progress
                self.replace_option_prompt(f"module-{progress.module_id}", self._heading(index, progress))

    def _lesson_after(self, direction: int) -> int | None:
        """The index of the next lesson up (-1) or down (1) from the highlight; None past the end."""
        options = self.options
        index = self.highlighted
        index = (-1 if direction > 0 else len(options)) if index is None else index
        index += direction
        while 0 <= index < len(options):
            if not options[index].disabled:
                return index
            index += direction
        return None

    def action_next_lesson(self) -> None:
        """Highlight the next lesson (down stops at the last)."""
        following = self._lesson_after(1)
        if following is not None:
            self.highlighted = following

    def action_previous_lesson(self) -> None:
        """Highlight the previous lesson; from the first, go back to the Continue button above."""
        if not self.highlight_previous():
            self.screen.focus_previous()

    def highlight_previous(self) -> bool:
        """Highlight the lesson before the highlighted one; whether there was one."""
        previous = self._lesson_after(-1)
        if previous is not None:
            self.highlighted = previous
        return previous is not None

    def action_page_up(self) -> None:
        """A page up; at the top, the first lesson (Textual's own would leave nothing highlighted there)."""
        super().action_page_up()  # type: ignore[no-untyped-call]  # untyped in Textual
        if self.highlighted_lesson is None:
            self.action_first()

    def action_page_down(self) -> None:
        """A page down; at the bottom, the last lesson."""
        super().action_page_down()  # type: ignore[no-untyped-call]
        if self.highlighted_lesson is None:
            self.action_last()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll to the highlighted lesson, and to its module's heading when it is the module's first lesson.

        Home on the map scrolled the first heading ("Welcome") off the top: the list scrolled to the lesson only.
        """
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted or not highlighted or not self.options[highlighted - 1].disabled:
            super().scroll_to_highlight(top)
            return
        self._update_lines()
        try:
            start = self._index_to_line[highlighted - 1]
            end = self._index_to_line[highlighted] + self._heights[highlighted]
        except KeyError:
            return
        region = Region(0, start, self.scrollable_content_region.width, end - start)
        self.scroll_to_region(region, force=True, animate=False, top=top, immediate=True)

    def action_open(self) -> None:
        """Open the highlighted lesson."""
        lesson_id = self.highlighted_lesson
        if lesson_id is not None:
            self.post_message(self.Opened(lesson_id))

    def action_select(self) -> None:
        """A click (or enter) on a lesson opens it."""
        self.action_open()

    def render_line(self, y: int) -> Strip:
        """A line of the list, ``▶`` in the first cell of the highlighted lesson (``▷`` when the list has no focus)."""
        strip = super().render_line(y)
        line = self.scroll_offset.y + y
        if self.highlighted is None or not 0 <= line < len(self._lines):
            return strip
        option_index, offset = self._lines[line]
        if option_index != self.highlighted or offset != 0 or not strip.cell_length:
            return strip
        first_style = next((segment.style for segment in strip if segment.text), None)
        marker = Strip([Segment(HIGHLIGHT_MARKER if self.has_focus else RESTING_MARKER, first_style)], 1)
        return Strip.join([marker, strip.crop(1, strip.cell_length)])
