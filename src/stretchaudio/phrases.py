"""Timing words in step text: "hold for 20 seconds", "take five breaths", "switch sides".

A routine author writes steps the way a teacher speaks them. ``parse_step_text`` finds the
timing clauses in such a step, turns them into a timed :class:`~stretchaudio.model.Action`
(plus side and repetition markers) and returns what is left to speak::

    "Slowly bend forward and hold for 20 seconds."  ->  "Slowly bend forward."  HOLD 20 s
    "Pause here for a few breaths, then switch sides." ->  ""  BREATHS (default), switch sides

How it works
------------
1. The text is cut into clauses at commas, semicolons, sentence ends and the joining words
   "and", "then", "and then" (but not inside "a minute and a half" or "20 and 30 seconds").
2. Each clause is matched against a few patterns: trailing timing phrases ("for 20 seconds",
   "for five slow breaths", "10 times", "on each side") are cut off the end; what is left is
   dropped when it is only a timing verb ("hold it here", "stay", "rest", "do this") and kept
   otherwise ("Hold your toes for 20 seconds" keeps "Hold your toes").
   Whole clauses can also be a side switch ("repeat on the other side"), a bare hold or rest
   ("Hold the stretch", "Rest") or a breathing cue ("breathe deeply").
3. The kept clauses are joined again with their original separators and tidied: trimmed,
   first letter of each sentence capitalised, ending with a full stop unless it ends with ``?``
   or ``!``. Text in which nothing matched is returned exactly as written, only trimmed.
4. **Order is kept.** What comes before the timed clause is said before it; what comes after
   it ("..., then slowly release") is ``after``, said once the hold is over. Clauses after it
   that describe the holding itself ("you should feel it in your thigh", "keep your back
   flat") are said before the hold. "..., then change legs and hold for another 20 seconds"
   is a two-sided exercise with one hold per side: the second hold is the other side's.

Rules worth knowing
-------------------
* **Ranges take the lower bound.** "20-30 seconds", "20 to 30 seconds", "30 seconds to
  1 minute" and "1-2 minutes" mean 20 s, 20 s, 30 s and 60 s: the gentle end of the range.
  Listeners who want more raise the hold with command-line options.
* Vague amounts ("a few breaths", "several breaths", "a moment") give an action whose
  ``seconds``/``count`` is None, meaning "use the default".
* Numbers may be digits (``10``, ``1.5``) or words (``one`` to ``nine hundred and
  ninety-nine``, read with the vocabulary of :mod:`stretchaudio.language.numerals`); "a"/"an"
  is one, "a couple of" is two, "half a minute" is 30 s and "a minute and a half" is 90 s.
  Units: seconds/secs/sec/s and minutes/mins/min.
* One step holds at most one action. A step with several (say, "hold for 10 seconds, then
  rest for 5 seconds") keeps the most specific one (a stated amount beats a default, a bare
  "breathe" loses to everything); on a tie the first wins. Clauses naming an action that was
  not kept stay in the spoken text, so nothing the author wrote silently disappears.
* Breathing cues ("breathe deeply", "breathing slowly") are dropped when the step has another
  action and become a default-length breaths action when it has none.
* Nothing here raises: text that matches no pattern simply comes back unchanged. Very long text
  (over ``MAX_PARSE_CHARS`` characters) is prose, not a step, and is returned as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .language import amounts
from .language.text import sentences, tidy
from .model import Action, ActionKind

__all__ = [
    "MAX_PARSE_CHARS",
    "ParsedStep",
    "breath_pace",
    "describes_holding",
    "parse_count",
    "parse_duration",
    "parse_step_text",
    "timed_parts",
]

MAX_PARSE_CHARS = amounts.MAX_PARSE_CHARS
_PACE_MARK = "Pacemark"
_AND_MARK = "\u2060and\u2060"  # an "and" the clause splitter must not cut at

# --- amounts (numbers and durations: language/amounts.py) ----------------------------------

_WORD_NUMBER = amounts.WORD_NUMBER
_DECIMAL = amounts.DECIMAL
_INTEGER = amounts.INTEGER
_NUMBER = amounts.NUMBER
_COUNT = amounts.COUNT
_UNIT, _GAP = amounts.UNIT, amounts.GAP
_DURATION, _VAGUE_DURATION = amounts.DURATION, amounts.VAGUE_DURATION
_number_value, _duration_value = amounts.number_value, amounts.duration_value
parse_count, parse_duration = amounts.parse_count, amounts.parse_duration


# --- clause patterns -------------------------------------------------------------------------

_FLAGS = re.IGNORECASE
_LEAD = r"(?:(?:now|just|then|and|so|simply|gently|slowly|please|continue\s+to|try\s+to)\s+)*"
_FILLER = (
    r"(?:it|this|that|here|there|still|steady|now|gently|comfortably|please|in\s+place|briefly"
    r"|like\s+this|on|position|(?:the|this|that|your)\s+(?:(?:top|bottom|end|final|starting)\s+)?"
    r"(?:stretch|position|pose|movement"
    r"|exercise|posture))"
)
_HOLD_VERB = (
    r"(?:hold|holding|stay|remain|keep\s+holding|continue\s+holding|keep\s+still|hold\s+still"
    r"|keep\s+it\s+there)"
)
_PAUSE_VERB = r"(?:pause|rest|wait|relax|take\s+a\s+(?:break|rest|pause|moment))"
_OTHER_VERB = (
    r"(?:do|repeat|perform|complete|breathe|keep\s+(?:this|it|that)\s+up|keep\s+going|carry\s+on)"
)
_BARE_RE = re.compile(
    rf"{_LEAD}(?:(?:{_HOLD_VERB}|{_PAUSE_VERB}|{_OTHER_VERB})(?:\s+{_FILLER})*)?", _FLAGS
)
_PAUSE_START_RE = re.compile(
    rf"{_LEAD}(?!rest\s+(?:your|the|both|one|each|it|them|against)\b){_PAUSE_VERB}\b", _FLAGS
)
"""A timed clause that is a pause; "Rest your ankle on your knee for 30 seconds" is a hold."""
_HOLD_ALONE_RE = re.compile(rf"{_LEAD}{_HOLD_VERB}(?:\s+{_FILLER})*", _FLAGS)
_PAUSE_ALONE_RE = re.compile(
    rf"{_LEAD}(?:pause|rest|wait|take\s+a\s+(?:break|rest|pause))(?:\s+{_FILLER})*", _FLAGS
)
_BREATHE_ALONE_RE = re.compile(
    rf"{_LEAD}(?:keep\s+|remember\s+to\s+)?(?:breathe|breathing)(?:\s+(?:here|deeply|slowly"
    r"|normally|calmly|steadily|evenly|naturally|freely|gently|easily|comfortably|deep|slow"
    r"|well))*",
    _FLAGS,
)

_LIMB = r"(?:side|leg|arm|foot|hand)"
_SWITCH_RE = re.compile(
    rf"{_LEAD}(?:"
    rf"switch(?:\s+(?:over|round|around))?(?:\s+(?:sides|legs|arms|feet|hands))?"
    rf"|swap(?:\s+(?:over|round|around))?(?:\s+(?:sides|legs|arms|feet|hands))?"
    rf"|change(?:\s+(?:over|round|around))?\s+(?:sides|legs|arms|feet|hands)"
    rf"|(?:switch|swap|change|move|go|come|turn)(?:\s+over)?\s+to\s+(?:the\s+)?"
    rf"(?:other|opposite)\s+{_LIMB}"
    rf"|(?:repeat|do\s+(?:the\s+same|this|it|that)|continue|perform\s+(?:the\s+same|this|it))"
    rf"(?:\s+(?:the\s+)?(?:same\s+)?(?:stretch|exercise|movement|sequence|steps?))?"
    rf"\s+(?:on|with|for|using)\s+(?:the\s+|your\s+)?(?:other|opposite|left|right)\s+{_LIMB}"
    rf"|do\s+the\s+(?:other|opposite)\s+{_LIMB}"
    r"|(?:repeat|do\s+(?:the\s+same|this|it|that))\s+(?:on|to|with)\s+(?:the\s+|your\s+)?"
    r"(?:left|right)(?:\s+side)?"
    rf")",
    _FLAGS,
)
# "The other leg." on its own names the next side; inside a sentence ("reach out an arm and
# the opposite leg") it names a limb, so it switches only as a sentence of its own, or after
# "then" once the step has timed something ("hold for 30 seconds, then the other leg").
_OTHER_LIMB_RE = re.compile(rf"{_LEAD}(?:the\s+)?(?:other|opposite)\s+{_LIMB}(?:\s+now)?", _FLAGS)
_THEN_RE = re.compile(r"\bthen\b", _FLAGS)
_REPEAT_ALONE_RE = re.compile(
    rf"{_LEAD}(?:repeat|do\s+(?:the\s+same|it\s+again|the\s+same\s+again)|repeat\s+(?:it|this"
    r"|the\s+(?:stretch|exercise|movement|move))(?:\s+again)?)[.!]?",
    _FLAGS,
)

_EACH_SIDE_TAIL = re.compile(
    r"(?:^|(?<!\bin)\s)(?:(?:on|for|with|using|to)\s+)?(?:(?:each|per)\s+(?:sides?|legs?|arms?|hands?|foot)"
    r"|both\s+sides)$",
    _FLAGS,
)
# Words that may follow an amount without changing it: "repeat 10 times slowly", "hold for
# 3 seconds at the top". They are not spoken: the step before says what to do.
_TRAIL = (
    r"(?:\s+(?:slowly|gently|smoothly|steadily|with\s+control|at\s+the\s+(?:top|bottom"
    r"|end(?:\s+of\s+(?:the|each)\s+(?:movement|repetition|rep|stretch))?)"
    r"|in\s+(?:this|that|each|the\s+(?:top|end|final))\s+position|each\s+time|every\s+time"
    r"|in\s+total|in\s+all|altogether|here|there|in\s+(?:this|the)\s+(?:stretch|pose)))*"
)
# "3-5 times", "three to five breaths": a range counts as its lower bound (as durations do).
_TO_COUNT = rf"(?:\s*(?:-|\u2013|\u2014|to|or)\s*(?:{_INTEGER}|{_WORD_NUMBER}))?"
_REPS_TAIL = re.compile(
    rf"(?:^|\s)(?P<prep>(?:(?:repeat|do|perform|complete)\s+(?:(?:this|it|that|the\s+"
    rf"(?:movement|exercise|stretch|motion))\s+)?(?:for\s+)?|for\s+)(?:(?:a\s+total\s+of|about"
    rf"|around|up\s+to)\s+)?)?(?P<count>{_INTEGER}|{_WORD_NUMBER})"
    rf"{_TO_COUNT}\s+(?:(?:more|slow|gentle|controlled|full)\s+)?"
    rf"(?:times?|reps?|repetitions?|rounds?){_TRAIL}$",
    _FLAGS,
)
_SWITCH_TAIL = re.compile(
    rf"(?:^|\s)(?P<prep>before)\s+(?:you\s+)?(?:"
    r"(?:switch(?:ing)?|swap(?:ping)?|chang(?:e|ing))\s+(?:sides|legs|arms|feet|hands)"
    rf"|(?:repeat(?:ing)?|do(?:ing)?\s+(?:it|this|the\s+same)|mov(?:e|ing)|go(?:ing)?|"
    rf"turn(?:ing)?)\s+(?:on|to|with)\s+(?:the\s+)?(?:other|opposite)\s+{_LIMB})$",
    _FLAGS,
)
_BREATH_ADJ = (
    r"(?:slow|deep|long|full|calm|easy|steady|relaxed|big|gentle|even|comfortable|smooth"
    r"|natural|complete|quiet|soft|slower|deeper|more)"
)
_BREATHS_TAIL = re.compile(
    rf"(?:^|\s)(?P<prep>(?:for|take|taking|with|over|through|during)\s+(?:(?:another|the\s+"
    rf"next|about|around|roughly|approximately)\s+)?)?(?P<count>{_COUNT}){_TO_COUNT}\s+"
    r"(?:more\s+)?"
    rf"(?:{_BREATH_ADJ}(?:,?\s+|\s+and\s+))*breaths?{_TRAIL}$",
    _FLAGS,
)
_QUALIFIER = (
    r"(?:about|around|approximately|approx\.?|roughly|some|at\s+least|up\s+to|another"
    r"|a\s+further|an\s+additional|between|the\s+next|a\s+total\s+of|just|over)"
)
_HEDGE = (
    r"(?:or\s+(?:so|longer|more)|if\s+(?:you\s+can|possible|comfortable)"
    r"|unless\s+(?:told|stated|noted|instructed|advised)\s+otherwise)"
)
_DURATION_TAIL = re.compile(
    rf"(?:^|\s)(?P<prep>(?:for|lasting)\s+)?(?:{_QUALIFIER}\s+)?"
    rf"(?P<dur>{_DURATION}|{_VAGUE_DURATION})(?:\s+{_HEDGE})*{_TRAIL}$",
    _FLAGS,
)

# Clause boundaries: punctuation (with an optional "and"/"then" after it) or a bare joining
# word. "and" does not split "a minute and a half" or "between 20 and 30 seconds".
_AND = rf"and\b(?!\s+a\s+half\b)(?!\s+{_NUMBER}{_GAP}{_UNIT})"
_SEPARATOR_RE = re.compile(
    rf"(\s*(?:[,;:]|(?<![.!?])[.!?]+(?=\s|$))\s*(?:(?:and\s+)?then\b\s*|{_AND}\s*)?"
    rf"|\s+(?:and\s+then|then|{_AND})\b\s*)",
    _FLAGS,
)

# "Breathe in for 4, out for 6", "inhale for a count of four and exhale for a count of six":
# how to breathe, which stays in the words (it is no hold); see ``breath_pace``.
_PACE_IN = r"(?:breathe\s+in|inhale|breathing\s+in|in)"
_PACE_OUT = r"(?:breathe\s+out|exhale|breathing\s+out|out)"


def _pace_amount(name: str) -> str:
    return (
        rf"(?:for\s+)?(?:a\s+(?:slow\s+)?count\s+of\s+)?(?P<{name}>{_DECIMAL}|{_WORD_NUMBER})"
        r"(?:\s*(?:seconds?|secs?|s|counts?|beats?))?"
    )


_PACE_RE = re.compile(
    rf"\b{_PACE_IN}\b(?:\s+(?:slowly|gently|deeply|through\s+your\s+(?:nose|mouth)))*\s+"
    + _pace_amount("inhale")
    + rf"(?:\s*[,;]?\s*(?:and|then)?\s*|\s*[.]\s+){_PACE_OUT}\b(?:\s+(?:slowly|gently"
    r"|fully|through\s+your\s+(?:nose|mouth)))*\s+" + _pace_amount("exhale"),
    _FLAGS,
)


def breath_pace(text: str) -> tuple[float, float] | None:
    """(inhale, exhale) seconds that ``text`` gives ("Breathe in for 4, out for 6": (4, 6); a
    count is about a second), or None."""
    match = _PACE_RE.search(text[:MAX_PARSE_CHARS])
    if match is None:
        return None
    inhale, exhale = _number_value(match.group("inhale")), _number_value(match.group("exhale"))
    return None if inhale is None or exhale is None else (inhale, exhale)


# Ranks decide which action a step keeps when it names several.
_RANK_STATED = 3  # an amount is given ("hold for 20 seconds")
_RANK_DEFAULT = 2  # an explicit action with the default amount ("hold", "a few breaths")
_RANK_BREATHING = 1  # a breathing cue ("breathe deeply"), only used when nothing else is


@dataclass(frozen=True)
class ParsedStep:
    """What ``parse_step_text`` found in one step.

    ``text`` is what remains to speak before the timed action ("" when only timing words were
    there), ``after`` what is said after its window ("then slowly release"); ``action`` the
    timed action, if any; ``switch_sides`` is set by "switch sides" / "repeat on the other
    side"; ``each_side`` by "on each side" / "each leg" (the exercise is two-sided but this
    step does not switch); ``repetitions`` by "repeat 10 times" / "12 reps".
    """

    text: str
    action: Action | None = None
    switch_sides: bool = False
    each_side: bool = False
    repetitions: int | None = None
    after: str = ""


@dataclass
class _Clause:
    """One clause and what was found in it. ``kept`` is the text to keep, None to drop it."""

    original: str
    kept: str | None
    action: Action | None = None
    rank: int = 0
    switch_sides: bool = False
    each_side: bool = False
    repetitions: int | None = None
    found: list[str] = field(default_factory=list)


def _breaths_action(match: re.Match[str]) -> Action:
    """A BREATHS action from a ``_BREATHS_TAIL`` match."""
    return Action(ActionKind.BREATHS, count=parse_count(match.group("count")))


def _duration_action(match: re.Match[str], rest: str) -> Action:
    """A HOLD or PAUSE action (by the verb left in ``rest``) from a ``_DURATION_TAIL`` match."""
    kind = ActionKind.PAUSE if _PAUSE_START_RE.match(rest) else ActionKind.HOLD
    return Action(kind, seconds=_duration_value(match.group("dur")))


def _rank(action: Action) -> int:
    """How specific ``action`` is (see the ``_RANK_*`` constants)."""
    has_amount = action.seconds is not None or action.count is not None
    return _RANK_STATED if has_amount else _RANK_DEFAULT


def _strip_tails(clause: _Clause, text: str) -> str:
    """Cut timing phrases off the end of ``text``, recording them in ``clause``."""
    tails_left = {"each", "reps", "breaths", "duration", "switch"}
    progress = True
    while progress and text:
        progress = False
        for name in sorted(tails_left):
            match = _match_tail(name, text)
            if match is None:
                continue
            rest = text[: match.start()].strip()
            if not _tail_applies(name, match, rest):
                continue
            _record_tail(clause, name, match, rest)
            tails_left.discard(name)
            text, progress = rest, True
            break
    return text


def _tail_applies(name: str, match: re.Match[str], rest: str) -> bool:
    """Whether a tail counts: without "for"/"take"/"do" before the amount, only a timing verb
    may precede a duration or a breath count ("hold 30 seconds" counts, "walk 30 seconds"
    does not); a repetition count always counts ("lift your arm 10 times": ten times)."""
    if name in ("each", "reps") or match.group("prep") is not None or not rest:
        return True  # "rock your knees from side to side 10 times": ten repetitions
    return _BARE_RE.fullmatch(rest) is not None


def _match_tail(name: str, text: str) -> re.Match[str] | None:
    """Search ``text`` for the tail pattern called ``name``."""
    pattern = {
        "each": _EACH_SIDE_TAIL,
        "reps": _REPS_TAIL,
        "breaths": _BREATHS_TAIL,
        "duration": _DURATION_TAIL,
        "switch": _SWITCH_TAIL,
    }[name]
    return pattern.search(text)


def _record_tail(clause: _Clause, name: str, match: re.Match[str], rest: str) -> None:
    """Store what the tail ``name`` matched in ``clause``."""
    clause.found.append(name)
    if name == "each":
        clause.each_side = True
    elif name == "switch":  # "hold for 10 seconds before switching sides"
        clause.switch_sides = True
    elif name == "reps":
        clause.repetitions = parse_count(match.group("count"))
    elif clause.action is None:
        action = _breaths_action(match) if name == "breaths" else _duration_action(match, rest)
        clause.action, clause.rank = action, _rank(action)


_NOT_A_VERB = r"(?:side|each|both|either|the|your|my|his|her|their|left|right|one)\b"
_PURPOSE_RE = re.compile(
    rf"^(?P<head>.*?(?:{_DURATION}|{_VAGUE_DURATION}|breaths?\b))"
    rf"\s+(?P<why>(?P<to>to|so\s+that|in\s+order\s+to)\s+(?!{_NUMBER}\b|{_NOT_A_VERB})[a-z]+\b.*)$",
    _FLAGS,
)
"""A timed clause followed by what it is for: "Rock from side to side for half a minute to
massage your lower back". The timing is read in ``head``; ``why`` stays in the spoken text."""
_BREATH_WAY_RE = re.compile(
    r"^(?P<head>.*?\bbreaths?)\s+(?P<why>(?:into|through|in\s+through|down\s+into|deep\s+into)"
    r"\s+[a-z].*)$",
    _FLAGS,
)
"""Breaths and where they go: "take five deep breaths into your belly"."""
_TIMED_MID_RE = re.compile(
    rf"^(?!{_LEAD}(?:\w+ing|i|you|we|they|he|she|it|this|these|that|those|my|your|our|their"
    r"|the|a|an|if|when|after|before|once|while)\b)"
    rf"(?P<head>.*?\bfor\s+(?:{_QUALIFIER}\s+)?(?:{_DURATION}|{_VAGUE_DURATION}))\s+"
    r"(?:or\s+(?=until\b))?(?P<why>(?!on\s+(?:each|both)\b)(?:in|on|at|around|with|without"
    r"|from|against|under|over|across|along|until|while|as|up|down|into|through|near|by|beside"
    r"|behind|between|toward|towards|facing|keeping|letting|to\s+(?=the\b|your\b))\b.*)$",
    _FLAGS,
)
"""A timing in the middle of a clause: "Stay for 30 seconds in child's pose", "Walk for five
minutes around the room", "Hold for 20 seconds or until the stretch eases". Tried when the
clause has no timing at its end."""


