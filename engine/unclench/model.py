"""The authoring contract: pydantic models of ``course/course.toml`` and lesson files.

These models are the one definition of a valid course file. They generate the
JSON Schemas that editors use for completion, the compiled validators the
loader runs (:mod:`unclench.validation`), and the wording of every schema
problem ``unclench check`` reports. Valid data becomes the plain dataclasses of
:mod:`unclench.course`; nothing else sees the models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from unclench import course as c
from unclench.text import INVISIBLE_CHARS

#: Ids are stable keys for progress: lower case, digits and dashes.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="A stable id: lower-case letters, digits and dashes, e.g. `stop-a-tremor`."),
]
#: The tag characters (invisible copies of ASCII), as a range of a character class. JSON Schema's regular
#: expressions cannot name a character beyond the BMP, so the editors' schemas leave it out (see
#: :mod:`unclench.schema`); ``unclench check`` refuses them.
TAG_RANGE = r"\U000e0000-\U000e007f"
#: Text holds no control characters but tab and newline: no C0, DEL or C1 (they could drive a terminal), no
#: bidirectional overrides or isolates (they make text read in another order than it is stored), no line or
#: paragraph separators (no terminal breaks a line at them) and no tag characters (they hide text).
#: Kept in step with :data:`unclench.text.FORBIDDEN_IN_TEXT`; the loader words the problem.
_CONTROLS = rf"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029{TAG_RANGE}"
#: The invisible bidirectional marks (LRM, RLM, ALM): proper in right-to-left text; in any other they can only
#: change the order digits and punctuation read in (in a terminal that lays out right-to-left text).
_BIDI_MARKS = r"\u200e\u200f\u061c"
#: The letters of the right-to-left scripts of the BMP (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their
#: presentation forms), without ALM. Kept in step with :func:`unclench.text.has_right_to_left`.
_RIGHT_TO_LEFT = r"\u0590-\u061b\u061d-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"


def _non_blank(controls: str) -> str:
    """The pattern of a text that is not blank and holds none of ``controls`` (a character class's inside)."""
    no_control = rf"[^{controls}]"
    return (
        rf"^(?:[^{controls}{_BIDI_MARKS}]*[^\s{controls}{INVISIBLE_CHARS}][^{controls}{_BIDI_MARKS}]*"
        rf"|{no_control}*[{_RIGHT_TO_LEFT}]{no_control}*)$"
    )


#: Text an author must write: not empty, not only spaces, line breaks or invisible characters, no control
#: characters, and bidirectional marks only in a text with a right-to-left letter.
NON_BLANK_PATTERN = _non_blank(_CONTROLS)
#: Text shown on one line (a title, a name, a label, a choice): as :data:`NON_BLANK_PATTERN`, without a line
#: break. The app draws such a text in a fixed place: a lesson title of sixty line breaks grew the lesson's header
#: until it pushed a running exercise's stop line off the screen, and one in a course or module title wrote lines
#: of its own into ``unclench status`` and the course map.
ONE_LINE_PATTERN = _non_blank(_CONTROLS + r"\n")
#: The longest text (a body, a question, feedback, the disclaimer): about 3,000 words, a long page and more. The
#: Markdown of a longer one could take the app seconds to read and draw (190,000 ``[`` took 2.6 s), deaf to every
#: key meanwhile, the stop key of a running exercise included; see also :mod:`unclench.markdowncost`.
MAX_TEXT_LENGTH = 20_000
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_LENGTH, pattern=NON_BLANK_PATTERN)]
#: The shortest timer an exercise (or its dose limit) may have, in minutes: 15 seconds. A shorter one (a stranger
#: wrote ``minutes = 5e-324``) ends before the learner could begin, yet is recorded as a run done in full.
SHORTEST_TIMER_MINUTES = 0.25
#: The most characters of ``guidance.stop``. It is read at a glance, perhaps with eyes half-closed or in pain,
#: beside the stop keys while an exercise runs and on the cue sign that is up for four seconds: 200 characters
#: are two short sentences (about 35 words, some ten seconds at a calm reading pace), which the stop panel
#: shows whole at 60 columns (four lines). The defaults and the bundled course say it in under 160.
STOP_MAX_LENGTH = 200
StopText = Annotated[str, StringConstraints(min_length=1, max_length=STOP_MAX_LENGTH, pattern=NON_BLANK_PATTERN)]
#: Text an author may leave out (or write as ""), but not write as only spaces or line breaks.
OPTIONAL_TEXT_PATTERN = rf"^$|{NON_BLANK_PATTERN}"
OptionalText = Annotated[str, StringConstraints(pattern=OPTIONAL_TEXT_PATTERN)]
#: The most characters of a one-line text: a long title, a full sentence.
ONE_LINE_MAX_LENGTH = 300
OneLine = Annotated[str, StringConstraints(min_length=1, max_length=ONE_LINE_MAX_LENGTH, pattern=ONE_LINE_PATTERN)]
#: One-line text an author may leave out (or write as "").
OPTIONAL_ONE_LINE_PATTERN = rf"^$|{ONE_LINE_PATTERN}"
OptionalOneLine = Annotated[str, StringConstraints(max_length=ONE_LINE_MAX_LENGTH, pattern=OPTIONAL_ONE_LINE_PATTERN)]
#: The patterns of one-line text, and the pattern of the same text on several lines (what the loader tells apart).
ONE_LINE_PATTERNS = {ONE_LINE_PATTERN: NON_BLANK_PATTERN, OPTIONAL_ONE_LINE_PATTERN: OPTIONAL_TEXT_PATTERN}

