"""Words: imperative instructions, title-like lines, and headings that name no exercise."""

from __future__ import annotations

import re

# --- words: imperative verbs, exercise names --------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """The set of space-separated words in ``text``."""
    return frozenset(text.split())


_BODY_VERBS = _words(
    """
    sit stand lie lay kneel place put extend straighten lean reach pull push bend hold keep
    lift raise lower bring press rotate turn twist breathe inhale exhale step squeeze tighten
    engage relax release return rest stay pause remain switch swap start begin come move roll
    slide draw hug clasp grab grasp hinge tuck arch round curl drop sink shift tilt cross open
    spread flex point stretch walk march squat lunge plant position assume align gaze look face
    hook loop wrap interlace interlock rock sway swing circle fold bow balance stack settle
    support grip tap kick glide pivot reverse alternate shrug nod float sweep scoot shuffle
    brace hover clench contract dip elevate hang jump lengthen cup pinch repeat lie
    """
)
_GENERIC_VERBS = _words(
    """
    do perform complete try make be avoid use continue go get allow let feel notice take aim
    focus imagine count work maintain find hop stop
    """
)
_LEAD_WORDS_RE = re.compile(
    r"^(?:(?:now|then|next|finally|also|again|so|and|slowly|gently|carefully|simply|just|first"
    r"|firstly|second|secondly|third|lastly|afterwards?|after\s+that|still|softly|smoothly"
    r"|steadily|quickly|to\s+(?:begin|start|finish)|from\s+here|from\s+there|once\s+there"
    r"|at\s+the\s+same\s+time|meanwhile|try\s+to|be\s+sure\s+to|make\s+sure\s+(?:to|that\s+you)"
    r"|remember\s+to|continue\s+to)\b\s*,?\s*)+",
    re.IGNORECASE,
)
# A lead-in before a comma: "With your right foot planted, gently pull ..."
_LEAD_IN_WORDS = _words(
    """
    with keeping holding from while as once when using without starting placing lying sitting
    standing kneeling on in at after before to for maintaining facing leaning bending resting
    supporting bracing engaging still gently slowly now then next finally again staying
    remaining pressing reaching pulling turning rotating here there
    """
)
_SUBORDINATE = _words("until so when if as that while where because and to with than")
_FINITE = _words(
    """
    is are was were can could may might will would should shouldn't can't won't isn't aren't
    does doesn't did has have had helps help causes means makes gives takes keeps targets
    works stretches relieves improves reduces feels looks
    """
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")


def imperative_kind(sentence: str) -> str | None:
    """ "body" or "generic" when ``sentence`` reads as an instruction, else None.

    The first word (after lead words such as "Slowly" or "Then,") must be a verb from the
    lists above; or a short lead-in phrase ends at a comma and the verb follows it.
    """
    text = sentence.replace("\u2019", "'").strip().lstrip("\"'\u201c\u2018([")
    kind = _verb_kind(_LEAD_WORDS_RE.sub("", text))
    if kind is not None:
        return kind
    comma = text.find(",")
    if comma <= 0:
        return None
    head = _WORD_RE.findall(text[:comma])
    if not head or len(head) > 12 or head[0].lower() not in _LEAD_IN_WORDS:
        return None
    return _verb_kind(_LEAD_WORDS_RE.sub("", text[comma + 1 :].strip()))


def _verb_kind(text: str) -> str | None:
    """The kind of verb ``text`` starts with, if it reads as an instruction."""
    match = _WORD_RE.match(text)
    if not match or text[match.end() : match.end() + 1] == "-":
        return None  # "Stand-up desks ...", "Lower-back pain ..."
    first = match.group(0).lower()
    words = [word.lower() for word in _WORD_RE.findall(text[:200])[:6]]
    if first in ("don't", "never") or (first == "do" and words[1:2] == ["not"]):
        verb = words[2:3] if first == "do" else words[1:2]
        return "body" if verb and verb[0] in _BODY_VERBS else "generic"
    if first not in _BODY_VERBS and first not in _GENERIC_VERBS:
        return None
    for later in words[1:5]:
        if later in _SUBORDINATE:
            break
        if later in _FINITE:
            return None  # "Lower back pain is common": a statement, not an instruction
    return "body" if first in _BODY_VERBS else "generic"


EXERCISE_NOUNS_RE = re.compile(
    r"\b(?:stretch|pose|bridges?|twists?|raises?|curls?|rotations?|tilts?|squats?|lunges?"
    r"|planks?|dogs?|cat|cow|fold|rolls?|press|presses|march|slides?|kicks?|crunch(?:es)?"
    r"|extensions?|flexion|circles?|reach(?:es)?|hug|child'?s|cobra|sphinx|pigeon|butterfly"
    r"|hurdler|clamshells?|clams?|superman|dead\s+bug|windmills?|opener|glides?|sit-ups?"
    r"|push-ups?|pull-ups?|shrugs?|tucks?|swings?|walks?|angels?|salute|warrior|sweeps?"
    r"|needle|figure[-\s]?(?:four|4)|hamstrings?|quads?|quadriceps|calf|calves|hip\s+flexors?"
    r"|piriformis|glutes?|lats?|neck|shoulders?|chest|spine|spinal|lumbar|thoracic"
    r"|groin|adductors?|it\s+band|lifts?|mobili[sz]ation|drill|bird[-\s]dogs?"
    r"|seated|standing|lying|supine|prone|kneeling)\b",
    re.IGNORECASE,
)
SMALL_WORDS = _words(
    "a an and as at but by for from in into of on or the to vs via with your per off up"
)


def _is_title_case(text: str) -> bool:
    """Whether every significant word starts with a capital letter or a digit."""
    words = re.findall(r"[A-Za-z0-9][\w'\u2019-]*", text)
    significant = [word for word in words if word.lower() not in SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def title_like(text: str, *, strict: bool = False) -> bool:
    """Whether ``text`` reads as a heading: short, no sentence punctuation, not an instruction.

    ``strict`` also asks for Title Case or an exercise word ("stretch", "pose", "bridge").
    """
    words = text.split()
    if not words or len(words) > 12 or len(text) > 90:
        return False
    if text[-1] in ".,;!" or text.endswith("..."):
        return False
    title_case = _is_title_case(text)
    if not title_case and imperative_kind(text) is not None:
        return False
    if strict:
        return len(words) <= 8 and (title_case or bool(EXERCISE_NOUNS_RE.search(text)))
    return True


# Headings that name a group of exercises or advice, not one exercise.
NOT_EXERCISE_HEADING_RE = re.compile(
    r"\b(?:exercises|stretches|moves|poses|workouts?|routines?|things|ways|tips|benefits"
    r"|causes|symptoms|treatments?|faqs?|questions|conclusion|summary|takeaways?|bottom\s+line"
    r"|overview|introduction|references|sources|related|resources|why|what|when|who|how\s+often"
    r"|how\s+long|how\s+many|how\s+much|precautions|safety|warnings?|risks|about|final"
    r"|next\s+steps|disclaimer|conditions|options|remedies|reasons|signs|diagnosis|prevention"
    r"|more|other|guide|basics|tools|equipment|products|research|studies|anatomy)\b|\?\s*$",
    re.IGNORECASE,
)
# Groups whose sub-headings are advice or facts, not exercises ("3 More Things You Can Do",
# "What Causes ...?"), unless they say they are exercises ("More stretches to try").
ADVICE_GROUP_RE = re.compile(
    r"\b(?:things|ways|tips|habits|changes|causes|reasons|symptoms|signs|treatments|remedies"
    r"|mistakes|benefits|lifestyle|myths|facts|risks|conditions|what|why)\b|\?\s*$",
    re.IGNORECASE,
)
EXERCISE_GROUP_RE = re.compile(
    r"\b(?:exercises|stretches|moves|poses|workouts?|routines?|drills|yoga)\b", re.IGNORECASE
)
# Headings that start with one of these (and name no body part or exercise) give advice:
# "Strengthen Your Core", "Exercise Regularly", "Listen to Your Body".
ADVICE_VERB_RE = re.compile(
    r"^(?:strengthen|exercise|listen|improve|sleep|lose|maintain|eat|drink|avoid|try|consider"
    r"|get|see|talk|watch|manage|reduce|practi[cs]e|use|wear|invest|limit|quit|stop|build"
    r"|take|stay|be|know|learn|ask|find|make|choose|check|keep|mind|fix|adjust|change|set"
    r"|create|focus|increase|prioriti[sz]e|don'?t|never)\b",
    re.IGNORECASE,
)
SAFETY_HEADING_RE = re.compile(
    r"\b(?:safety|safely|precautions?|warnings?|cautions?|before\s+you\s+(?:begin|start|try)"
    r"|when\s+to\s+(?:see|call|stop)|be\s+careful|stay\s+safe)\b",
    re.IGNORECASE,
)