def _timed_with_words(original: str, match: re.Match[str], other: bool) -> _Clause | None:
    """The clause ``original`` timed by the ``head`` of ``match``, its words kept: with words
    of its own before the timing, all of them ("Rock ... to massage your lower back"); with
    only a timing verb, the purpose as the instruction ("Hold for 30 seconds to stretch your
    hamstring": "Stretch your hamstring.") or the verb with the rest ("Stay in child's
    pose", "breathe into your belly")."""
    head = match.group("head")
    timed = _analyse(head, other)
    if not timed.found or timed.action is None:
        return None
    why = match.group("why")
    timed.original = original
    if timed.kept:
        timed.kept = f"{timed.kept} {why}"
        return timed
    to = match.groupdict().get("to")
    if to is not None and not to.lower().startswith("so"):
        timed.kept = why.split(None, len(to.split()))[-1]  # "to stretch X": "stretch X"
    elif timed.action.kind is ActionKind.BREATHS:
        timed.kept = f"breathe {why}"
    else:
        tail = _DURATION_TAIL.search(head)
        verb = head[: tail.start()].strip() if tail else ""
        timed.kept = f"{verb} {why}".strip()  # "Stay in child's pose", "Hold so that ..."
    return timed


def _analyse(original: str, other_limb_switches: bool = True) -> _Clause:
    """Find the timing in one clause; ``other_limb_switches``: whether "the other leg" alone
    is a side switch here (see ``_OTHER_LIMB_RE``)."""
    text = original.strip()
    clause = _Clause(original=original, kept=original)
    if not text:
        return clause
    for words in (_PURPOSE_RE, _BREATH_WAY_RE):
        match = words.match(text)
        timed = _timed_with_words(original, match, other_limb_switches) if match else None
        if timed is not None:
            return timed
    rest = _strip_tails(clause, text)
    if _SWITCH_RE.fullmatch(rest) or (other_limb_switches and _OTHER_LIMB_RE.fullmatch(rest)):
        clause.switch_sides, rest = True, ""
        clause.found.append("switch")
    elif clause.found:
        if _BARE_RE.fullmatch(rest):
            rest = ""
    else:
        _analyse_whole(clause, rest)
        if not clause.found:
            match = _TIMED_MID_RE.match(text)
            timed = _timed_with_words(original, match, other_limb_switches) if match else None
            return clause if timed is None else timed
        rest = ""
    clause.kept = rest or None
    return clause