# The engine's own words, for any course and any posture (lying, sitting or standing): a course
# whose exercises need particular ones (say, how to come out of a tremor lying down) sets [guidance].
DEFAULT_STOP = (
    "You can stop at any moment, for any reason. Press the stop key and the exercise "
    "ends at once. Then let your body settle in whatever way feels comfortable."
)
DEFAULT_GROUNDING = (
    "You stopped, and that is fine. Take your time. Feel your feet on the floor, "
    "or whatever is holding your weight. Look around and name five things "
    "you can see. Breathe out slowly a few times. Drink some water. "
    "Rest for as long as you need."
)
DEFAULT_SUPPORT = (
    "It sounds like this was hard. Please stop for today. Ground yourself: "
    "feel your feet on the floor, breathe out slowly, drink some water. "
    "Reach out to someone you trust. If distress stays with you, contact a "
    "qualified, licensed professional; in an emergency call your local "
    "emergency number."
)


class _Strict(BaseModel):
    """Base for every authoring model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceModel(_Strict):
    """A document the course draws on, credited in the course index."""

    id: Id
    title: OneLine = Field(description="The document's title, as lessons should name it.")
    author: OneLine = Field(description="Who wrote it, e.g. 'a massage therapist'.")
    description: OptionalText = Field(default="", description="One or two sentences on what it is.")


class SafetyNoteModel(_Strict):
    """A shared safety note; exercises name the notes shown before them."""

    id: Id
    title: OneLine = Field(description="A short heading, e.g. 'You can stop at any moment'.")
    text: Text = Field(description="The note itself, plain Markdown.")
    always: bool = Field(
        default=False,
        description="Show before every tremor exercise, even where the exercise does not name it (and before "
        "any exercise that names other notes).",
    )


class CheckinModel(_Strict):
    """A 0-10 rating the learner gives before and after an exercise."""

    id: Id
    label: OneLine = Field(description="A short name for charts, e.g. 'Tension'.")
    question: OneLine = Field(description="What the learner is asked, e.g. 'How tense does your body feel?'.")
    low: OneLine = Field(default="not at all", description="What 0 means.")
    high: OneLine = Field(default="extremely", description="What 10 means.")
    worse: Literal["high", "low"] = Field(
        default="high", description="Which end of the scale means the learner is struggling."
    )
    alert_at: int | None = Field(
        default=None,
        ge=0,
        le=10,
        description=(
            "A rating at or beyond this value (towards `worse`) before an exercise suggests grounding "
            "instead of starting; after it (or a rating worse than before) leads to the follow-up: "
            "grounding, the support card, and no more of that practice today. Leave out for no alert."
        ),
    )


class ScreeningModel(_Strict):
    """A yes/no question asked before a learner's first run of the exercises that name it."""

    id: Id
    question: OneLine = Field(description="Asked as written, answered yes or no, e.g. 'Are you pregnant?'.")
    yes_means: Literal["advice", "professional", "not-alone"] = Field(
        description=(
            "What a yes means: `advice` (read the advice, then go on), `professional` (talk to a "
            "professional before this practice) or `not-alone` (not on your own: only with a qualified "
            "practitioner). The last two keep the exercise closed."
        )
    )
    advice: Text = Field(description="Shown to a learner who answers yes: what it means and what to do.")
    source: OneLine = Field(description="The published guidance the question follows.")
    allow_proceed: bool = Field(
        default=False,
        description="A closing yes may still be passed by a deliberate 'Proceed anyway' at each start.",
    )


