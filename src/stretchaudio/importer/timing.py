"""Reading article text, stage 3: timing in a step's words.

Holds, breaths, sides, repetitions and sets found in a step, a label or a heading, with the
words left to speak (see "Timing" in the package docstring).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace

from .. import phrases
from ..language import numerals
from ..language.text import tidy
from ..model import Action, ActionKind
from ..schema import PAUSE_RANGE
from ..settings import number_setting
from .safety import QUOTED_RE
from .words import imperative_kind, imperative_of

_SETTLE_ROUNDS = 5

# Allowed ranges of the routine format; values outside are not used.


def _range_of(name: str) -> tuple[float, float]:
    """What a routine file accepts for the setting ``name`` (the same as its flag)."""
    setting = number_setting(name)
    return setting.low, setting.high


_HOLD_RANGE = _range_of("hold")
_PAUSE_RANGE = (PAUSE_RANGE.low, PAUSE_RANGE.high)  # a step's own pause
_BREATHS_RANGE = _range_of("breaths")
_REPS_RANGE = _range_of("reps")
_SETS_RANGE = _range_of("sets")
_REST_RANGE = REST_RANGE = _range_of("rest")
PHASE_RANGE = _range_of("inhale")  # and exhale: the same range


# --- timing ----------------------------------------------------------------------------------

_NUMBER_WORDS = numerals.NUMBER
_COUNT_NOUN = r"(?:times|reps|repetitions|rounds|breaths|counts|sets)"
_COUNT_RANGE_RE = re.compile(
    rf"\b(?:between\s+)?(?P<lo>{_NUMBER_WORDS})\s*(?:-|\u2013|\u2014|to|or|and)\s*"
    rf"(?P<hi>{_NUMBER_WORDS})\b(?P<tail>\s+(?:more\s+)?(?:[a-z]+\s+)?{_COUNT_NOUN}\b)",
    re.IGNORECASE,
)
FREQUENCY_RE = re.compile(
    rf"(?:,\s*|\s+|^)(?:(?:{_NUMBER_WORDS}|once|twice)\s+(?:times?\s+)?"
    r"(?:a|per|each|every)\s+(?:day|week|morning|evening)|daily|weekly|every\s+(?:day|morning"
    r"|evening|night|other\s+day)|throughout\s+the\s+day)\b",
    re.IGNORECASE,
)
FREQUENCY_ONLY_RE = re.compile(
    r"^\W*(?:(?:you\s+can\s+|try\s+to\s+|aim\s+to\s+)?(?:do|repeat|perform|practi[cs]e|try)"
    r"(?:\s+(?:this|it|these|them|the\s+(?:stretch|stretches|exercise|exercises|routine|move"
    r"|moves)))?(?:\s+(?:stretch|exercise|routine|sequence))?)?\W*$",
    re.IGNORECASE,
)
_SIDE_WORDS = r"(?:side|sides|leg|legs|arm|arms)"
_LIMB_WORDS = r"(?:leg|arm|foot|hand|knee|hip|shoulder)"
_TURN = (
    r"(?:turn|look|lean|tilt|bend|rotate|twist|reach|drop|go|do\s+the\s+same)"
    r"\s+(?:\w+\s+){0,2}?(?:to(?:wards?)?\s+)?(?:the\s+|your\s+)?(?:left|right|other\s+(?:side|way))"
    r"(?:\s+(?:side|shoulder))?\s+and\s+hold"
)
_TIMING_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        # "(each side)" -> " each side"; "(30 seconds)" -> ", 30 seconds"
        (rf"\s*\(\s*((?:on\s+|for\s+)?(?:each|per|both)\s+{_SIDE_WORDS})\s*\)", r" \1"),
        (
            rf"\s*\(\s*((?:about\s+|around\s+|for\s+)?{_NUMBER_WORDS}(?:\s*(?:-|\u2013|to)\s*"
            rf"{_NUMBER_WORDS})?\s*(?:seconds?|secs?|minutes?|mins?|breaths?|times|reps"
            rf"|repetitions)(?:\s+(?:on\s+)?(?:each|per)\s+{_SIDE_WORDS})?)\s*\)",
            r", \1",
        ),
        (r"\btwice\b", "2 times"),
        # "Aim for 10 reps", "work up to 30 seconds": the amount is the instruction
        (r"\b(?:aim|try|work\s+up|build\s+up)\s+(?:for|to)\s+(?=(?:about\s+)?\d)", "do "),
        (r"\b(?:aim|try)\s+to\s+(?=(?:hold|do|stay|repeat)\b)", ""),
        # "do 10 of them": a count
        (
            rf"\b(?:do|complete|perform)\s+({_NUMBER_WORDS})\s+of\s+(?:them|these|those)\b",
            r"repeat \1 times",
        ),
        # "Do 3 per side", "do 20 pumps", "do 10 glides per leg": a count of repetitions
        (
            rf"\b(?:do|complete|perform)\s+({_NUMBER_WORDS})\s+(?:(?:more|slow|gentle|small|big"
            r"|controlled)\s+)?(?!(?:sets?|seconds?|secs?|minutes?|mins?|breaths?|times|reps?"
            r"|repetitions?|rounds?|counts?|of|these|those|them)\b)[a-z]+s\b",
            r"repeat \1 times",
        ),
        (
            rf"\b(?:do|complete|perform)\s+({_NUMBER_WORDS})(?=\s+(?:per|on\s+each|each)\s+"
            r"(?:side|leg|arm))",
            r"repeat \1 times",
        ),
        # "..., then turn to the left and hold again": the other side, said as such
        # (a second turn: after "then" or before "again"; "Let your knees drop to the right and
        # hold for 15 seconds" is the first side itself)
        (
            rf"\bthen\s+{_TURN}(?:\s+(?:again|there|it))?\b|\b{_TURN}\s+again\b",
            "switch sides",
        ),
        # "Hold x 10 secs": a length, not a count
        (
            r"(?<![\w.])[x\u00d7]\s?(\d{1,3})\s?(seconds?|secs?|s|minutes?|mins?|breaths?)\b",
            r"for \1 \2",
        ),
        # "Repeat x10", "10x": a physiotherapy handout's count
        (r"(?<![\w.])(?<!\d\s)[x\u00d7]\s?(\d{1,3})\b(?!\s*[x\u00d7])", r"\1 times"),
        (r"(?<![\w.])(\d{1,3})\s?[x\u00d7](?![\w\u00d7])(?!\s*\d)", r"\1 times"),
        # "Repeat 5 times, holding each stretch for 20 seconds": the hold of each repetition
        (
            r",?\s+(?:while\s+)?holding\s+(?:each|the|this|every)\s+(?:stretch|position|pose|"
            r"rep|repetition|one)\s+(?=for\b)",
            ". Hold ",
        ),
        # "Reach out an arm and the opposite leg." names a limb; it does not switch sides.
        (rf"(?<=\band\s)the(?=\s+(?:other|opposite)\s+{_LIMB_WORDS}\s*(?:[.,;!]|$))", "your"),
        (
            r"(?:\s*,)?\s+(?:before|and\s+then|then|and)\s+switching\s+(sides|legs|arms|feet)\b",
            r", then switch \1",
        ),
        (
            r"\b(?:then\s+)?(?:do|repeat)(?:\s+(?:it|this|the\s+(?:same|stretch|exercise|move"
            r"|movement|sequence)))?\s+(?:on|with|using|to|towards?|for)\s+(?:the|your)\s+(?:left"
            r"|right|other|opposite|second)(?:\s+(?:side|leg|arm|foot|hand|knee|hip))?\b",
            "switch sides",
        ),
        (
            r"\b(?:then\s+)?do\s+the\s+(?:other|opposite)\s+(?:side|leg|arm|foot|hand)\b",
            "switch sides",
        ),
        (r"\b(?:repeat|do\s+the\s+same)\s+(?:for|on)\s+both\s+(sides|legs|arms)\b", r"on both \1"),
    )
)
_SETS_OF_RE = re.compile(
    rf"\b(?:do\s+|perform\s+|complete\s+)?(?P<sets>{_NUMBER_WORDS})\s+sets?\s+(?:of\s+|x\s+)"
    rf"(?P<reps>{_NUMBER_WORDS})(?:\s+(?:reps|repetitions|times))?\b"
    rf"|\b(?P<sets2>{_NUMBER_WORDS})\s*[x\u00d7]\s*(?P<reps2>{_NUMBER_WORDS})\s+(?:reps|repetitions)\b",
    re.IGNORECASE,
)
# "Do 2 sets.", "for three sets", "2 sets in all"
_SETS_RE = re.compile(
    rf"(?:,\s*|\s+|^)(?:(?:do|perform|complete|repeat(?:\s+(?:this|it))?\s+for|for)\s+)?"
    rf"(?P<sets>{_NUMBER_WORDS})\s+(?:full\s+|total\s+)?sets?\b(?:\s+in\s+(?:all|total))?",
    re.IGNORECASE,
)
_INLINE_REPS_RE = re.compile(
    rf"\s*,?\s+(?:for\s+)?(?P<count>{_NUMBER_WORDS})\s+(?:more\s+)?(?:slow\s+|controlled\s+)?"
    r"(?:times|reps|repetitions|rounds)(?=\s*(?:[.,;!]|$|on\s+each|each|per|in\s+(?:each|both)"
    r"\s+directions?))",
    re.IGNORECASE,
)
_LEFTOVER_RE = re.compile(
    r"^\W*(?:(?:and|then)\s+)*(?:repeat|do|perform|complete|continue|keep\s+going"
    r"|continue\s+(?:like\s+this|breathing)|keep\s+breathing|do\s+(?:it|this|the\s+same)"
    r"(?:\s+again)?|repeat\s+(?:it|this|the\s+(?:stretch|exercise|move|movement|sequence)))\W*$",
    re.IGNORECASE,
)
# "Repeat the cat-cow stretch, moving smoothly ...": once the count is taken out, the repeat
# itself says nothing more.
_REPEAT_PREFIX_RE = re.compile(
    r"^(?:repeat|do|perform)\s+(?:this|it|the\s+(?:[\w-]+\s+){0,3}?(?:stretch|exercise|move"
    r"|movement|sequence|pose|motion|flow))\s*,\s*",
    re.IGNORECASE,
)
_TIMING_WORDS_RE = re.compile(
    rf"\b{_NUMBER_WORDS}(?:\s*(?:-|\u2013|to)\s*{_NUMBER_WORDS})?\s*[-\s]?(?:seconds?|secs?"
    r"|minutes?|mins?|breaths?|times|reps|repetitions|rounds|sets|counts?)\b|\bcount\s+of\b",
    re.IGNORECASE,
)


@dataclass
class Timing:
    """What some text says about timing, and the text to speak without it."""

    text: str
    action: Action | None = None
    switch_sides: bool = False
    each_side: bool = False
    repetitions: int | None = None
    sets: int | None = None
    rest: float | None = None
    problems: list[str] = field(default_factory=list)
    after: str = ""
    """What the text says to do once the timed action is over ("then slowly release")."""

    @property
    def found(self) -> bool:
        """Whether any timing was recognised."""
        return bool(
            self.action
            or self.switch_sides
            or self.each_side
            or self.repetitions is not None
            or self.sets is not None
        )


def _count_range(match: re.Match[str]) -> str:
    """A count range ("3-5 times") replaced by its lower bound ("3 times")."""
    said = match.group(0)[: match.start("tail") - match.start()]
    if numerals.parse_number(said.strip()) is not None:  # "twenty-six": one number
        return match.group(0)
    bounds = numerals.parse_range(said.strip().removeprefix("between").strip())
    if bounds is None:
        return match.group(0)
    return f"{bounds[0]}{match.group('tail')}"


def find_timing(text: str) -> Timing:
    """The timing in one step's text (see the module docstring), and the words to speak."""
    found = _find_timing(text)
    return replace(found, problems=list(found.problems))