def _analyse_whole(clause: _Clause, text: str) -> None:
    """Match a clause that is only an action word: "Hold the stretch", "Rest", "Breathe"."""
    if _HOLD_ALONE_RE.fullmatch(text):
        clause.action, clause.rank = Action(ActionKind.HOLD), _RANK_DEFAULT
    elif _PAUSE_ALONE_RE.fullmatch(text):
        clause.action, clause.rank = Action(ActionKind.PAUSE), _RANK_DEFAULT
    elif _BREATHE_ALONE_RE.fullmatch(text):
        clause.action, clause.rank = Action(ActionKind.BREATHS), _RANK_BREATHING
    else:
        return
    clause.found.append("action")


def _pick_action(clauses: list[_Clause]) -> _Clause | None:
    """The clause whose action the step keeps: highest rank, first on a tie."""
    best: _Clause | None = None
    for clause in clauses:
        if clause.action is not None and (best is None or clause.rank > best.rank):
            best = clause
    return best


_MODIFIER_RE = re.compile(
    r"\s*(?:(?!(?:s|sp|st|str|w|br|sw|cl|fl|sl|th)?(?:ring|ing)\b)\w+ing|with|without|so|until"
    r"|as|while|making\s+sure|never|not)\b",
    re.IGNORECASE,
)
"""A clause that says how to do the one before it; it keeps its comma ("A, keeping B")."""


