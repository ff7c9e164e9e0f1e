"""What a routine file may say, and the errors for what it may not.

:class:`_Builder` turns the YAML node tree of one routine file (composed by
:mod:`stretchaudio.routine`) into the model (:class:`~stretchaudio.model.Routine`). Every value
is checked against the format below; a problem is a :class:`~stretchaudio.errors.RoutineError`
that names the file, the line and column, and the field (``file:line:column: field``, such as
``exercises[2].steps[0].hold``: list positions count from 0), and says what to change.

The routine format
------------------
::

    title: Lower-back relief        # required text; also names the output file
    language: en                     # optional: the language the routine is written in
    description: Gentle morning set  # optional, not spoken
    intro: Move slowly and stop if anything hurts.   # optional, spoken first
    closing: Well done.              # optional, spoken last
    defaults:                        # optional: any setting marked for routine files in
      hold: 30                       # stretchaudio.settings, with the same range as its flag
      cues: true                     # (hold, breaths, rest, countdown, breath_cues, ...)
    exercises:                       # required, at least one
      - name: Basic hamstring stretch  # required; no two exercises may share a name
        description: Seated, one leg out  # optional, not spoken
        sides: both       # one | both | 1 | 2; default one, or both when a step switches sides
        hold: 20          # optional, like defaults.hold, for this exercise only
        breaths: 3        # optional, like defaults.breaths
        repetitions: 10   # optional whole number 1 to 100: how often ``steps`` are repeated
        tempo:            # optional: guide each repetition phase by phase (then the steps
          - Lift: 2       #   are spoken once per side and each repetition is counted aloud)
          - Hold: 3       #   cue word: seconds, 0.5 to 60
          - Lower: 2
        sets: 2           # optional, 1 to 20: the whole exercise again after a rest
        rest: 15          # optional, rest after this exercise (0 to 600)
        setup:            # optional steps spoken once, before the repetitions
          - Sit on the floor with your legs straight.
        steps:            # required, at least one
          - Reach toward your toes and hold for 20 seconds.   # a step can be plain text...
          - text: Relax.                                      # ...or a mapping
            pause: 3      # at most one of: hold (seconds or true), breaths (count or true),
                          # pause (seconds, 0 to 600, or true)
            after: Slowly release.        # optional: said when the timed action is over
            switch_sides: false           # optional true/false
            both_sides: true              # optional: say this step on the second side too

Timing written in a step's text ("hold for 20 seconds", "take five breaths", "then switch
sides", "on each side", "repeat 10 times") is understood by :mod:`stretchaudio.phrases` and
removed from the spoken text. In a mapping step, ``hold``/``breaths``/``pause`` and
``switch_sides`` win over what the text says. Only English step text is read for timing
words: a routine in another language (``language: de``) is spoken exactly as written and gives
its timing with the keys (``hold: 20``, ``breaths: 4``, ``after:``, ``sides: both``,
``switch_sides: true``, ``repetitions:``). A step saying "switch sides", "on each side" or
"repeat on the other side" makes the exercise two-sided; with ``sides: one`` that is an error.
A repetition count in a step's text ("repeat 10 times") sets the exercise's ``repetitions``
unless the exercise states it. A step that only carries such a marker ("Do this on each side.")
sets it and is not spoken.

Empty values count as "not given" for optional keys (``intro:`` with nothing after it).
Texts are trimmed; numbers must be numbers (``30``, not ``"30"`` or ``30s``; ``true`` is not a
number). Keys are checked: an unknown or misspelt key is an error that suggests the right one.
Anchors, aliases and ``<<`` merge keys work, so repeated parts can be shared.

A file holds one routine (a mapping), several routines as YAML documents separated by
``---``, or a list of routine mappings. Empty documents are skipped; a file without any
routine is an error, and so are two routines whose titles give the same file name.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import phrases
from .errors import Location, RoutineError
from .language import catalogue, hints
from .model import Action, ActionKind, Exercise, Phase, Routine, Step
from .naming import slugify
from .settings import Choice, Flag, number_setting, routine_settings

log = logging.getLogger(__name__)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")
)
_MERGE = f"{_TAG}merge"


@dataclass(frozen=True)
class _Range:
    """Allowed values of a number field, and whether it must be whole."""

    low: float
    high: float
    whole: bool = False
    unit: str = "seconds"

    def describe(self) -> str:
        """ "1 to 600 seconds" / "a whole number from 1 to 50"."""
        low, high = _plain(self.low), _plain(self.high)
        if self.whole:
            return f"a whole number from {low} to {high}"
        return f"{low} to {high} {self.unit}"


def _of(name: str) -> _Range:
    """The range of the setting ``name``: a file accepts exactly what the flag accepts."""
    setting = number_setting(name)
    return _Range(setting.low, setting.high, setting.whole, setting.unit or "seconds")


HOLD_RANGE = _of("hold")
BREATHS_RANGE = _of("breaths")
REST_RANGE = _of("rest")
SETS_RANGE = _of("sets")
REPETITIONS_RANGE = _of("reps")
PAUSE_RANGE = _Range(0, 600)
PHASE_RANGE = _Range(0.5, 60, whole=False)

_ROUTINE_KEYS = ("title", "language", "description", "intro", "closing", "defaults", "exercises")
_EXERCISE_KEYS = (
    "name",
    "description",
    "sides",
    "hold",
    "breaths",
    "repetitions",
    "tempo",
    "sets",
    "rest",
    "setup",
    "steps",
)
_STEP_KEYS = ("text", "hold", "breaths", "pause", "after", "switch_sides", "both_sides")
_ACTION_KEYS = ("hold", "breaths", "pause")
_SIDES = {"one": 1, "both": 2, "1": 1, "2": 2}

# Keys people plausibly write for the ones we mean; difflib would not find these.
_KEY_HINTS = {
    "reps": "repetitions",
    "repeat": "repetitions",
    "repeats": "repetitions",
    "times": "repetitions",
    "side": "sides",
    "duration": "hold",
    "seconds": "hold",
    "time": "hold",
    "breath": "breaths",
    "instructions": "steps",
    "exercise": "exercises",
    "stretches": "exercises",
    "switch": "switch_sides",
    "say": "text",
    "name": "title",
    "title": "name",
}


def _plain(number: float) -> str:
    """``30`` rather than ``30.0``."""
    return str(int(number)) if float(number).is_integer() else str(number)


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    """ " (did you mean 'X'?)" for a misspelt key, or ""."""
    candidates = [*allowed, *(k for k, v in _KEY_HINTS.items() if v in allowed)]
    close = difflib.get_close_matches(key.lower(), candidates, n=1, cutoff=0.6)
    hint = None
    if close:
        hint = close[0] if close[0] in allowed else _KEY_HINTS[close[0]]
    return f" (did you mean '{hint}'?)" if hint else ""


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(node: Node) -> str:
    """What a YAML value is, for "expected X, got Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    value = _short(str(node.value))
    descriptions = {
        _STR: f"the string '{value}'",
        _INT: f"the number {value}",
        _FLOAT: f"the number {value}",
        _BOOL: f"the boolean {value}",
        _NULL: "an empty value",
        f"{_TAG}timestamp": f"the date {value}",
    }
    return descriptions.get(node.tag, f"the value {value!r} tagged {node.tag}")