@functools.lru_cache(maxsize=4096)
def _find_timing(text: str) -> Timing:
    """:func:`find_timing`, remembered: the same sentence is read by several stages."""
    rewritten = _COUNT_RANGE_RE.sub(_count_range, text)
    for pattern, replacement in _TIMING_REWRITES:
        rewritten = pattern.sub(replacement, rewritten)
    rewritten, set_count, rep_count = _sets(rewritten)
    parsed = phrases.parse_step_text(rewritten)
    timing = Timing(
        parsed.text,
        parsed.action,
        parsed.switch_sides,
        parsed.each_side,
        parsed.repetitions if rep_count is None else rep_count,
        set_count,
    )
    spoken = parsed.text if (timing.found or rewritten != text) else text.strip()
    if timing.repetitions is None:
        match = _INLINE_REPS_RE.search(spoken)
        count = phrases.parse_count(match.group("count")) if match else None
        if match and count is not None:
            timing.repetitions = count
            spoken = tidy(spoken[: match.start()] + spoken[match.end() :])
    if timing.found and _LEFTOVER_RE.match(spoken):
        spoken = ""
    if timing.found:
        spoken = _REPEAT_PREFIX_RE.sub("", spoken)
    if timing.found and spoken != text.strip():
        spoken = imperative_of(spoken)
    timing.text = spoken if timing.found else text.strip()
    timing.after = parsed.after if timing.found else ""
    _settle(timing)
    check_ranges(timing)
    return timing