_LEAD_IN_RE = re.compile(
    r"\s*(?:from|in|on|at|with|without|keeping|holding|lying|sitting|standing|kneeling|facing"
    r"|once|when|while|after|before|still|now)\b",
    re.IGNORECASE,
)
"""A first clause that only says where or when ("From the same position, lift ...")."""


def _join(chosen: list[_Clause], separators: list[str], clauses: list[_Clause]) -> str:
    """Rejoin the kept clauses of ``chosen`` (in the order of ``clauses``); between two of them
    use the separator just before the second. When the clause after the last kept one was
    dropped and joined by "and" ("A, B and hold for 20 seconds"), the last comma becomes that
    "and" ("A and B"), so the sentence stays whole; unless B says how to do A ("A, keeping
    B")."""
    kept = [c for c in chosen if c.kept is not None]
    parts: list[str] = []
    for n, clause in enumerate(kept):
        if parts:
            separator = separators[clauses.index(clause) - 1]
            last = n == len(kept) - 1 and separator.strip() == ","
            modifier = _MODIFIER_RE.match(clause.kept or "")  # ", keeping your back straight"
            lead_in = n == 1 and _LEAD_IN_RE.match(kept[0].kept or "")  # "From there, lift"
            if (
                last
                and not (modifier or lead_in)
                and _dropped_and_after(clause, separators, clauses)
            ):
                separator = " and "
            parts.append(separator)
        parts.append(clause.kept or "")
    return "".join(parts)