class _Builder:
    """Turns the YAML nodes of one source into routines, failing with a located error."""

    def __init__(self, source: str, language: str | None = None) -> None:
        """``language``: the language of routines that do not state one (English if None)."""
        self.source = source
        self._constructor = SafeConstructor()
        self.default_language = language or catalogue.SOURCE_LANGUAGE
        self._language = self.default_language
        self._english = True
        """Whether the routine being read is in English (its step text is read for timing)."""

    # --- errors and locations -------------------------------------------------------------

    def location(self, node: Node | None, path: str | None) -> Location:
        """Where ``node`` starts (1-based), with the field ``path``."""
        if node is None:
            return Location(self.source, field=path or None)
        mark = node.start_mark
        return Location(self.source, mark.line + 1, mark.column + 1, path or None)

    def fail(self, node: Node | None, path: str | None, message: str) -> NoReturn:
        """Raise a RoutineError at ``node``."""
        raise RoutineError(message, self.location(node, path))

    # --- documents ---------------------------------------------------------------------------

    def routines(self, documents: list[Node]) -> list[Routine]:
        """All routines in the composed documents of one file."""
        routines: list[Routine] = []
        titles: dict[str, Routine] = {}
        for node in self._routine_nodes(documents):
            routine, title_node = self.routine(node)
            first = titles.setdefault(slugify(routine.title), routine)
            if first is not routine:
                line = first.location.line if first.location else "?"
                self.fail(
                    title_node,
                    "title",
                    f"the title '{_short(routine.title)}' gives the same file name as the "
                    f"routine on line {line}; give each routine its own title",
                )
            routines.append(routine)
        if not routines:
            self.fail(
                None,
                None,
                "no routine found; a routine file needs at least a 'title' and a list of "
                "'exercises' (see the format in the README)",
            )
        return routines

    def _routine_nodes(self, documents: list[Node]) -> Iterator[MappingNode]:
        """The routine mappings: each document, or each item of a document that is a list."""
        for number, document in enumerate(documents, start=1):
            if isinstance(document, ScalarNode) and document.tag == _NULL:
                continue
            items = document.value if isinstance(document, SequenceNode) else [document]
            for item in items:
                if not isinstance(item, MappingNode):
                    self.fail(
                        item,
                        None,
                        f"expected a routine (a mapping with 'title' and 'exercises') in "
                        f"document {number}, got {_describe(item)}",
                    )
                yield item

    # --- mappings ----------------------------------------------------------------------------

    def mapping(
        self, node: Node, path: str, allowed: tuple[str, ...], what: str
    ) -> dict[str, tuple[Node, Node]]:
        """The keys of a mapping node as ``{name: (key node, value node)}``, all checked."""
        if not isinstance(node, MappingNode):
            self.fail(node, path, f"expected {what} (a mapping of keys), got {_describe(node)}")
        result: dict[str, tuple[Node, Node]] = {}
        explicit, merged = self._pairs(node, path)
        for key_node, value_node in explicit:
            name = self._key_name(key_node, path, allowed)
            if name in result:
                first = result[name][0].start_mark.line + 1
                self.fail(
                    key_node,
                    _join(path, name),
                    f"the key '{name}' appears twice (first on line {first}); keep only one",
                )
            result[name] = (key_node, value_node)
        for key_node, value_node in merged:
            name = self._key_name(key_node, path, allowed)
            result.setdefault(name, (key_node, value_node))
        return result

    def _pairs(
        self, node: MappingNode, path: str
    ) -> tuple[list[tuple[Node, Node]], list[tuple[Node, Node]]]:
        """The key/value pairs written in ``node`` and those merged in with ``<<``.

        Each merged mapping is visited once, so merges can neither loop nor multiply.
        """
        explicit: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        seen: set[int] = {id(node)}
        pending: list[MappingNode] = [node]
        while pending:
            current = pending.pop(0)
            for key_node, value_node in current.value:
                if key_node.tag != _MERGE:
                    (explicit if current is node else merged).append((key_node, value_node))
                    continue
                for source in self._merge_sources(value_node, path):
                    if id(source) not in seen:
                        seen.add(id(source))
                        pending.append(source)
        return explicit, merged

    def _merge_sources(self, node: Node, path: str) -> list[MappingNode]:
        """The mappings a ``<<`` key merges in."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.fail(
                    source,
                    path,
                    f"'<<' can only merge mappings (for example '<<: *common'), "
                    f"got {_describe(source)}",
                )
        return list(sources)

    def _key_name(self, key_node: Node, path: str, allowed: tuple[str, ...]) -> str:
        """The name of one key, which must be one of ``allowed``."""
        if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
            self.fail(
                key_node,
                path,
                f"keys must be plain words such as '{allowed[0]}', got {_describe(key_node)}",
            )
        name = str(key_node.value)
        if name not in allowed:
            # A key with spaces, control characters or 40+ characters is shown quoted and
            # escaped, so the one-line message stays one line and shows what is there.
            plain = name.isprintable() and name == _short(name)
            shown = name if plain else repr(name if len(name) <= 40 else name[:37] + "...")
            self.fail(
                key_node,
                _join(path, shown),
                f"unknown key {shown if not plain else repr(name)}{_suggest(name, allowed)}; "
                f"allowed keys here: {', '.join(allowed)}",
            )
        return name

    def require(
        self, keys: dict[str, tuple[Node, Node]], name: str, node: Node, path: str, hint: str
    ) -> Node:
        """The value node of a required key; missing or empty values are errors."""
        if name not in keys:
            self.fail(node, _join(path, name), f"the required key '{name}' is missing; {hint}")
        value = keys[name][1]
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            self.fail(value, _join(path, name), f"'{name}' is empty; {hint}")
        return value

    # --- scalars -----------------------------------------------------------------------------

    def construct(self, node: ScalarNode, path: str) -> object:
        """The Python value of a scalar node."""
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError, LookupError) as error:
            # PyYAML raises IndexError/KeyError for an explicitly tagged '!!int ""' or '!!bool x'
            reason = (
                f"it is not a valid {node.tag.rsplit(':', 1)[-1]}"
                if isinstance(error, LookupError)
                else error
            )
            self.fail(node, path, f"cannot read the value {_short(str(node.value))!r}: {reason}")

    def text(self, node: Node | None, path: str, *, required: bool = False) -> str | None:
        """A trimmed string; None for an absent or empty optional value."""
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return None
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            hint = "; put it in quotes" if isinstance(node, ScalarNode) else ""
            self.fail(node, path, f"expected text, got {_describe(node)}{hint}")
        value = " ".join(str(node.value).split())
        if required and not value:
            self.fail(node, path, "this text is blank; write something here")
        return value or None

    def number(self, node: Node, path: str, allowed: _Range) -> float:
        """A number within ``allowed``."""
        expected = "a whole number" if allowed.whole else f"a number of {allowed.unit}"
        if _exponent(node):  # "3e1": a number in YAML 1.2, text to PyYAML's YAML 1.1
            assert isinstance(node, ScalarNode)
            value: object = float(node.value)
        elif not isinstance(node, ScalarNode) or node.tag not in (_INT, _FLOAT):
            self.fail(node, path, f"expected {expected}, got {_describe(node)}{_hint(node)}")
        else:
            value = self.construct(node, path)
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.fail(node, path, f"expected {expected}, got {_describe(node)}")
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits: out of any range
            shown = _short(str(node.value)) if isinstance(node, ScalarNode) else "it"
            self.fail(node, path, f"{shown} is outside the allowed range; use {allowed.describe()}")
        if allowed.whole and not (math.isfinite(number) and number.is_integer()):
            self.fail(node, path, f"expected a whole number, got {_describe(node)}")
        self.check_range(node, path, number, allowed)
        return number

    def check_range(
        self, node: Node, path: str, value: float, allowed: _Range, said: str = "{}"
    ) -> None:
        """Fail unless ``allowed.low <= value <= allowed.high`` (NaN fails too).

        ``said`` describes the value in the message; ``{}`` in it stands for the value.
        """
        if not allowed.low <= value <= allowed.high:
            shown = _plain(value) if math.isfinite(value) else str(value)
            self.fail(
                node,
                path,
                f"{said.format(shown)} is outside the allowed range; use {allowed.describe()}",
            )

    def flag(self, node: Node, path: str) -> bool:
        """A true/false value."""
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.fail(node, path, f"expected true or false, got {_describe(node)}")
        return bool(self.construct(node, path))

    def optional_number(
        self, keys: dict[str, tuple[Node, Node]], name: str, path: str, allowed: _Range
    ) -> float | None:
        """``keys[name]`` as a number, or None when absent or empty."""
        node = _value(keys, name)
        return None if node is None else self.number(node, _join(path, name), allowed)

    def optional_whole(
        self, keys: dict[str, tuple[Node, Node]], name: str, path: str, allowed: _Range
    ) -> int | None:
        """``keys[name]`` as a whole number, or None when absent or empty."""
        number = self.optional_number(keys, name, path, allowed)
        return None if number is None else int(number)

    # --- the routine -------------------------------------------------------------------------

    def routine(self, node: MappingNode) -> tuple[Routine, Node]:
        """One routine mapping, and the node of its title."""
        keys = self.mapping(node, "", _ROUTINE_KEYS, "a routine")
        title_node = self.require(keys, "title", node, "", "add a line such as 'title: Morning'")
        exercises_node = self.require(
            keys, "exercises", node, "", "add 'exercises:' with a list of exercises"
        )
        title = self.text(title_node, "title", required=True) or ""
        language = self.language(_value(keys, "language"))
        self._language = language
        self._english = catalogue.base_language(language) == catalogue.SOURCE_LANGUAGE
        description = self.text(_value(keys, "description"), "description")
        intro = self.text(_value(keys, "intro"), "intro")
        closing = self.text(_value(keys, "closing"), "closing")
        defaults = self.defaults(_value(keys, "defaults"), "defaults")
        exercises = self.exercises(exercises_node, "exercises")
        if self._english:
            defaults = _with_breath_pace(defaults, exercises)
        routine = Routine(
            title=title,
            exercises=exercises,
            description=description,
            intro=intro,
            closing=closing,
            defaults=defaults,
            source=self.source,
            location=self.location(node, None),
            language=language,
        )
        return routine, title_node

    def language(self, node: Node | None) -> str:
        """The ``language`` key: a code that a phrase catalogue covers (``de``, ``pt-BR``)."""
        code = self.text(node, "language")
        if code is None:
            return self.default_language
        if catalogue.catalogue_code(code) is None:
            self.fail(
                node,
                "language",
                f"there are no phrases for the language {_short(code)!r}"
                f"{catalogue.suggest_code(code)}; stretchaudio speaks "
                f"{catalogue.describe_supported()}. Use one of these codes",
            )
        return code

    def parse_text(self, text: str) -> phrases.ParsedStep:
        """A step's text with its timing words read (English), or as written (else)."""
        if self._english:
            return phrases.parse_step_text(text)
        return phrases.ParsedStep(text=" ".join(text.split()))

    def defaults(self, node: Node | None, path: str) -> dict[str, object]:
        """The ``defaults`` mapping: any setting marked for routine files, by its name."""
        if node is None:
            return {}
        allowed = routine_settings()
        keys = self.mapping(node, path, tuple(allowed), "defaults")
        values: dict[str, object] = {}
        for name, setting in allowed.items():
            value_node = _value(keys, name)
            if value_node is None:
                continue
            field = _join(path, name)
            if isinstance(setting, Flag):
                values[name] = self.flag(value_node, field)
            elif isinstance(setting, Choice):
                values[name] = self.choice(value_node, field, setting.choices)
            else:
                allowed_range = _of(name)
                number = self.number(value_node, field, allowed_range)
                values[name] = int(number) if allowed_range.whole else number
        breath = [
            v
            for k in ("inhale", "exhale", "breath_seconds")
            if isinstance(v := values.get(k), float)
        ]
        if len(breath) == 3 and abs(breath[0] + breath[1] - breath[2]) > 1e-6:
            inhale, exhale, seconds = breath
            self.fail(
                _value(keys, "breath_seconds"),
                _join(path, "breath_seconds"),
                f"inhale {_plain(inhale)} s + exhale {_plain(exhale)} s make a "
                f"{_plain(inhale + exhale)}-second breath, but breath_seconds is "
                f"{_plain(seconds)}; give two of the three (the third follows)",
            )
        return values

    def choice(self, node: Node, path: str, allowed: tuple[str, ...]) -> str:
        """One of ``allowed`` (case-insensitive)."""
        value = (self.text(node, path) or "").lower()
        if value not in allowed:
            self.fail(node, path, f"expected one of {', '.join(allowed)}, got {_describe(node)}")
        return value

    def tempo(self, node: Node | None, path: str) -> tuple[Phase, ...]:
        """``tempo``: a list of one-key mappings, cue word to seconds (``- Lift: 2``)."""
        if node is None:
            return ()
        phases = []
        for index, item in enumerate(self.items(node, path, "tempo phases", "add '- Lift: 2'")):
            where = f"{path}[{index}]"
            if not isinstance(item, MappingNode) or len(item.value) != 1:
                self.fail(
                    item,
                    where,
                    f"expected one phase such as 'Lift: 2' (a cue word and "
                    f"its seconds), got {_describe(item)}",
                )
            key_node, value_node = item.value[0]
            cue = self.text(key_node, where, required=True) or ""
            seconds = self.number(value_node, _join(where, cue), PHASE_RANGE)
            phases.append(Phase(cue, seconds))
        return tuple(phases)

    def exercises(self, node: Node, path: str) -> tuple[Exercise, ...]:
        """The ``exercises`` list; names must give distinct slugs."""
        items = self.items(node, path, "exercises", "add at least one exercise")
        exercises: list[Exercise] = []
        first_by_slug: dict[str, Exercise] = {}
        for index, item in enumerate(items):
            exercise, name_node = self.exercise(item, f"{path}[{index}]")
            first = first_by_slug.setdefault(exercise.slug, exercise)
            if first is not exercise:
                line = first.location.line if first.location else "?"
                self.fail(
                    name_node,
                    f"{path}[{index}].name",
                    f"the exercise name '{_short(exercise.name)}' is already used by the "
                    f"exercise on line {line}; give each exercise its own name",
                )
            exercises.append(exercise)
        return tuple(exercises)

    def items(self, node: Node, path: str, what: str, hint: str) -> list[Node]:
        """The items of a list node that must not be empty."""
        if not isinstance(node, SequenceNode):
            self.fail(
                node,
                path,
                f"expected a list of {what} (lines starting with '- '), got {_describe(node)}",
            )
        if not node.value:
            self.fail(node, path, f"the list of {what} is empty; {hint}")
        return list(node.value)

    def exercise(self, node: Node, path: str) -> tuple[Exercise, Node]:
        """One exercise mapping, and the node of its name."""
        keys = self.mapping(node, path, _EXERCISE_KEYS, "an exercise")
        name_node = self.require(keys, "name", node, path, "add 'name: ...' to this exercise")
        name = self.text(name_node, _join(path, "name"), required=True) or ""
        setup_node = _value(keys, "setup")
        setup = [] if setup_node is None else self.steps(setup_node, _join(path, "setup"))
        steps_path = _join(path, "steps")
        steps_node = self.require(
            keys, "steps", node, path, "add 'steps:' with the instructions to speak"
        )
        steps = self.steps(steps_node, steps_path)
        spoken = [parsed for parsed in steps if parsed.step is not None]
        if not spoken:
            self.fail(
                steps_node,
                steps_path,
                "no step here says anything or sets a timed action; add an instruction",
            )
        exercise = Exercise(
            name=name,
            steps=tuple(p.step for p in spoken if p.step is not None),
            setup=tuple(p.step for p in setup if p.step is not None),
            description=self.text(_value(keys, "description"), _join(path, "description")),
            hold=self.optional_number(keys, "hold", path, HOLD_RANGE),
            breaths=self.optional_whole(keys, "breaths", path, BREATHS_RANGE),
            sides=self.sides(keys, path, setup + steps),
            repetitions=self.repetitions(keys, path, setup + steps),
            tempo=self.tempo(_value(keys, "tempo"), _join(path, "tempo")),
            sets=self.optional_whole(keys, "sets", path, SETS_RANGE),
            rest=self.optional_number(keys, "rest", path, REST_RANGE),
            location=self.location(node, path),
        )
        if not self._english:
            self.language_hints(exercise, keys, node, path, setup + steps)
        return exercise, name_node

    def language_hints(
        self,
        exercise: Exercise,
        keys: dict[str, tuple[Node, Node]],
        node: Node,
        path: str,
        parsed: list[_Parsed],
    ) -> None:
        """Warn where a routine in another language writes timing in words, which is spoken
        but not timed (only English step text is read for timing)."""
        lang = self._language
        for p in parsed:
            if p.step is None or p.step.action is not None:
                continue
            said = hints.spoken_duration(p.step.text, lang)
            if said:
                log.warning(
                    "%s: '%s' is spoken as written, not timed (timing words are read only in "
                    "English); add 'hold: N' (or 'breaths:', 'pause:') to this step for a "
                    "timed window",
                    self.location(p.node, p.path),
                    said,
                )
        if exercise.sides == 1 and _value(keys, "sides") is None:
            named = [
                word
                for p in parsed
                if p.step is not None
                for word in hints.side_words(f"{p.step.text} {p.step.after}", lang)
            ]
            if named:
                log.warning(
                    "%s: the steps name a side (%s) but the exercise is done once; add "
                    "'sides: both' (or 'switch_sides: true' to the step that ends the first "
                    "side) to do both sides, or 'sides: one' to keep one",
                    self.location(node, path),
                    ", ".join(dict.fromkeys(named)),
                )

    def sides(self, keys: dict[str, tuple[Node, Node]], path: str, steps: list[_Parsed]) -> int:
        """1 or 2: as written, else 2 when a step switches or says "each side"."""
        two_sided = [p for p in steps if p.switch_sides or p.each_side]
        node = _value(keys, "sides")
        if node is None:
            return 2 if two_sided else 1
        written = _SIDES.get(str(node.value).lower()) if isinstance(node, ScalarNode) else None
        if written is None or (isinstance(node, ScalarNode) and node.tag not in (_STR, _INT)):
            self.fail(
                node,
                _join(path, "sides"),
                f"expected one of: one, both, 1, 2; got {_describe(node)}",
            )
        if written == 1 and two_sided:
            culprit = two_sided[0]
            self.fail(
                culprit.node,
                culprit.path,
                "this step says to switch sides or to do each side, but the exercise says "
                "'sides: one'; remove 'sides: one' or change the step",
            )
        return written

    def repetitions(
        self, keys: dict[str, tuple[Node, Node]], path: str, steps: list[_Parsed]
    ) -> int:
        """As written, else the one count the steps' texts give, else 1."""
        written = self.optional_whole(keys, "repetitions", path, REPETITIONS_RANGE)
        if written is not None:
            return written
        counted = [p for p in steps if p.repetitions is not None]
        for parsed in counted:
            count = parsed.repetitions or 0
            said = "the text asks for {} repetitions, which"
            self.check_range(parsed.node, parsed.path, count, REPETITIONS_RANGE, said)
            if count != counted[0].repetitions:
                self.fail(
                    parsed.node,
                    parsed.path,
                    f"this step asks for {count} repetitions but an earlier one (line "
                    f"{counted[0].node.start_mark.line + 1}) asks for {counted[0].repetitions}; "
                    "set 'repetitions:' on the exercise",
                )
        return (counted[0].repetitions or 1) if counted else 1

    # --- steps -------------------------------------------------------------------------------

    def steps(self, node: Node, path: str) -> list[_Parsed]:
        """A list of steps."""
        items = self.items(node, path, "steps", "add at least one step")
        out: list[_Parsed] = []
        for index, item in enumerate(items):
            texts = self.timed_parts(item)
            if len(texts) == 1:
                out.append(self.step(item, f"{path}[{index}]"))
                continue
            for text in texts:  # "... hold for 10 seconds. Then ... hold for 10 seconds."
                parsed = self.parse_text(text)
                where = f"{path}[{index}]"
                out.append(self.finish_step(item, where, parsed, parsed.action, False))
        return out

    def timed_parts(self, node: Node) -> list[str]:
        """A plain-text step that times two things in turn, as one text per timing."""
        if not (self._english and isinstance(node, ScalarNode) and node.tag == _STR):
            return [""]
        return phrases.timed_parts(str(node.value))

    def step(self, node: Node, path: str) -> _Parsed:
        """One step: a string, or a mapping with text and at most one action key."""
        if isinstance(node, ScalarNode) and node.tag == _STR:
            if not str(node.value).strip():
                self.fail(node, path, "this step is blank; write an instruction or remove it")
            parsed = self.parse_text(str(node.value))
            return self.finish_step(node, path, parsed, parsed.action, parsed.switch_sides)
        if not isinstance(node, MappingNode):
            hint = "; put it in quotes" if isinstance(node, ScalarNode) else ""
            self.fail(
                node,
                path,
                f"expected a step (text, or a mapping with 'text' and 'hold'/'breaths'/"
                f"'pause'), got {_describe(node)}{hint}",
            )
        self.check_colon_text(node, path)
        keys = self.mapping(node, path, _STEP_KEYS, "a step")
        if not keys:
            self.fail(node, path, "this step is empty; give it 'text' or a timed action")
        text = self.text(_value(keys, "text"), _join(path, "text")) or ""
        parsed = self.parse_text(text)
        after = self.text(_value(keys, "after"), _join(path, "after"))
        after_switches = False
        if after is not None:
            # "after: Slowly release and switch sides.": the switch is the step's
            said_after = self.parse_text(after)
            if said_after.switch_sides and said_after.action is None:
                after_switches = True
                after = " ".join(filter(None, (said_after.text, said_after.after)))
            parsed = replace(parsed, after=" ".join(filter(None, (parsed.after, after))))
        action = self.step_action(keys, path)
        switch_node = _value(keys, "switch_sides")
        switch = parsed.switch_sides or after_switches
        if switch_node is not None:
            switch = self.flag(switch_node, _join(path, "switch_sides"))
        both_node = _value(keys, "both_sides")
        both = both_node is not None and self.flag(both_node, _join(path, "both_sides"))
        result = self.finish_step(node, path, parsed, action or parsed.action, switch)
        if both and result.step is not None:
            result.step = replace(result.step, both_sides=True)
        return result

    def check_colon_text(self, node: MappingNode, path: str) -> None:
        """Explain a step that YAML read as a mapping because its text has ': ' in it."""
        if len(node.value) != 1:
            return
        key = node.value[0][0]
        if not (isinstance(key, ScalarNode) and key.tag == _STR) or key.value in _STEP_KEYS:
            return
        name = str(key.value)
        if _suggest(name, _STEP_KEYS) and name.lower() not in _STEP_KEYS:
            return  # a misspelt key such as 'txet': the unknown-key message suggests the fix
        self.fail(
            node,
            path,
            f"this step reads as the key '{_short(name)}' because of the ': ' after it; "
            "put the whole step in quotes, or use 'text:'",
        )

    def step_action(self, keys: dict[str, tuple[Node, Node]], path: str) -> Action | None:
        """The action a mapping step states with ``hold``, ``breaths`` or ``pause``."""
        given = [name for name in _ACTION_KEYS if _value(keys, name) is not None]
        if not given:
            return None
        if len(given) > 1:
            second = keys[given[1]][0]
            self.fail(
                second,
                _join(path, given[1]),
                f"a step can have only one of hold, breaths and pause, but this one has "
                f"{' and '.join(given)}; split it into two steps",
            )
        name = given[0]
        node = keys[name][1]
        field_path = _join(path, name)
        kind = ActionKind(name)
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            if self.flag(node, field_path):
                return Action(kind)
            self.fail(node, field_path, f"'{name}: false' means nothing; remove the key")
        if kind is ActionKind.BREATHS:
            return Action(kind, count=int(self.number(node, field_path, BREATHS_RANGE)))
        allowed = HOLD_RANGE if kind is ActionKind.HOLD else PAUSE_RANGE
        return Action(kind, seconds=self.number(node, field_path, allowed))

    def finish_step(
        self,
        node: Node,
        path: str,
        parsed: phrases.ParsedStep,
        action: Action | None,
        switch: bool,
    ) -> _Parsed:
        """Check a parsed step's values and build the Step (None if it only sets markers)."""
        if action is not None:
            self.check_action(node, path, action)
        result = _Parsed(node, path, None, switch, parsed.each_side, parsed.repetitions)
        if parsed.text or action is not None or switch or parsed.after:
            result.step = Step(
                text=parsed.text,
                action=action,
                switch_sides=switch,
                location=self.location(node, path),
                after=parsed.after,
            )
        elif not (parsed.each_side or parsed.repetitions):
            self.fail(node, path, "this step has no text and no timed action; add either")
        return result

    def check_action(self, node: Node, path: str, action: Action) -> None:
        """Check that an action read from step text is within the allowed ranges."""
        if action.kind is ActionKind.BREATHS and action.count is not None:
            said = "the step asks for {} breaths, which"
            self.check_range(node, path, action.count, BREATHS_RANGE, said)
        elif action.seconds is not None:
            allowed = HOLD_RANGE if action.kind is ActionKind.HOLD else PAUSE_RANGE
            said = f"the step asks for a {action.kind.value} of {{}} seconds, which"
            self.check_range(node, path, action.seconds, allowed, said)


