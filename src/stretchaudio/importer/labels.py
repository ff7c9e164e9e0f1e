"""Labels at the start of a line ("How to do it:", "Tip:", "Warning:") and label lines of
timing fields ("Reps: 10 | Hold: 5 sec | Sets: 2", "Hold 30 seconds, each side").

A label line may hold several fields, separated by ``|``, ``,``, ``;``, ``/``, bullets or
full stops, in any order. Each field is a name and a value ("Hold: 5 sec", "Sets - 2") or a
value with its unit ("10 reps", "30 s hold", "each side", "3 x 10"). The unit, when there is
one, says what the value is; the name says it otherwise ("Reps: 10", "Hold: 5").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import phrases
from ..language import numerals
from ..model import Action, ActionKind
from .timing import Timing, check_ranges

_LABEL_KINDS: tuple[tuple[str, str], ...] = (
    (
        "setup",
        r"(?:the\s+)?start(?:ing)?\s+(?:position|point|pose)|set[-\s]?up|get\s+into\s+position"
        r"|position|preparation|to\s+start|to\s+begin|start|get\s+ready|get\s+set|begin",
    ),
    (
        "howto",
        r"how\s+to\s+(?:do|perform|try)\s+(?:it|this|them|the\s+(?:stretch|exercise|move|pose))"
        r"(?:\s+right)?|how\s+to|how\s+it'?s\s+done|instructions?|directions?|steps?|method"
        r"|technique|what\s+to\s+do|the\s+move|do\s+it|movement|action|execution|exercise"
        r"|procedure|to\s+do\s+(?:this|it|the)(?:\s+(?:stretch|exercise|pose|move))?"
        r"|here'?s\s+how(?:\s+to\s+do\s+it)?|try\s+it|the\s+steps",
    ),
    (
        "skip",
        r"(?:pro\s+|quick\s+|trainer'?s?\s+|expert\s+|coach'?s?\s+|form\s+|bonus\s+)?tips?"
        r"|notes?|why\s+it\s+(?:helps|works|matters)|why\s+(?:you\s+should\s+)?(?:do|try)\s+it"
        r"|why\s+this\s+(?:stretch|exercise|move|pose)\s+(?:helps|works)|(?:the\s+)?benefits?"
        r"|what\s+it\s+(?:does|helps)|muscles?\s+(?:worked|targeted|used|stretched)"
        r"|targets?|target\s+areas?|areas?\s+(?:targeted|worked)|good\s+for|best\s+for"
        r"|great\s+for|helps\s+with|works|modifications?|modify\s+it|variations?"
        r"|make\s+it\s+(?:easier|harder)|easier\s+option|harder\s+option|progressions?"
        r"|regressions?|common\s+mistakes?|mistakes\s+to\s+avoid|avoid\s+these\s+mistakes"
        r"|equipment(?:\s+needed)?|you'?ll\s+need|what\s+you(?:'ll)?\s+need|level"
        r"|difficulty|fun\s+fact|did\s+you\s+know|frequency|how\s+often|when|disclaimer"
        r"|sources?|references?|further\s+reading|bottom\s+line|the\s+takeaway|takeaways?"
        r"|summary|faqs?|feel\s+it|where\s+you(?:'ll)?\s+feel\s+it|purpose|goal|aim",
    ),
    (
        "warning",
        r"warnings?|cautions?|safety(?:\s+(?:notes?|tips?|first|warnings?))?|important"
        r"|precautions?|be\s+careful|careful|contraindications?|who\s+should\s+(?:avoid|skip)"
        r"(?:\s+(?:it|this))?|avoid\s+if|skip\s+(?:it|this)\s+if|when\s+to\s+(?:stop|see\s+a"
        r"\s+doctor)|stop\s+if",
    ),
    (
        "timing",
        r"hold(?:\s+(?:time|for))?|duration|time|length|reps|rep|repetitions|repeats?|times"
        r"|sets|set|rounds|breaths|rest(?:\s+between\s+sets)?|recovery|sides?|each\s+side"
        r"|per\s+side|tempo|dosage|dose|prescription|volume",
    ),
)
_LABEL_RES = tuple(
    (kind, re.compile(rf"^(?P<label>{pattern})\s*(?::|\s[-\u2013\u2014])\s*(?P<rest>.*)$", re.I))
    for kind, pattern in _LABEL_KINDS
)
_LABEL_ALONE_RES = tuple(
    (kind, re.compile(rf"^(?P<label>{pattern})\s*[:.]?$", re.I)) for kind, pattern in _LABEL_KINDS
)


@dataclass(frozen=True)
class Label:
    """A label at the start of a line: its kind, its word(s) and the text after it."""

    kind: str  # "setup", "howto", "skip", "warning" or "timing"
    name: str
    rest: str


def find_label(text: str) -> Label | None:
    """The label ``text`` starts with ("Tip:", "How to do it:", "Hold: 30 seconds"), if any.

    A set-up label needs its colon ("Position: lie on your back"); a line made only of timing
    fields ("10 reps | 2 sets") is a timing label too."""
    colon = re.match(r"^[^:]{1,40}:", text) is not None
    for kind, pattern in _LABEL_ALONE_RES:
        match = pattern.match(text)
        if match and kind != "timing" and (kind != "setup" or colon):
            return Label(kind, match.group("label"), "")
    for kind, pattern in _LABEL_RES:
        match = pattern.match(text)
        if match is None or (kind == "setup" and not colon):
            continue
        if kind != "timing" or label_timing(text).found:
            return Label(kind, match.group("label"), match.group("rest").strip())
    if fields_only(text):
        return Label("timing", "fields", text)
    return None


# --- timing fields ---------------------------------------------------------------------------

_N = numerals.NUMBER
_NAMES: tuple[tuple[str, str], ...] = (
    ("reps", r"reps?|repetitions?|repeats?|times|count|rounds"),
    ("hold", r"hold(?:\s+(?:time|for|each))?|duration|time|length|holds"),
    ("sets", r"sets?"),
    ("breaths", r"breaths?"),
    ("rest", r"rest(?:\s+between\s+sets)?|recovery|break"),
    ("sides", r"sides?|each\s+side|per\s+side|legs?|arms?"),
    ("other", r"tempo|dosage|dose|prescription|volume|frequency|how\s+often|when|equipment"),
)
_NAME_RES = tuple((kind, re.compile(rf"^(?:{names})$", re.I)) for kind, names in _NAMES)
_FIELD_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z ]{0,24}?)\s*(?::|=|\s[-\u2013\u2014])\s*(?P<value>.+)$"
)
_SEPARATOR_RE = re.compile(r"\s*(?:[|;/\u2022\u00b7,]|\.(?=\s|$))\s*")
_SIDES_PHRASE_RE = re.compile(
    r"\b(?:on\s+|for\s+)?(?:each|per|every|both|either)\s+(?:side|sides|leg|legs|arm|arms|hand"
    r"|hands|foot|feet|knee|knees|hip|hips)\b",
    re.I,
)
_SIDES_VALUE_RE = re.compile(
    r"^(?:each|both|yes|alternat\w*|left\s+and\s+right|l\s*(?:&|and|/)\s*r|2|two)$", re.I
)
_SETS_BY_REPS_RE = re.compile(
    rf"^(?P<sets>{_N})\s*(?:sets?\s*)?[x\u00d7]\s*(?P<reps>{_N})(?:\s*(?:reps?|repetitions|times))?$",
    re.I,
)
_TIMES_RE = re.compile(rf"^(?:[x\u00d7]\s*(?P<a>{_N})|(?P<b>{_N})\s*[x\u00d7])$", re.I)
_CLOCK_RE = re.compile(r"^(?P<m>\d{1,2}):(?P<s>[0-5]\d)$")
_UNIT_RES = (
    (
        "reps",
        re.compile(rf"^(?P<n>{numerals.RANGE})\s*(?:reps?|repetitions?|times|rounds)\b", re.I),
    ),
    ("sets", re.compile(rf"^(?P<n>{numerals.RANGE})\s*sets?\b", re.I)),
    ("breaths", re.compile(rf"^(?P<n>{numerals.RANGE})\s*(?:\w+\s+)?breaths?\b", re.I)),
)
_FREQUENCY_RE = re.compile(
    r"\b(?:daily|weekly|a\s+day|a\s+week|per\s+day|per\s+week|every\s+day|times?\s+a\b|twice"
    r"|once)\b",
    re.I,
)


_NEXT_FIELD_RE = re.compile(
    r"\s+(?=(?:reps?|repetitions?|sets?|hold(?:\s+time)?|holds|rest|breaths?|duration|sides?"
    r"|each\s+side|tempo|frequency|rounds)\s*:)",
    re.I,
)
"""Where the next field starts when a handout gives them with spaces only ("Reps: 10  Hold:
5 sec")."""


def _fields(text: str) -> list[str]:
    return _SEPARATOR_RE.split(_NEXT_FIELD_RE.sub(" | ", text))


def label_timing(text: str) -> Timing:
    """The timing of a label line ("Reps: 10 | Hold: 5 sec | Sets: 2", also "Sets: 2  Reps:
    12"); fields that are not timing are listed in ``Timing.text`` (separated by " | ")."""
    timing = Timing("")
    leftover: list[str] = []
    for part in _fields(text):
        part = part.strip()
        if part and not _apply_field(timing, part):
            leftover.append(part)
    timing.text = " | ".join(leftover)
    check_ranges(timing)
    return timing


def fields_only(text: str) -> bool:
    """Whether ``text`` is only timing fields with units, starting with a number ("10 reps |
    2 sets", "3 x 10", "30 s hold, each side")."""
    parts = [part.strip() for part in _fields(text) if part.strip()]
    if not parts or len(text) > 120 or not re.match(r"[0-9x\u00d7]", parts[0], re.I):
        return False
    return all(_apply_field(Timing(""), part, units_only=True) for part in parts)


def _apply_field(timing: Timing, part: str, *, units_only: bool = False) -> bool:
    """Read one field into ``timing``; False if it is not a timing field (``units_only``: a
    field without a name must have a unit)."""
    name, value = "", part
    match = _FIELD_RE.match(part)
    if match and _kind_of(match.group("name")) is not None:
        name, value = match.group("name"), match.group("value").strip()
    kind = _kind_of(name) if name else None
    if kind == "other":
        return True  # "Tempo: slow", "Frequency: daily": understood, not timing to use
    if _SIDES_PHRASE_RE.search(value) or (kind == "sides" and _SIDES_VALUE_RE.match(value)):
        timing.each_side = True
        value = _SIDES_VALUE_RE.sub("", _SIDES_PHRASE_RE.sub("", value)).strip(" ,")
        value = re.sub(r"\s+(?:on|for|with)$", "", value)
        if not value:
            return True
    if kind is None and units_only and not _has_unit(value):
        return False
    return _read_value(timing, kind or _unit_kind(value) or "", value)


def _kind_of(name: str) -> str | None:
    """What a field name stands for: "reps", "hold", "sets", "breaths", "rest", "sides",
    "other", or None."""
    name = " ".join(name.lower().split())
    return next((kind for kind, pattern in _NAME_RES if pattern.match(name)), None)


def _has_unit(value: str) -> bool:
    return _unit_kind(value) is not None or _SETS_BY_REPS_RE.match(value) is not None


def _unit_kind(value: str) -> str | None:
    """The kind a value's own unit gives ("10 reps": reps, "30 s": hold), or None."""
    for kind, pattern in _UNIT_RES:
        if pattern.match(value):
            return kind
    if _TIMES_RE.match(value):
        return "reps"
    if phrases.parse_duration(value) is not None or re.search(r"\bhold\b", value, re.I):
        return "hold"
    return None


def _read_value(timing: Timing, kind: str, value: str) -> bool:
    """Store ``value`` (read as ``kind``) in ``timing``; False if it cannot be read so."""
    if _FREQUENCY_RE.search(value):
        return kind in ("reps", "other", "")  # "2x daily": how often, not how many
    both = _SETS_BY_REPS_RE.match(value)
    if both:
        timing.sets, timing.repetitions = _count(both.group("sets")), _count(both.group("reps"))
        return True
    unit = _unit_kind(value)
    if unit in ("reps", "sets", "breaths") and unit != kind and kind in ("reps", "sets"):
        kind = unit  # "Sets: 10 reps" is a slip; the unit says what it is
    count = _count(value)
    seconds = _seconds(value)
    if kind in ("reps", "sets"):
        if count is None:
            return False
        if kind == "reps":
            timing.repetitions = count
        else:
            timing.sets = count
        return True
    if kind == "breaths" or unit == "breaths":
        if count is None:
            return False
        timing.action = Action(ActionKind.BREATHS, count=count)
        return True
    if kind == "rest":
        timing.rest = seconds
        return seconds is not None
    if kind in ("hold", "sides") or unit == "hold":
        if unit == "reps" and count is not None:
            timing.repetitions = count  # a "Hold" column that says "10 reps"
            return True
        if seconds is None:
            return False
        timing.action = Action(ActionKind.HOLD, seconds=seconds)
        return True
    return False


def _count(value: str) -> int | None:
    """The first whole number (or the low end of a range) at the start of ``value``."""
    match = re.match(rf"\s*[x\u00d7]?\s*({numerals.RANGE})", value, re.I)
    if match is None:
        return None
    bounds = numerals.parse_range(match.group(1))
    return None if bounds is None else bounds[0]


def _seconds(value: str) -> float | None:
    """Seconds in ``value``: a duration ("5 sec", "1-2 min", "0:30") or a bare number."""
    clock = _CLOCK_RE.match(value.strip())
    if clock:
        return int(clock.group("m")) * 60.0 + int(clock.group("s"))
    seconds = phrases.parse_duration(value)
    if seconds is not None:
        return seconds
    if re.fullmatch(rf"\s*{numerals.RANGE}\s*", value, re.I):
        count = _count(value)
        return None if count is None else float(count)
    return None
