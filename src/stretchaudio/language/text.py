"""Sentences, tidy spoken text, and clock times: the one place each is done.

* :func:`sentence_spans` cuts text into sentences, not at "Dr." or "e.g." (one list of
  abbreviations, :data:`ABBREVIATIONS`, also used by the gTTS splitter via
  :func:`ends_sentence`).
* :func:`tidy` makes a piece of instruction speakable: spaces collapsed, stray punctuation and
  dangling "and"/"then" trimmed, a capital first and a full stop last.
* :func:`clock` writes a sample position as a time of day on the track, always rounded down
  to the millisecond (so one instant is never printed two ways).

>>> [text for text in sentences("Sit tall, e.g. on a chair. Breathe out! Then rest.")]
['Sit tall, e.g. on a chair.', 'Breathe out!', 'Then rest.']
>>> tidy("  lean forward  and then ")
'Lean forward.'
>>> clock(2_052_153, 22050), clock(2_052_153, 22050, "vtt"), clock(2_052_153, 22050, "lrc")
('1:33.068', '00:01:33.068', '01:33.06')
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "approx",
        "no",
        "fig",
        "jr",
        "sr",
        "prof",
        "dept",
        "mt",
        "ft",
        "lb",
        "lbs",
        "oz",
        "cf",
    }
)
"""Words whose full stop does not end a sentence (compared in lower case, without the dot)."""

_QUOTES = "\"'\u201c\u2018(["
_CLOSERS = "\"')]}\u201d\u2019\u00bb"
_END_RE = re.compile(rf"[.!?\u2026]+[{re.escape(_CLOSERS)}]*\s+")


def is_abbreviation(word: str) -> bool:
    """Whether ``word`` (with its dot) is an abbreviation or a single initial ("J.")."""
    bare = word.strip(_QUOTES + _CLOSERS).rstrip(".").lower()
    return word.rstrip(_CLOSERS).endswith(".") and (bare in ABBREVIATIONS or len(bare) == 1)


def ends_sentence(word: str) -> bool:
    """Whether a sentence ends after ``word`` ("rest." yes, "e.g." no)."""
    stripped = word.rstrip(_CLOSERS)
    return stripped.endswith((".", "!", "?", "\u2026")) and not is_abbreviation(word)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, without surrounding spaces. A sentence ends
    at ., ! or ? followed by a space and a capital, a digit or an opening quote."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END_RE.finditer(text):
        following = text[match.end() : match.end() + 1]
        starts = following.isupper() or following.isdigit() or following in _QUOTES
        if not following or not starts:
            continue
        words = text[start : match.start() + 1].split()
        if words and text[match.start()] == "." and is_abbreviation(words[-1]):
            continue
        spans.append(_trimmed(text, start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def tidy(text: str) -> str:
    """Spaces collapsed, stray punctuation and dangling joining words trimmed, a capital first
    and a full stop last (unless it ends with ! or ?); "" if no word is left."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"(?:\s+(?:and|then|and then))+(?=[.!?]?$)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^[\s,.;:!?-]+|[\s,;:-]+$", "", text)
    text = re.sub(r"[,;:]+\s*([.!?])$", r"\1", text)
    if not any(char.isalnum() for char in text):
        return ""
    text = text[0].upper() + text[1:]
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text if text.endswith((".", "!", "?")) else text + "."


_POSITION_RE = re.compile(
    r"(?:(?:now|first|next|then|finally|to\s+start|start\s+by|begin\s+by)[,\s]+)?"
    r"(?:(?:slowly|gently|carefully|comfortably)\s+)?"
    r"(?:sit|sitting|stand|standing|lie|lying|lay|kneel|kneeling|come\s+(?:on|onto|into|to)"
    r"|get\s+(?:on|onto|into|down)|start\s+(?:on|in|from|with)|begin\s+(?:on|in|from)|face"
    r"|position\s+yourself|place\s+yourself|take\s+a\s+seat|rest\s+on|settle"
    r"|(?:roll|turn)(?:\s+over)?\s+onto"
    r"|squat|crouch|step\s+(?:onto|into)|stay\s+(?:on|in|seated|standing|lying|kneeling)"
    r"|hold\s+(?:on\s+to|a\s+wall|the\s+back))\b",
    re.IGNORECASE,
)