def _sets(text: str) -> tuple[str, int | None, int | None]:
    """``text`` without its sets ("2 sets of 10", "3 x 10 reps", "do 2 sets"), the number of
    sets and the repetitions given with them."""
    match = _SETS_OF_RE.search(text)
    if match:
        sets = phrases.parse_count(match.group("sets") or match.group("sets2"))
        reps = phrases.parse_count(match.group("reps") or match.group("reps2"))
        return tidy(text[: match.start()] + text[match.end() :]), sets, reps
    match = _SETS_RE.search(text)
    if match:
        rest = text[: match.start()] + text[match.end() :]
        return (tidy(rest) if rest.strip() else ""), phrases.parse_count(match.group("sets")), None
    return text, None, None


def _settle(timing: Timing) -> None:
    """Parse the words left to speak again until nothing more is found in them.

    The loader parses a step's text once more, so the text written must be a fixed point of
    :func:`phrases.parse_step_text`; whatever the next round finds is taken as it would be
    (a step keeps its first action), so that the file loads exactly as written.
    """
    for _ in range(_SETTLE_ROUNDS):
        again = phrases.parse_step_text(timing.text)
        found = again.action or again.switch_sides or again.each_side
        if not found and again.repetitions is None:
            return
        timing.text = again.text
        timing.action = timing.action or again.action
        timing.switch_sides = timing.switch_sides or again.switch_sides
        timing.each_side = timing.each_side or again.each_side
        if timing.repetitions is None:
            timing.repetitions = again.repetitions
    timing.text = ""  # it never settled: say nothing rather than something re-read differently