def _dropped_and_after(clause: _Clause, separators: list[str], clauses: list[_Clause]) -> bool:
    """Whether the clause after ``clause`` was dropped and joined to it by "and"."""
    k = clauses.index(clause)
    if k + 1 >= len(clauses) or clauses[k + 1].kept is not None:
        return False
    return re.fullmatch(r"\s*,?\s*and\s*", separators[k]) is not None


_BEFORE_RE = re.compile(
    r"\b(?P<unit>seconds?|secs?|minutes?|mins?|breaths?|counts?)\s+before\s+(?:you\s+)?"
    r"(?!(?:switch|swap|chang|repeat|mov|go|do|turn)ing\b)(?P<stem>[a-z]+?)ing\b",
    _FLAGS,
)
"""Hold "for 20 seconds before standing up slowly": what follows the hold, said after it."""


_NOT_A_MOVE = (
    r"(?:sets?|seconds?|secs?|minutes?|mins?|breaths?|times|reps?|repetitions?|rounds?|counts?"
    r"|more|of|these|those|them|each|per|on|to|or|and|with|for)\b"
)
_DO_COUNT_RE = re.compile(
    rf"\b(?P<verb>do|complete|perform)\s+(?P<count>{_INTEGER}|{_WORD_NUMBER})\s+"
    rf"(?:(?:reps?|repetitions?)\s+of\s+(?P<what1>[^,.;]+?)(?=[,.;]|$)"
    r"|(?P<what2>(?:(?:small|slow|gentle|big|controlled|full|easy)\s+)?"
    rf"(?!{_NOT_A_MOVE})[a-z][a-z-]*s)\b"
    r"|(?=(?:per|on\s+each|each)\s+(?:side|leg|arm)\b))",
    _FLAGS,
)
"""A count of named moves: "Do 10 small curl-ups" is "Do small curl-ups 10 times"."""