@dataclass
class _Parsed:
    """A step with what the exercise needs to know about it."""

    node: Node
    path: str
    step: Step | None
    switch_sides: bool
    each_side: bool
    repetitions: int | None


def _with_breath_pace(
    defaults: dict[str, object], exercises: tuple[Exercise, ...]
) -> dict[str, object]:
    """``defaults`` with the breath a step paces ("Breathe in for 4, out for 6") as ``inhale``
    and ``exhale``, when the file sets no breath length of its own: the breathing cues then
    follow the words. The first such step counts; flags still override it."""
    if any(name in defaults for name in ("inhale", "exhale", "breath_seconds")):
        return defaults
    inhale_range, exhale_range = _of("inhale"), _of("exhale")
    for exercise in exercises:
        for step in (*exercise.setup, *exercise.steps):
            pace = phrases.breath_pace(step.text)
            if pace is None:
                continue
            inhale, exhale = pace
            fits = inhale_range.low <= inhale <= inhale_range.high
            if fits and exhale_range.low <= exhale <= exhale_range.high:
                return {**defaults, "inhale": inhale, "exhale": exhale}
    return defaults


def _join(path: str, name: str) -> str:
    """``exercises[0]`` + ``hold`` -> ``exercises[0].hold``."""
    return f"{path}.{name}" if path else name


def _value(keys: dict[str, tuple[Node, Node]], name: str) -> Node | None:
    """The value node of an optional key; None when absent or empty."""
    if name not in keys:
        return None
    node = keys[name][1]
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        return None
    return node


_EXPONENT_RE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,4}")


def _exponent(node: Node) -> bool:
    """An unquoted number in exponent form without a dot ("1e3"), which YAML 1.1 reads as text."""
    return (
        isinstance(node, ScalarNode)
        and node.tag == _STR
        and node.style is None
        and _EXPONENT_RE.fullmatch(str(node.value)) is not None
    )


def _hint(node: Node) -> str:
    """A fix for a number written as text: "'30s'" -> "; write 30"."""
    if not (isinstance(node, ScalarNode) and node.tag == _STR):
        return ""
    seconds = phrases.parse_duration(str(node.value))
    if seconds is None:
        seconds = _float_or_none(str(node.value))
    return f"; write {_plain(seconds)} without quotes or units" if seconds is not None else ""


def _float_or_none(text: str) -> float | None:
    """``float(text)`` if that works and is finite, else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