def is_position(text: str) -> bool:
    """Whether an instruction says how to get into a starting position ("Lie on your back",
    "Sit on a chair", "Stand facing a wall") rather than how to move."""
    return _POSITION_RE.match(text.strip()) is not None


_MOVEMENT_RE = re.compile(
    r"(?:(?:now|then|and|just|gently|slowly|softly|continue\s+to|keep)\s+)*"
    r"(?:rock|rocking|sway|swaying|walk|walking|march|marching|jog|jogging|pedal|pedalling"
    r"|pedaling|circle|circling|rotate|rotating|swing|swinging|shake|shaking|bounce|bouncing"
    r"|alternate|alternating|continue|keep\s+(?!holding\b)\w+ing|move|moving|shrug|shrugging"
    r"|roll\s+(?:your|the|both|slowly|gently|forward|backward|back)|rolling|tap|tapping"
    r"|flap|wiggle|wag|nod|nodding|breathe|breathing)\b",
    re.IGNORECASE,
)


_GOING_ON_RE = re.compile(
    r"\b(?:back\s+and\s+forth|(?:from\s+)?side\s+to\s+side|to\s+and\s+fro|in\s+(?:small\s+"
    r"|slow\s+|big\s+|gentle\s+)?circles|one\s+after\s+the\s+other|alternating"
    r"|and\s+(?:walk|march|jog|rock|sway|pedal|pump|shuffle|step\s+from)|circles|up\s+and\s+down"
    r"|in\s+and\s+out)\b",
    re.IGNORECASE,
)


def is_movement(text: str, lang: str = "en") -> bool:
    """Whether an instruction (in language ``lang``) is a movement that goes on ("Rock gently
    from side to side", "Walk on the spot", "Circle your ankle", "Twist gently from side to
    side", "Go back and forth slowly") rather than a position to hold. Known for English;
    other languages give False (the step is held)."""
    if not lang.lower().startswith("en"):
        return False
    return _MOVEMENT_RE.match(text.strip()) is not None or _GOING_ON_RE.search(text) is not None


_STRETCH_RE = re.compile(
    r"\b(?:hang|hanging|fold|folding|bend|bending|lean|leaning|reach|reaching|stretch|pull|pulling"
    r"|push|pushing|press|pressing|lift|lifting|raise|tilt|tilting|twist|twisting|rotate|arch"
    r"|round|drop|lunge|squat|hinge|hug|clasp|interlace|open\s+your\s+chest)\b",
    re.IGNORECASE,
)


def is_stretch(text: str, lang: str = "en") -> bool:
    """Whether an instruction (in language ``lang``) puts the body in a stretch or an effort
    that is let go of afterwards ("Let your upper body hang forward", "Clasp your hands and
    lift your chest"), unlike lying still and breathing. Known for English; other languages
    give False."""
    return lang.lower().startswith("en") and _STRETCH_RE.search(text) is not None


_REST_RE = re.compile(
    r"(?:(?:now|then|and|just|simply)\s+)*(?:rest(?!\s+(?:your|the|both|one|each|it|them|against"
    r"|on\s+(?:your|the)\s+(?:hands?|elbows?|forearms?|fingertips|toes|heels?))\b)|relax"
    r"|lie\s+still|(?:stay|keep|be|remain)\s+still|take\s+a\s+(?:rest|break))\b",
    re.IGNORECASE,
)


def is_rest(text: str, lang: str = "en") -> bool:
    """Whether an instruction (in language ``lang``) is to rest ("Rest here", "Relax your
    whole body", "Lie still") rather than to hold a stretch. Known for English only."""
    return lang.lower().startswith("en") and _REST_RE.match(text.strip()) is not None


def sentence(text: str) -> str:
    """``text`` trimmed, ending with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def clock(samples: int, rate: int, style: str = "script") -> str:
    """A position as ``m:ss.mmm`` (script), ``hh:mm:ss.mmm`` (vtt) or ``mm:ss.cc`` (lrc),
    rounded down."""
    ms = samples * 1000 // rate
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if style == "vtt":
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    if style == "lrc":
        return f"{hours * 60 + minutes:02d}:{seconds:02d}.{millis // 10:02d}"
    return f"{hours * 60 + minutes}:{seconds:02d}.{millis:03d}"