class GuidanceModel(_Strict):
    """Texts the engine shows around exercises. Each has a careful default."""

    stop: StopText = Field(
        default=DEFAULT_STOP,
        description=(
            "How to stop; on screen while a tremor exercise runs, under the stop keys, and read at a glance: "
            "a sentence or two. Every exercise shows the app's own stop keys."
        ),
    )
    grounding: Text = Field(default=DEFAULT_GROUNDING, description="Shown when an exercise is ended early.")
    support: Text = Field(default=DEFAULT_SUPPORT, description="Shown after an exercise when a check-in is alarming.")


DATE_PATTERN = c.DATE_PATTERN
Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    Field(description="A date, `YYYY-MM-DD`."),
]


class SupportEntryModel(_Strict):
    """A service on the support card: who, how to reach them, where, and how current that is."""

    name: OneLine = Field(description="The service, e.g. 'Samaritans'.")
    reach: OneLine = Field(description="How to reach it, e.g. 'Call 116 123 (free, any time)'.")
    region: OneLine = Field(description="Where it answers, e.g. 'UK and Ireland'.")
    source: OneLine = Field(description="Where this information came from, e.g. 'samaritans.org'.")
    checked: Date = Field(description="When the information was last checked, `YYYY-MM-DD`.")


class SupportModel(_Strict):
    """The support card: one key away on every screen, and part of every follow-up."""

    entries: list[SupportEntryModel] = Field(default=[], description="Services, in the order shown.")
    directory: OneLine = Field(
        default=c.DEFAULT_DIRECTORY, description="The fallback: a directory of helplines for everywhere else."
    )
    note: Text = Field(default=c.DEFAULT_SUPPORT_NOTE, description="Said above the entries: numbers change.")


class ModuleModel(_Strict):
    """A module: a titled group of lessons, in order."""

    id: Id
    title: OneLine = Field(description="The module's title on the course map.")
    summary: OptionalOneLine = Field(
        default="", description="One sentence on what the module covers (help lists it under This course)."
    )
    lessons: list[Id] = Field(min_length=1, description="Lesson ids, in the order the learner meets them.")


class CourseModel(_Strict):
    """`course/course.toml`: the course index."""

    format_version: int = Field(
        ge=1,
        le=c.FORMAT_VERSION,
        description=f"The version of this file format. This program reads up to {c.FORMAT_VERSION}.",
    )
    id: Id
    title: OneLine = Field(description="The course title.")
    summary: OptionalText = Field(default="", description="A sentence or two shown on the first screen.")
    disclaimer: Text = Field(description="Shown on first run and whenever it changes; the learner must acknowledge it.")
    sources: list[SourceModel] = Field(default=[], description="Documents the course draws on.")
    safety: list[SafetyNoteModel] = Field(default=[], description="Shared safety notes, by id.")
    checkins: list[CheckinModel] = Field(default=[], description="Check-in measures exercises can ask for.")
    screening: list[ScreeningModel] = Field(default=[], description="Screening questions exercises can ask for.")
    guidance: GuidanceModel = Field(default=GuidanceModel(), description="Stop, grounding and support texts.")
    support: SupportModel = Field(default=SupportModel(), description="The support card: helplines and a directory.")
    modules: list[ModuleModel] = Field(min_length=1, description="The modules, in order.")


class _StepBase(_Strict):
    id: Id
    title: OptionalOneLine = Field(default="", description="An optional heading for the step.")


class PageModel(_StepBase):
    """A page of Markdown to read."""

    kind: Literal["page"] = Field(description="`page`: Markdown text to read.")
    body: Text = Field(description="The page, in Markdown.")


class PromptModel(_StepBase):
    """A reflective question; the answer is private journal text."""

    kind: Literal["prompt"] = Field(description="`prompt`: a reflective question answered in the journal.")
    question: Text = Field(description="The question the learner reflects on.")
    hint: OptionalText = Field(default="", description="An optional nudge shown under the question.")