_GERUND_RE = re.compile(r"([A-Za-z]+?)ing\b")


def _base_verb(stem: str) -> str:
    """The verb of an -ing form without "ing": "stand", "releas" -> "release", "stepp" ->
    "step" (a rough English rule, for the verbs that end a hold)."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if re.search(r"(?:[^aeiou][aeiou][vcszgk]|[aeiou]s|[^aeiou][aeiou]l|om|ang|ung|at)$", stem):
        return stem + "e"
    return stem


_PURPOSE_AND_RE = re.compile(
    r"\b(?:seconds?|secs?|minutes?|mins?|breaths?)\s+to\s+(?:stretch|loosen|open|release|relax"
    r"|lengthen|work|target|mobilise|mobilize|strengthen|ease)\s+[^,;.]*?\band\b[^,;.]*",
    _FLAGS,
)
"""What a hold is for, naming two parts: "for 30 seconds to stretch your back and hip"."""


def _keep_and(match: re.Match[str]) -> str:
    return re.sub(r"\band\b", _AND_MARK, match.group(0))


def _counted_moves(match: re.Match[str]) -> str:
    what = match.group("what1") or match.group("what2")
    if what is None:  # "Do 3 per side"
        return f"repeat {match.group('count')} times "
    return f"{match.group('verb')} {what} {match.group('count')} times"


def _before_as_then(match: re.Match[str]) -> str:
    return f"{match.group('unit')}, then {_base_verb(match.group('stem').lower())}"


def parse_step_text(text: str) -> ParsedStep:
    """Split the timing words out of one step's text (see the module docstring)."""
    if len(text) > MAX_PARSE_CHARS:
        return ParsedStep(text=text.strip())
    text = _BEFORE_RE.sub(_before_as_then, text)
    text = _DO_COUNT_RE.sub(_counted_moves, text)
    pace = _PACE_RE.search(" ".join(text.split()))
    if pace is not None:  # how to breathe: said as written, never cut into holds
        parsed = parse_step_text(_PACE_RE.sub(_PACE_MARK, " ".join(text.split()), count=1))
        if _PACE_MARK not in parsed.text and _PACE_MARK not in parsed.after:
            return ParsedStep(text=text.strip())
        return replace(
            parsed,
            text=parsed.text.replace(_PACE_MARK, pace.group(0)),
            after=parsed.after.replace(_PACE_MARK, pace.group(0)),
        )
    guarded = _PURPOSE_AND_RE.sub(_keep_and, " ".join(text.split()))
    pieces = [p.replace(_AND_MARK, "and") for p in _SEPARATOR_RE.split(guarded)]
    separators = pieces[1::2]
    clauses: list[_Clause] = []
    for index, piece in enumerate(pieces[0::2]):
        before = separators[index - 1] if index else "."
        after = separators[index] if index < len(separators) else "."
        sentence = all(re.search(r"[.!?]", sep) for sep in (before, after))
        timed = _THEN_RE.search(before) is not None and any(c.action for c in clauses)
        clauses.append(_analyse(piece, sentence or timed))
    chosen = _pick_action(clauses)
    _drop_second_side_action(clauses, chosen)
    if any(clause.switch_sides for clause in clauses):  # "Switch sides and repeat."
        for clause in clauses:
            if clause.kept is not None and _REPEAT_ALONE_RE.fullmatch(clause.kept.strip()):
                clause.kept = None
                clause.found.append("repeat")
    for clause in clauses:
        if clause.action is not None and clause is not chosen and clause.rank > _RANK_BREATHING:
            clause.kept = clause.original  # an action the step cannot also hold: speak it
    if not any(clause.found for clause in clauses):
        return ParsedStep(text=text.strip())
    cut = clauses.index(chosen) + 1 if chosen is not None else len(clauses)
    during = [c for c in clauses[cut:] if _is_during(c, separators, clauses)]
    later = [c for c in clauses[cut:] if c not in during]
    before = _join([*clauses[:cut], *during], separators, clauses)
    if during and not any(c.kept for c in clauses[:cut]):  # ", letting gravity do the work"
        gerund = _GERUND_RE.match(before.strip())
        if gerund is not None:
            before = _base_verb(gerund.group(1).lower()) + before.strip()[gerund.end() :]
    return ParsedStep(
        text=tidy(before),
        action=chosen.action if chosen else None,
        switch_sides=any(c.switch_sides for c in clauses),
        each_side=any(c.each_side for c in clauses),
        repetitions=next((c.repetitions for c in clauses if c.repetitions is not None), None),
        after=tidy(_join(later, separators, clauses)),
    )