def check_ranges(timing: Timing) -> None:
    """Leave out amounts a routine cannot hold, noting why."""
    action = timing.action
    if action is not None and action.kind is ActionKind.BREATHS:
        if action.count is not None and not _within(action.count, _BREATHS_RANGE):
            timing.problems.append(_outside(f"{action.count} breaths", _BREATHS_RANGE, ""))
            timing.action = None
    elif action is not None and action.seconds is not None:
        allowed = _HOLD_RANGE if action.kind is ActionKind.HOLD else _PAUSE_RANGE
        if not _within(action.seconds, allowed):
            said = f"a {action.kind.value} of {plain_number(action.seconds)} seconds"
            timing.problems.append(_outside(said, allowed, " seconds"))
            timing.action = None
    if timing.repetitions is not None and not _within(timing.repetitions, _REPS_RANGE):
        timing.problems.append(_outside(f"{timing.repetitions} repetitions", _REPS_RANGE, ""))
        timing.repetitions = None
    if timing.sets is not None and not _within(timing.sets, _SETS_RANGE):
        timing.problems.append(_outside(f"{timing.sets} sets", _SETS_RANGE, ""))
        timing.sets = None
    if timing.rest is not None and not _within(timing.rest, _REST_RANGE):
        timing.problems.append(
            _outside(f"a rest of {plain_number(timing.rest)} s", _REST_RANGE, " s")
        )
        timing.rest = None


def _within(value: float, allowed: tuple[float, float]) -> bool:
    """Whether ``value`` is finite and within ``allowed``."""
    return math.isfinite(value) and allowed[0] <= value <= allowed[1]


def _outside(said: str, allowed: tuple[float, float], unit: str) -> str:
    """ "a hold of 900 seconds is outside 1 to 600 seconds, so it was left out"."""
    low, high = plain_number(allowed[0]), plain_number(allowed[1])
    return f"{said} is outside {low} to {high}{unit}, so it was left out"


def plain_number(value: float) -> int | float:
    """``30`` rather than ``30.0``."""
    return int(value) if float(value).is_integer() else value


def has_timing_words(text: str) -> bool:
    """Whether ``text`` mentions an amount of seconds, minutes, breaths or repetitions."""
    return bool(_TIMING_WORDS_RE.search(text))


def unused_timing(text: str) -> bool:
    """Timing that would be recognised, in a sentence that is not quoted speech."""
    return has_timing_words(text) and find_timing(text).found and not QUOTED_RE.search(text)


def instruction_like(text: str, *, body_only: bool = False) -> bool:
    """An imperative (body) instruction, or text with recognised timing in it."""
    kind = imperative_kind(text)
    if kind == "body" or (kind == "generic" and not body_only):
        return True
    return bool(_TIMING_WORDS_RE.search(text)) and find_timing(text).found