class ChoiceModel(_Strict):
    """One answer of a quiz."""

    text: OneLine = Field(description="The choice as shown.")
    correct: bool = Field(default=False, description="Whether this choice is right.")
    feedback: Text = Field(description="Shown after answering: why this choice is right or not.")


class QuizModel(_StepBase):
    """A question with choices and teaching feedback."""

    kind: Literal["quiz"] = Field(description="`quiz`: a question with choices.")
    question: Text = Field(description="The question.")
    multiple: bool = Field(
        default=False, description="Several choices may be correct; the learner picks all that apply."
    )
    choices: list[ChoiceModel] = Field(description="At least two, at least one correct.")
    shuffle: bool = Field(
        default=True,
        description=(
            "Show the choices in a shuffled order (the same order every time for a learner's quiz). "
            "Set to false when the authored order matters, e.g. for 'all of the above'."
        ),
    )


class LimitsModel(_Strict):
    """How much of an exercise is advised: the engine holds the learner to it, kindly."""

    minutes_per_run: float = Field(
        ge=SHORTEST_TIMER_MINUTES,
        le=60,
        description="The longest one run may last, in minutes (at least 0.25); the timer stops there.",
    )
    hours_between: float = Field(
        ge=0, le=336, description="The least time between the starts of two runs, in hours (24: a day's rest)."
    )
    runs_per_week: int = Field(ge=1, le=100, description="The most runs in any seven days.")


class ExerciseModel(_StepBase):
    """A guided exercise with a timer."""

    kind: Literal["exercise"] = Field(description="`exercise`: guided practice with a timer.")
    body: Text = Field(description="The instructions, in Markdown.")
    minutes: float = Field(
        ge=SHORTEST_TIMER_MINUTES, le=60, description="Length of the timer, in minutes (e.g. 3 or 0.5; at least 0.25)."
    )
    tremor: bool = Field(default=False, description="A tremor exercise: its safety notes are shown first, every time.")
    safety: list[Id] = Field(
        default=[],
        description="Ids of the course's [[safety]] notes shown first, every time (tremor practice or not); "
        "the always-shown ones come with them.",
    )
    checkin: list[Id] = Field(default=[], description="Ids of the course's [[checkins]] asked before and after.")
    screening: list[Id] = Field(
        default=[], description="Ids of the course's [[screening]] questions asked before the first run."
    )
    limits: LimitsModel | None = Field(
        default=None,
        description="Dose limits (`[steps.limits]`), enforced from the learner's history; required for tremor work.",
    )
    start_anyway: bool = Field(
        default=False,
        description=(
            "When a rating before the exercise is at its check-in's `alert_at`, the app suggests grounding "
            "instead of starting; `true` also offers a deliberate 'Start anyway'."
        ),
    )
    grounding: bool = Field(
        default=False,
        description=(
            "The exercise is itself a way to ground (grounding, slow breathing): a rating before it at its "
            "check-in's `alert_at` does not hold it back (the app names the support card and starts it). "
            "Never together with `tremor`."
        ),
    )


StepModel = Annotated[
    PageModel | PromptModel | QuizModel | ExerciseModel,
    Field(discriminator="kind"),
]


class LessonModel(_Strict):
    """A lesson file in `lessons/`."""

    id: Id
    title: OneLine = Field(description="The lesson title.")
    summary: OptionalOneLine = Field(default="", description="One sentence shown on the course map.")
    minutes: int = Field(ge=1, le=120, description="About how long the lesson takes.")
    sources: list[Id] = Field(default=[], description="Ids of the course's [[sources]] this lesson draws on.")
    previous_ids: list[Id] = Field(
        default=[], description="Ids this lesson had before; progress saved under them carries over."
    )
    builds_on: list[Id] = Field(
        default=[],
        description=(
            "Ids of lessons best done first. Opening this lesson before they are done shows which ones, "
            "with 'Go there' as the default and a deliberate 'Continue anyway'."
        ),
    )
    builds_on_reason: OptionalOneLine = Field(
        default="",
        description="Why those lessons come first, in a sentence, e.g. 'They cover how to stop safely.'",
    )
    steps: list[StepModel] = Field(min_length=1, description="The steps, in order.")