# A clause after the timed one that describes the holding itself ("you should feel it in your
# thigh", "keep your back flat") is said before the hold, not after it.
_DURING_RE = re.compile(
    r"(?:you\s+(?:should|will|may|might|can)|you'll|feel(?:ing)?\b|keep(?:ing)?\b|try\s+not"
    r"|don't|do\s+not|avoid(?:ing)?\b|mak(?:e|ing)\s+sure|remember(?:ing)?\b|without\b"
    r"|breath(?:e|ing)\b|relax(?:ing)?\s+your\b|staying\b|letting\b)",
    _FLAGS,
)


_ENDING_RE = re.compile(
    r"\s*(?:return|releas|lower|com|bring|mov|switch|swap|chang|repeat|relax|let|go|roll|turn"
    r"|finish|end|rest)ing\b",
    _FLAGS,
)
"""-ing words that end a hold rather than say how to do it ("..., returning to the start")."""


def _is_during(clause: _Clause, separators: list[str], clauses: list[_Clause]) -> bool:
    """Whether a clause after the timed one describes the holding itself, so is said before
    it: "you should feel it in your thigh", or after a plain comma, how to do it ("March on
    the spot for one minute, lifting your knees high")."""
    if clause.kept is None:
        return False
    if _DURING_RE.match(clause.kept):
        return True
    separator = separators[clauses.index(clause) - 1]
    how = _MODIFIER_RE.match(clause.kept) and not _ENDING_RE.match(clause.kept)
    return bool(how) and separator.strip() == ","


def timed_parts(text: str) -> list[str]:
    """``text`` cut where it times two things one after the other ("Round your back and hold
    for 10 seconds. Then let it sag and hold for 10 seconds."): one part per timed sentence,
    with the sentences before it (and the last part with any after it), so each part is a
    step with its own window. Text with one timing or none, or that switches sides ("...
    then change legs and hold for another 20 seconds": one hold per side), is one part."""
    if len(text) > MAX_PARSE_CHARS:
        return [text]
    said = sentences(" ".join(text.split()))
    parsed = [parse_step_text(sentence) for sentence in said]
    timed = [p.action is not None and _rank(p.action) == _RANK_STATED for p in parsed]
    if sum(timed) < 2 or any(p.switch_sides for p in parsed):
        return [text]
    parts: list[list[str]] = [[]]
    for sentence, is_timed in zip(said, timed, strict=True):
        parts[-1].append(sentence)
        if is_timed:
            parts.append([])
    if not parts[-1]:
        parts.pop()
    elif len(parts) > 1:
        parts[-2].extend(parts.pop())  # what follows the last timing is said after it
    return [" ".join(part) for part in parts]


def describes_holding(text: str) -> bool:
    """Whether ``text`` describes how to hold or keep going rather than what to do next ("Keep
    your hips facing forward.", "You should feel it in your thigh.")."""
    return _DURING_RE.match(text.strip()) is not None


def _drop_second_side_action(clauses: list[_Clause], chosen: _Clause | None) -> None:
    """ "Hold for 20 seconds, then change legs and hold for another 20 seconds": the second
    hold is the other side's, which the exercise gives anyway (it is two-sided)."""
    switch = next((i for i, c in enumerate(clauses) if c.switch_sides), None)
    if chosen is None or switch is None or clauses.index(chosen) > switch:
        return
    assert chosen.action is not None
    for clause in clauses[switch + 1 :]:
        if clause.action is not None and clause.action.kind is chosen.action.kind:
            clause.action, clause.kept, clause.rank = None, None, 0
