"""Importing a routine from a stretching article (plain text or Markdown).

People find routines as web articles: exercise names as headings, numbered or bulleted steps,
"hold for 30 seconds", "repeat on the other side", wrapped in text that is not part of the
routine (image credits, "Related Reading", ads, tips, "why it helps" notes, medical warnings).
:func:`import_article` turns such an article into a routine YAML file the user can review,
edit and build; :func:`looks_like_article` tells an article from a routine file.

How an article is read
----------------------
1. **Lines.** Markdown is reduced to text (links keep their words; images, tables, code and
   HTML tags go). Lines that are page furniture are dropped: image credits, "Advertisement",
   "Video of the Day", "Related Reading", "Report an Issue", "Screenshot loading...",
   "Activity Stretching", share/subscribe prompts, bare links, bylines.
2. **Blocks.** Each line is a heading (Markdown ``#``, a setext underline, a line that is all
   bold, or in plain text a short title-like line standing alone), a list item (``1.``,
   ``1)``, ``(1)``, ``Step 1:``, ``-``, ``*``, ``•``; the marker may stand alone with the text on
   the next line), a label (``How to do it:``, ``Instructions:``, ``Tip:``, ``Why it helps:``,
   ``Warning:``, ``Hold: 30 seconds`` ...) or paragraph text. A numbered line is a *heading*
   ("1. Basic Hamstring Stretch") rather than a step when it is short, title-like, has no
   full stop, and is followed by its own content (a paragraph, or a list that starts again or
   is indented deeper) instead of the next number. "**Name:** text" at the start of a
   paragraph or list item is an exercise name followed by its description.
3. **Sections.** Each heading starts a section. Its steps are, in order of preference: the
   items of numbered lists and of "How to do it:" blocks (then plain paragraphs in the section
   are commentary); otherwise the imperative sentences of its paragraphs plus bulleted lists
   that give instructions. Text under "Tip:", "Why it helps:", "Benefits:", "Note:",
   "Variations:" ... is left out.
4. **Exercises.** A section is an exercise when at least one step is an imperative body
   instruction (sit, stand, lie, place, lean, reach, pull, bend, hold, lift, lower, press,
   rotate, breathe, kneel, squeeze ... possibly after "Slowly", "Then," or a lead-in such as
   "With your right foot planted,") or carries timing, and its heading does not name a group
   or advice ("Exercises to Try", "3 More Things You Can Do", "Tips", "Causes", questions).
   Advice headings such as "Strengthen Your Core" with only prose about why it helps are not
   exercises. When no section qualifies, the article's own title section may be the one
   exercise (an article about a single stretch).
5. **Warnings.** Safety sentences (see a doctor or physical therapist, stop if it hurts,
   herniated discs, pregnancy, recent surgery...) become the spoken ``intro``, never steps:
   those before and inside the exercises, and any under a "Warning:"/"Safety" label or heading.
   Quoted speech is left out, and attributions ("according to ...") are trimmed.

Timing
------
Step text goes through :func:`stretchaudio.phrases.parse_step_text`, after a few rewrites it
does not cover: count ranges, "twice", "(each side)", "before switching sides", "repeat with
your left leg", "then do the other side". Recognised timing is written as explicit keys
(``hold:``, ``breaths:``, ``pause:``, ``switch_sides:``, the exercise's ``sides: both`` and
``repetitions:``), and the spoken text keeps only the instruction, so nothing depends on the
loader parsing the sentence again. The original line is kept as a YAML comment above each such
step.

* **Ranges take the lower bound**, the gentle end, for every kind of amount: "20-30 seconds"
  (with a hyphen or an en dash) is 20 s, "1-2 minutes" 60 s, "3-5 times" and "three to five
  reps" are 3 repetitions, "3-5 breaths" 3 breaths. This is the rule of
  :mod:`stretchaudio.phrases` for durations, extended here to counts.
* Nothing is invented silently. Vague amounts ("a few breaths", "hold the stretch") are written
  as ``breaths: true`` / ``hold: true``, and the value they get is written in the routine's
  ``defaults`` with the comment ``# default applied: ...``. Exercises the article gives no
  timing for get no hold; a comment says so.
* Amounts outside what a routine allows (a 20-minute hold, 500 repetitions) are not used; the
  step keeps its words and a warning says why.

Warnings
--------
``ImportResult.warnings`` has one line per thing left out that looked like an instruction
(an imperative body instruction or timing words), and per timing that could not be used, each as
``source:line: skipped '...': reason``, sorted by line. Page furniture, tips and "why it
helps" notes are left out without a warning: they never look like instructions.

Command line
------------
``stretchaudio import FILE|- [-o OUT]``: read the text (UTF-8; ``-`` for standard input), call
``import_article(text, source=FILE or "<stdin>")``, write ``routine_yaml`` to OUT (or standard
output) and each warning to standard error (:func:`import_command_output` gives both). For
``stretchaudio build --from-article FILE``, or a FILE for which :func:`looks_like_article` is
true, build ``result.routine`` directly after printing the warnings. :func:`import_file` reads
a file with the same checks as routine files. A :class:`~stretchaudio.errors.RoutineError`
(no exercise found, unreadable file) is bad input: exit code 2 like other routine errors.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import phrases
from .errors import Location, RoutineError
from .model import Action, ActionKind, Routine
from .naming import slugify
from .planner import Settings
from .routine import load_routines_text
from .words import number_words

__all__ = [
    "MAX_ARTICLE_CHARS",
    "ImportResult",
    "import_article",
    "import_command_output",
    "import_file",
    "looks_like_article",
]

MAX_ARTICLE_CHARS = 2_000_000
"""Longer text is not an article; :func:`import_article` refuses it."""

_MAX_INTRO_SENTENCES = 5
_MAX_QUOTE = 70  # characters of an article line quoted in a warning or comment
_SETTLE_ROUNDS = 5

# Allowed ranges of the routine format (see routine.py); values outside are not used.
_HOLD_RANGE = (1.0, 600.0)
_PAUSE_RANGE = (0.0, 600.0)
_BREATHS_RANGE = (1, 50)
_REPS_RANGE = (1, 100)
_SETS_RANGE = (1, 20)
_REST_RANGE = (0.0, 600.0)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_article` made of an article.

    ``routine_yaml`` is the routine file to write (it loads with
    :func:`~stretchaudio.routine.load_routines_text`); ``routine`` is that file loaded;
    ``warnings`` lists what was skipped or not understood, one ``source:line: ...`` line each.
    """

    routine_yaml: str
    warnings: list[str]
    routine: Routine


def import_command_output(result: ImportResult) -> tuple[str, list[str]]:
    """What ``stretchaudio import`` prints: the YAML (stdout or ``-o``) and the warnings
    (stderr, one per line)."""
    return result.routine_yaml, list(result.warnings)


# --- text clean-up ---------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\u00ad\ufeff]")
# Everything YAML cannot carry (it has to be written back out) becomes a space.
_UNPRINTABLE_RE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)


def _clean_text(text: str) -> str:
    """Newlines normalised, tabs expanded, invisible and unprintable characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\t", "    ").replace("\xa0", " ")
    return _UNPRINTABLE_RE.sub(" ", text)


_IMAGE_MD_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_MD_RE = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(?:https?://|www\.)[^>]*>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_LINK_ONLY_RE = re.compile(
    r"^\s*(?:[-*+\u2022]\s*)?(?:\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+|www\.\S+)"
    r"[\s.,;|]*$"
)


def _inline(text: str) -> str:
    """Markdown and HTML inline markup removed, entities decoded, spaces collapsed."""
    text = _IMAGE_MD_RE.sub(" ", text)
    text = _LINK_MD_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _HTML_TAG_RE.sub(" ", text)
    for _ in range(3):
        text = _EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("`", "").replace("~~", "")
    text = html.unescape(text)
    text = _UNPRINTABLE_RE.sub(" ", _INVISIBLE_RE.sub("", text.replace("\xa0", " ")))
    return " ".join(text.split())


# --- page furniture --------------------------------------------------------------------------

_NOISE_RES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:image|photo|picture|video|illustration|graphic)s?\s*(?:credits?|sources?|courtesy"
        r"|by)?\s*[:\u00a9]",
        r"^(?:credits?|photo(?:graph)?s?\s+by|courtesy\s+of)\b",
        r"^.{0,80}\b(?:getty\s*images|istock(?:photo)?|shutterstock|adobe\s*stock|unsplash"
        r"|pexels)\b.{0,40}$",
        r"^(?:advertisement|advert|ad|ads|sponsored(?:\s+content)?|promoted|paid\s+content)$",
        r"^(?:story|article)\s+continues\s+below",
        r"^continue\s+reading\b",
        r"^scroll\s+(?:down\s+)?to\s+(?:continue|read)",
        r"^video\s+of\s+the\s+day$",
        r"^related(?:\s+(?:reading|articles?|stories|story|posts?|content|links?|videos?))?"
        r"\s*:?$",
        r"^read\s+(?:more|next|also|this)\b",
        r"^see\s+also\b",
        r"^you\s+(?:may|might)\s+also\s+(?:like|enjoy)\b",
        r"^recommended(?:\s+(?:for\s+you|reading|articles?))?\s*:?$",
        r"^more\s+from\b",
        r"^(?:most\s+)?(?:popular|trending)(?:\s+(?:now|stories|articles))?\s*:?$",
        r"^report\s+an?\s+(?:issue|error|problem)$",
        r"^screenshot\b",
        r"^(?:loading|please\s+wait)\W*$",
        r"^share(?:\s+(?:this|on|via|article|post|page)\b.{0,40})?$",
        r"^(?:pin|tweet|email|print|save)(?:\s+(?:it|this|article|page))?$",
        r"^(?:subscribe|sign\s+up|sign\s+in|log\s+in|register)\b.{0,80}$",
        r"^(?:join|get)\s+our\s+(?:newsletter|mailing\s+list)",
        r"^newsletter\b",
        r"^follow\s+us\b",
        r"^(?:click|tap)\s+here\b",
        r"^(?:learn\s+more|shop\s+now|buy\s+now|order\s+now|see\s+price|check\s+price)\b.{0,40}$",
        r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$",
        r"^leave\s+a\s+(?:comment|reply)",
        r"^(?:table\s+of\s+)?contents\s*:?$",
        r"^(?:in\s+this\s+article|jump\s+to|skip\s+to)\b",
        r"^back\s+to\s+top$",
        r"cookies?\b.{0,60}\b(?:accept|consent|policy)|\bprivacy\s+policy\b",
        r"\u00a9|^copyright\b|all\s+rights\s+reserved",
        r"^(?:medically\s+)?(?:reviewed|fact[-\s]checked)\s+by\b",
        r"^(?:written|updated|published|posted|edited)\s+(?:by|on)\b",
        r"(?-i:^By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3}(?:\s*[,|].{0,60})?$)",
        r"^(?:last\s+)?(?:updated|reviewed)\s*:?\s+\w+\s+\d",
        r"^\d+\s*(?:min(?:ute)?s?)\s+read$",
        r"^https?://\S+$|^www\.\S+$",
        r"^activity\s+[A-Za-z]+$",
        r"^(?:play|watch)(?:\s+(?:video|now))?$",
        r"^(?:next|previous)\s+(?:article|story|slide|page)\b",
    )
)


_CREDIT_COUNT = 3  # the first patterns are image credits: the line above is a caption
_LINKS_HEADER_RE = re.compile(
    r"^(?:related|read\s+(?:more|next|also)|see\s+also|you\s+(?:may|might)\s+also|recommended"
    r"|more\s+from|(?:most\s+)?popular|trending)\b",
    re.IGNORECASE,
)


def _is_noise(text: str) -> bool:
    """Whether a line is page furniture rather than article content."""
    return any(pattern.search(text) for pattern in _NOISE_RES)


def _is_credit(text: str) -> bool:
    """Whether a line credits an image (so the line just above it is a caption)."""
    return any(pattern.search(text) for pattern in _NOISE_RES[:_CREDIT_COUNT])


# --- labels ----------------------------------------------------------------------------------

_LABEL_KINDS: tuple[tuple[str, str], ...] = (
    (
        "howto",
        r"how\s+to\s+(?:do|perform|try)\s+(?:it|this|them|the\s+(?:stretch|exercise|move|pose))"
        r"(?:\s+right)?|how\s+to|how\s+it'?s\s+done|instructions?|directions?|steps?|method"
        r"|technique|what\s+to\s+do|the\s+move|do\s+it|starting\s+position|start(?:ing)?\s+point"
        r"|set[-\s]?up|get\s+into\s+position|movement|action|execution",
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
        r"|difficulty|fun\s+fact|did\s+you\s+know|frequency|how\s+often|disclaimer"
        r"|sources?|references?|further\s+reading|bottom\s+line|the\s+takeaway|takeaways?"
        r"|summary|faqs?",
    ),
    (
        "warning",
        r"warnings?|cautions?|safety(?:\s+(?:notes?|tips?|first|warnings?))?|important"
        r"|precautions?|be\s+careful|careful|contraindications?|who\s+should\s+(?:avoid|skip)"
        r"(?:\s+(?:it|this))?|avoid\s+if|skip\s+(?:it|this)\s+if|when\s+to\s+(?:stop|see\s+a"
        r"\s+doctor)",
    ),
    (
        "timing",
        r"hold(?:\s+(?:time|for))?|duration|time|reps|repetitions|sets|breaths|rest",
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
class _Label:
    """A label at the start of a line: its kind, its word(s) and the text after it."""

    kind: str  # "howto", "skip", "warning" or "timing"
    name: str
    rest: str


def _label(text: str) -> _Label | None:
    """The label ``text`` starts with ("Tip:", "How to do it:", "Hold: 30 seconds"), if any."""
    for kind, pattern in _LABEL_ALONE_RES:
        match = pattern.match(text)
        if match and kind != "timing":
            return _Label(kind, match.group("label").lower(), "")
    for kind, pattern in _LABEL_RES:
        match = pattern.match(text)
        if match:
            return _Label(kind, match.group("label").lower(), match.group("rest").strip())
    return None


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


def _imperative(sentence: str) -> str | None:
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


_EXERCISE_NOUNS_RE = re.compile(
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
_SMALL_WORDS = _words(
    "a an and as at but by for from in into of on or the to vs via with your per off up"
)


def _is_title_case(text: str) -> bool:
    """Whether every significant word starts with a capital letter or a digit."""
    words = re.findall(r"[A-Za-z0-9][\w'\u2019-]*", text)
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def _title_like(text: str, *, strict: bool = False) -> bool:
    """Whether ``text`` reads as a heading: short, no sentence punctuation, not an instruction.

    ``strict`` also asks for Title Case or an exercise word ("stretch", "pose", "bridge").
    """
    words = text.split()
    if not words or len(words) > 12 or len(text) > 90:
        return False
    if text[-1] in ".,;!" or text.endswith("..."):
        return False
    title_case = _is_title_case(text)
    if not title_case and _imperative(text) is not None:
        return False
    if strict:
        return len(words) <= 8 and (title_case or bool(_EXERCISE_NOUNS_RE.search(text)))
    return True


# Headings that name a group of exercises or advice, not one exercise.
_NOT_EXERCISE_HEADING_RE = re.compile(
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
_ADVICE_GROUP_RE = re.compile(
    r"\b(?:things|ways|tips|habits|changes|causes|reasons|symptoms|signs|treatments|remedies"
    r"|mistakes|benefits|lifestyle|myths|facts|risks|conditions|what|why)\b|\?\s*$",
    re.IGNORECASE,
)
_EXERCISE_GROUP_RE = re.compile(
    r"\b(?:exercises|stretches|moves|poses|workouts?|routines?|drills|yoga)\b", re.IGNORECASE
)
# Headings that start with one of these (and name no body part or exercise) give advice:
# "Strengthen Your Core", "Exercise Regularly", "Listen to Your Body".
_ADVICE_VERB_RE = re.compile(
    r"^(?:strengthen|exercise|listen|improve|sleep|lose|maintain|eat|drink|avoid|try|consider"
    r"|get|see|talk|watch|manage|reduce|practi[cs]e|use|wear|invest|limit|quit|stop|build"
    r"|take|stay|be|know|learn|ask|find|make|choose|check|keep|mind|fix|adjust|change|set"
    r"|create|focus|increase|prioriti[sz]e|don'?t|never)\b",
    re.IGNORECASE,
)
_SAFETY_HEADING_RE = re.compile(
    r"\b(?:safety|safely|precautions?|warnings?|cautions?|before\s+you\s+(?:begin|start|try)"
    r"|when\s+to\s+(?:see|call|stop)|be\s+careful|stay\s+safe)\b",
    re.IGNORECASE,
)


# --- warnings --------------------------------------------------------------------------------

_PROFESSIONAL = (
    r"(?:doctor|physician|physio(?:therapist)?|physical\s+therapist|medical\s+(?:professional|"
    r"provider|advice|team)|health\s*care\s+(?:provider|professional|team)|GP|specialist"
    r"|chiropractor|clinician|therapist)"
)
_ADVISE = (
    r"(?:consult|check\s+with|double[-\s]check|talk\s+(?:to|with)|speak\s+(?:to|with)|ask"
    r"|see|visit|seek|get\s+(?:the\s+)?(?:ok|okay|go-ahead|all[-\s]clear|clearance|advice)"
    r"|approv\w*|clear\w*|advice|guidance|permission|check\s+in)"
)
_WARNING_RES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_ADVISE}\b.*\b{_PROFESSIONAL}\b|\b{_PROFESSIONAL}\b.*\b{_ADVISE}",
        r"\bconsult\b.{0,40}\b(?:medical|health)",
        r"\bstop\b.{0,60}\b(?:if|when|immediately|right\s+away|straight\s+away|at\s+once)\b",
        r"\b(?:if|when|should)\b.{0,80}\b(?:pain|hurts?|numb(?:ness)?|tingl\w*|dizz\w*"
        r"|discomfort)\b.{0,80}\b(?:stop|ease\s+off|back\s+off|don'?t|do\s+not|avoid|skip)\b",
        r"\b(?:herniat\w*|slipped|bulging|ruptured)\s+(?:dis[ck]s?)\b.*\b(?:worse\w*|worsen\w*"
        r"|careful|caution|avoid|advice|aggravat\w*)\b|\b(?:worse\w*|worsen\w*|aggravat\w*)\b.*"
        r"\b(?:herniat\w*|slipped\s+dis[ck]|bulging\s+dis[ck])",
        r"\b(?:never|don'?t|do\s+not)\s+(?:force|bounce|push\s+(?:through|into)\s+(?:the\s+)?pain"
        r"|stretch\s+(?:to|into|through)\s+(?:the\s+point\s+of\s+)?pain)",
        r"\bpregnan\w*|\b(?:recent|recently\s+had|had)\s+(?:an?\s+)?(?:surgery|injur\w*"
        r"|operation)",
        r"\bshould(?:\s+not|n't)\s+(?:hurt|be\s+painful|cause\s+pain)",
    )
)
_QUOTED_RE = re.compile(
    r"[\"\u201c\u201d]|\b(?:he|she|they)\s+(?:says|said|adds|added|explains|notes)\b"
    r"|\bsays\s+(?:Dr|Mr|Ms|Mrs)\b"
)


def _is_warning(sentence: str) -> bool:
    """Whether a sentence is safety advice for the intro (not quoted speech, not a body cue)."""
    if _QUOTED_RE.search(sentence) or _imperative(sentence) == "body":
        return False
    return any(pattern.search(sentence) for pattern in _WARNING_RES)


def _condense_warning(sentence: str) -> str:
    """A warning sentence with attributions and asides trimmed."""
    text = re.sub(
        r",?\s+(?:according\s+to|per|says|via)\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s*)?[^.;,]+",
        "",
        sentence,
    )
    text = re.sub(r"\s*\([^()]*\)", "", text)
    text = re.sub(r"^(?:so|and|but|also|plus|however|again)\s*,?\s+", "", text, flags=re.I)
    text = " ".join(text.split()).strip(" ,;:")
    if not any(char.isalpha() for char in text):
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS = _words(
    "dr mr mrs ms st vs etc e.g i.e eg ie approx no fig jr sr prof dept mt ft lb lbs oz cf"
)
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+")
_SENTENCE_START = "\"'\u201c\u2018(["


@dataclass(frozen=True)
class _Line:
    """One piece of article text and the line it starts on."""

    text: str
    line: int


def _sentences(text: str, offsets: list[tuple[int, int]]) -> list[_Line]:
    """``text`` cut into sentences, each with its line (``offsets``: (char offset, line))."""
    out: list[_Line] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        following = text[match.end() : match.end() + 1]
        if not following or not (
            following.isupper() or following.isdigit() or following in _SENTENCE_START
        ):
            continue
        before = text[start : match.start() + 1].split()
        last = before[-1].rstrip(".!?").lstrip(_SENTENCE_START).lower() if before else ""
        if text[match.start()] == "." and (last in _ABBREVIATIONS or len(last) == 1):
            continue
        out.append(_Line(text[start : match.end()].strip(), _line_at(offsets, start)))
        start = match.end()
    if text[start:].strip():
        out.append(_Line(text[start:].strip(), _line_at(offsets, start)))
    return out


def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
    """The line that the character at ``position`` came from."""
    line = offsets[0][1] if offsets else 0
    for offset, number in offsets:
        if offset > position:
            break
        line = number
    return line


# --- blocks ----------------------------------------------------------------------------------


@dataclass
class _Block:
    """A heading, list item, label, paragraph or blank line of the article."""

    kind: str  # "heading", "item", "label", "para", "blank"
    line: int
    text: str = ""
    indent: int = 0
    marker: str = ""  # items: "num", "step" or "bullet"
    number: int | None = None
    label: _Label | None = None
    strong: bool = False  # headings marked up as such (# or bold or underlined)
    noise: bool = False  # headings of link lists ("Related articles"): skip the section
    from_heading: bool = False  # labels written as headings ("### How to do it")
    level: int = 0  # headings: 1-6 for Markdown, larger for weaker headings
    end: int = 0  # last line
    parts: list[tuple[int, int]] = field(default_factory=list)  # (offset, line) of each line

    def __post_init__(self) -> None:
        self.end = self.end or self.line
        if not self.parts:
            self.parts = [(0, self.line)]

    def add(self, text: str, line: int) -> None:
        """Append a continuation line."""
        if self.text:
            self.text += " "
        self.parts.append((len(self.text), line))
        self.text += text
        self.end = line


# Heading levels: Markdown's 1-6, then the weaker kinds. In plain text, a numbered title under
# an unnumbered heading belongs to it ("3 More Things You Can Do" > "1. Strengthen Your Core").
_PLAIN_LEVEL = 2
_NUMBERED_LEVEL = 3
_BOLD_LEVEL = 7
_INLINE_LEVEL = 8

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_RULE_RE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_SETEXT_H1_RE = re.compile(r"^\s*=+\s*$")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BLOCKQUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_BULLETS = "-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u27a4\u25ba\u2713\u2714\u2043"
_BULLET_RE = re.compile(rf"^(\s*)[{re.escape(_BULLETS)}]\s+(.*\S)\s*$")
_BULLET_ALONE_RE = re.compile(rf"^(\s*)[{re.escape(_BULLETS)}]\s*$")
_NUM_RE = re.compile(r"^(\s*)\(?(\d{1,2})[.)]\s+(.*\S)\s*$")
_NUM_ALONE_RE = re.compile(r"^(\s*)\(?(\d{1,2})[.)]?\s*$")
_STEP_WORDS = tuple(number_words(n) for n in range(1, 13))  # "Step one" ... "Step twelve"
_STEP_RE = re.compile(
    rf"^(\s*)step\s+(\d{{1,2}}|{'|'.join(_STEP_WORDS)})\b\s*(?:[:.)\-\u2013\u2014]\s*(.*\S)?)?\s*$",
    re.IGNORECASE,
)
# "**Step 1:** Lie down" and "**1.** Lie down": the marker in bold is still a marker.
_BOLD_MARKER_RE = re.compile(r"^(\s*)(\*\*|__)((?:step\s+\w+|\d{1,2})\s*[:.)]?)\s*\2", re.I)
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_INLINE_NAME_BOLD_RES = (
    re.compile(r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)[:.]\s*(?:\*\*|__)\s*(?P<rest>\S.*)$"),
    re.compile(
        r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)(?:\*\*|__)\s*(?:[:.\-\u2013\u2014]\s*)?(?P<rest>\S.*)$"
    ),
)
_INLINE_NAME_PLAIN_RE = re.compile(
    r"^(?P<name>[^:.!?]{2,50}?)\s*(?::|\s[-\u2013\u2014])\s+(?P<rest>[A-Z].*)$"
)


def _step_number(word: str) -> int:
    """``"3"`` or ``"three"`` as 3."""
    return int(word) if word.isdigit() else _STEP_WORDS.index(word.lower()) + 1


@dataclass
class _Marker:
    """A list marker alone on its line, waiting for its text on the next line."""

    kind: str
    indent: int
    number: int | None
    line: int


class _Reader:
    """Turns article lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.swallow = False  # inside a list of links after "Related reading"

    def read(self, lines: list[str]) -> list[_Block]:
        """All blocks of the article's lines."""
        in_fence = False
        pending: _Marker | None = None
        for index, raw in enumerate(lines):
            number = index + 1
            if _FENCE_RE.match(raw):
                in_fence = not in_fence
                self.blank(number)
                continue
            line = _BOLD_MARKER_RE.sub(r"\1\3", _BLOCKQUOTE_RE.sub("", raw))
            if in_fence or not line.strip():
                if not in_fence:
                    self.blank(number)
                continue
            if pending is not None:
                marker, pending = pending, None
                if not self.is_marker(line):
                    self.add_item(marker.kind, marker.indent, marker.number, line, marker.line)
                    continue
            if self.swallow:
                if _BULLET_RE.match(line) or _NUM_RE.match(line) or _is_noise(_inline(line)):
                    continue
                self.swallow = False
            if self.structure_line(line, number):
                continue
            pending = self.marker_alone(line, number)
            if pending is None:
                self.text_line(line, number)
        return self.blocks

    def blank(self, number: int) -> None:
        """A blank line (or a rule, table, bare link)."""
        if self.blocks and self.blocks[-1].kind != "blank":
            self.blocks.append(_Block("blank", number))

    @staticmethod
    def is_marker(line: str) -> bool:
        """Whether ``line`` is itself a list marker or a heading."""
        return any(
            pattern.match(line)
            for pattern in (
                _NUM_RE,
                _BULLET_RE,
                _MD_HEADING_RE,
                _NUM_ALONE_RE,
                _BULLET_ALONE_RE,
                _STEP_RE,
            )
        )

    @staticmethod
    def marker_alone(line: str, number: int) -> _Marker | None:
        """A list marker with nothing after it: the text is on the next line."""
        match = _NUM_ALONE_RE.match(line)
        if match:
            return _Marker("num", len(match.group(1)), int(match.group(2)), number)
        match = _BULLET_ALONE_RE.match(line)
        if match:
            return _Marker("bullet", len(match.group(1)), None, number)
        match = _STEP_RE.match(line)
        if match and not match.group(3):
            return _Marker("step", len(match.group(1)), _step_number(match.group(2)), number)
        return None

    def structure_line(self, line: str, number: int) -> bool:
        """Headings, rules, list items; True when ``line`` was one of them."""
        if _SETEXT_H1_RE.match(line) or (_RULE_RE.match(line) and line.strip()[0] == "-"):
            previous = self.blocks[-1] if self.blocks else None
            if previous is not None and previous.kind == "para" and previous.line == number - 1:
                level = 1 if line.strip()[0] == "=" else 2
                self.blocks[-1] = self.heading_or_label(previous.text, previous.line, level)
                return True
        if _RULE_RE.match(line) or line.lstrip().startswith("|") or _LINK_ONLY_RE.match(line):
            self.blank(number)
            return True
        match = _MD_HEADING_RE.match(line)
        if match:
            text = _inline(match.group(2))
            step = _STEP_RE.match(text)
            if step and step.group(3):
                self.add_item("step", 0, _step_number(step.group(2)), step.group(3), number)
            elif text and _is_noise(text):
                level = len(match.group(1))
                heading = _Block("heading", number, text, strong=True, noise=True, level=level)
                self.blocks.append(heading)
            elif text:
                self.blocks.append(self.heading_or_label(text, number, len(match.group(1))))
            return True
        return self.item_line(line, number)

    def item_line(self, line: str, number: int) -> bool:
        """A numbered, "Step N:" or bulleted list item."""
        step = _STEP_RE.match(line)
        if step and step.group(3):
            indent, count = len(step.group(1)), _step_number(step.group(2))
            self.add_item("step", indent, count, step.group(3), number)
            return True
        match = _NUM_RE.match(line)
        if match:
            indent, count = len(match.group(1)), int(match.group(2))
            self.add_item("num", indent, count, match.group(3), number)
            return True
        match = _BULLET_RE.match(line)
        if match and not _BOLD_LINE_RE.match(line):
            self.add_item("bullet", len(match.group(1)), None, match.group(2), number)
            return True
        return False

    def add_item(self, marker: str, indent: int, count: int | None, raw: str, number: int) -> None:
        """A list item (or, for "**Name:** text", a heading and a paragraph)."""
        if self.inline_name(raw, number, marker=marker):
            return
        text = _inline(raw)
        if text and not _is_noise(text):
            item = _Block("item", number, text, indent=indent, marker=marker, number=count)
            self.blocks.append(item)

    def inline_name(self, raw: str, number: int, *, marker: str = "") -> bool:
        """Split "**Cat-Cow:** Start on ..." or "Cat-Cow Stretch: Start on ..." in two."""
        stripped = raw.strip()
        match = next((m for p in _INLINE_NAME_BOLD_RES if (m := p.match(stripped))), None)
        bold = match is not None
        if match is None:
            match = _INLINE_NAME_PLAIN_RE.match(_inline(stripped))
        if match is None:
            return False
        name = _inline(match.group("name")).rstrip(":. ")
        rest = _inline(match.group("rest"))
        label = _label(name + ":")
        if label is not None:
            if label.kind == "timing":
                return False
            self.blocks.append(
                _Block("label", number, rest, label=_Label(label.kind, label.name, rest))
            )
            return True
        if not name or not _title_like(name, strict=not bold):
            return False
        if not bold and not _EXERCISE_NOUNS_RE.search(name):
            return False
        heading = _Block("heading", number, name, marker=marker, level=_INLINE_LEVEL)
        self.blocks.append(heading)
        if rest:
            self.blocks.append(_Block("para", number, rest))
        return True

    @staticmethod
    def heading_or_label(text: str, number: int, level: int) -> _Block:
        """A heading, or a label when the heading is "How to do it" or "Tips"."""
        label = _label(text.rstrip(":") + ":")
        if label is not None and label.kind != "timing" and not label.rest:
            return _Block("label", number, "", label=label, from_heading=True)
        text = text.rstrip(":").strip()
        return _Block("heading", number, text, strong=True, level=level)

    def text_line(self, line: str, number: int) -> None:
        """Paragraph text: continues an item, label or paragraph, or starts a paragraph."""
        text = _inline(line)
        if not text:
            return
        previous = self.blocks[-1] if self.blocks else None
        if _is_noise(text):
            caption = previous is not None and previous.kind == "para" and len(previous.parts) == 1
            if caption and _is_credit(text) and previous is not None and previous.end == number - 1:
                self.blocks.pop()  # the caption of the credited image
            self.swallow = bool(_LINKS_HEADER_RE.match(text))
            return
        if _BOLD_LINE_RE.match(line):
            block = self.heading_or_label(text, number, _BOLD_LEVEL)
            if block.kind == "label" or len(text.split()) <= 12:
                self.blocks.append(block)
                return
        label = _label(text)
        if label is not None:
            self.blocks.append(_Block("label", number, label.rest, label=label))
            return
        if self.inline_name(line, number):
            return
        indent = len(line) - len(line.lstrip())
        if previous is not None and previous.kind != "blank" and previous.end == number - 1:
            title = len(previous.parts) == 1 and _title_like(previous.text, strict=True)
            if previous.kind == "item" and (
                indent > previous.indent
                or text[0].islower()
                or not (previous.text.endswith((".", "!", "?", ":")) or title)
            ):
                previous.add(text, number)
                return
            if previous.kind == "para" or (previous.kind == "label" and previous.text):
                previous.add(text, number)
                return
        self.blocks.append(_Block("para", number, text))


def _significant(blocks: list[_Block], start: int, step: int) -> _Block | None:
    """The next (``step`` 1) or previous (-1) block that is not blank."""
    index = start + step
    while 0 <= index < len(blocks):
        if blocks[index].kind != "blank":
            return blocks[index]
        index += step
    return None


def _find_headings(blocks: list[_Block], plain_text: bool) -> list[_Block]:
    """Blocks with headings recognised: numbered titles and (in plain text) title lines."""
    out: list[_Block] = []
    steps: set[int] = set()  # ids of numbered items taken as steps
    for index, block in enumerate(blocks):
        if block.kind == "item" and block.marker == "num":
            if _numbered_heading(blocks, index, steps):
                level = _NUMBERED_LEVEL if plain_text else _INLINE_LEVEL
                heading = _Block("heading", block.line, block.text, marker="num", level=level)
                out.append(heading)
                continue
            steps.add(id(block))
        elif block.kind == "para" and plain_text:
            out.extend(_split_title_line(blocks, index))
            continue
        out.append(block)
    return out


def _numbered_heading(blocks: list[_Block], index: int, steps: set[int]) -> bool:
    """Whether the numbered item at ``index`` is an exercise title rather than a step."""
    item = blocks[index]
    if not _title_like(item.text) or len(item.text.split()) > 9 or item.end != item.line:
        return False
    after = _significant(blocks, index, 1)
    before = _significant(blocks, index, -1)
    number = item.number or 0
    if after is not None and after.kind == "item":
        same_list = after.marker == "num" and abs(after.indent - item.indent) <= 1
        if same_list and after.number == number + 1:
            return False
        return after.number == 1 or after.indent > item.indent or after.marker != "num"
    continues = (
        before is not None
        and before.kind == "item"
        and before.marker == "num"
        and before.number == number - 1
        and abs(before.indent - item.indent) <= 1
        and id(before) in steps
    )
    return not continues


def _split_title_line(blocks: list[_Block], index: int) -> list[_Block]:
    """A plain-text paragraph whose (first) line is a heading, as heading + paragraph."""
    block = blocks[index]
    before = blocks[index - 1] if index > 0 else None
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    alone = before is None or before.kind in ("blank", "heading", "label")
    if len(block.parts) == 1:
        stands_alone = alone or (after is not None and after.kind in ("item", "label"))
        followed_by_text = after is not None and after.kind == "para"
        if (
            stands_alone
            and _title_like(block.text)
            and (
                not followed_by_text
                or _title_like(block.text, strict=True)
                or block.text.endswith(("?", ":"))
            )
        ):
            text = block.text.rstrip(":").strip()
            return [_Block("heading", block.line, text, level=_PLAIN_LEVEL)]
        return [block]
    split = block.parts[1][0]
    first, rest = block.text[:split].strip(), block.text[split:].strip()
    if alone and rest[:1].isupper() and _title_like(first, strict=True):
        para = _Block("para", block.parts[1][1], rest, end=block.end)
        para.parts = [(offset - split, line) for offset, line in block.parts[1:]]
        para.parts[0] = (0, para.parts[0][1])
        heading = _Block("heading", block.line, first.rstrip(":").strip(), level=_PLAIN_LEVEL)
        return [heading, para]
    return [block]


# --- timing ----------------------------------------------------------------------------------

_NUMBER_WORDS = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three"
    r"|four|five))?|thirty|forty|fifty)"
)
_COUNT_NOUN = r"(?:times|reps|repetitions|rounds|breaths|counts)"
_COUNT_RANGE_RE = re.compile(
    rf"\b(?:between\s+)?(?P<lo>{_NUMBER_WORDS})\s*(?:-|\u2013|\u2014|to|or|and)\s*"
    rf"(?P<hi>{_NUMBER_WORDS})\b(?P<tail>\s+(?:more\s+)?(?:[a-z]+\s+)?{_COUNT_NOUN}\b)",
    re.IGNORECASE,
)
_FREQUENCY_RE = re.compile(
    r"(?:,\s*|\s+|^)(?:(?:\d{1,2}|once|twice|one|two|three|four|five|six|seven)\s+(?:times?\s+)?"
    r"(?:a|per|each|every)\s+(?:day|week|morning|evening)|daily|weekly|every\s+(?:day|morning"
    r"|evening|night|other\s+day)|throughout\s+the\s+day)\b",
    re.IGNORECASE,
)
_FREQUENCY_ONLY_RE = re.compile(
    r"^\W*(?:(?:you\s+can\s+|try\s+to\s+|aim\s+to\s+)?(?:do|repeat|perform|practi[cs]e|try)"
    r"(?:\s+(?:this|it|these|them|the\s+(?:stretch|stretches|exercise|exercises|routine|move"
    r"|moves)))?(?:\s+(?:stretch|exercise|routine|sequence))?)?\W*$",
    re.IGNORECASE,
)
_SIDE_WORDS = r"(?:side|sides|leg|legs|arm|arms)"
_LIMB_WORDS = r"(?:leg|arm|foot|hand|knee|hip|shoulder)"
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
        # "Reach out an arm and the opposite leg." names a limb; it does not switch sides.
        (rf"(?<=\band\s)the(?=\s+(?:other|opposite)\s+{_LIMB_WORDS}\s*(?:[.,;!]|$))", "your"),
        (
            r"(?:\s*,)?\s+(?:before|and\s+then|then|and)\s+switching\s+(sides|legs|arms|feet)\b",
            r", then switch \1",
        ),
        (
            r"\b(?:then\s+)?(?:do|repeat)(?:\s+(?:it|this|the\s+(?:same|stretch|exercise|move"
            r"|movement|sequence)))?\s+(?:on|with|using)\s+(?:the|your)\s+(?:left|right|other"
            r"|opposite)(?:\s+(?:side|leg|arm|foot|hand|knee|hip))?\b",
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
    rf"\b(?:do\s+|perform\s+|complete\s+)?(?P<sets>{_NUMBER_WORDS})\s+sets?\s+of\s+"
    rf"(?P<reps>{_NUMBER_WORDS})(?:\s+(?:reps|repetitions|times))?\b",
    re.IGNORECASE,
)
_INLINE_REPS_RE = re.compile(
    rf"\s*,?\s+(?:for\s+)?(?P<count>{_NUMBER_WORDS})\s+(?:more\s+)?(?:slow\s+|controlled\s+)?"
    r"(?:times|reps|repetitions)(?=\s*(?:[.,;!]|$|on\s+each|each|per))",
    re.IGNORECASE,
)
_LEFTOVER_RE = re.compile(
    r"^\W*(?:(?:and|then)\s+)*(?:repeat|do|perform|complete|continue|keep\s+going"
    r"|continue\s+(?:like\s+this|breathing)|keep\s+breathing|do\s+(?:it|this|the\s+same)"
    r"(?:\s+again)?|repeat\s+(?:it|this|the\s+(?:stretch|exercise|move|movement|sequence)))\W*$",
    re.IGNORECASE,
)
_TIMING_WORDS_RE = re.compile(
    rf"\b{_NUMBER_WORDS}(?:\s*(?:-|\u2013|to)\s*{_NUMBER_WORDS})?\s*[-\s]?(?:seconds?|secs?"
    r"|minutes?|mins?|breaths?|times|reps|repetitions|counts?)\b|\bcount\s+of\b",
    re.IGNORECASE,
)


@dataclass
class _Timing:
    """What some text says about timing, and the text to speak without it."""

    text: str
    action: Action | None = None
    switch_sides: bool = False
    each_side: bool = False
    repetitions: int | None = None
    sets: int | None = None
    rest: float | None = None
    problems: list[str] = field(default_factory=list)

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
    low = phrases.parse_count(match.group("lo"))
    high = phrases.parse_count(match.group("hi"))
    if low is None or high is None:
        return match.group(0)
    return f"{min(low, high)}{match.group('tail')}"


def _tidy(text: str) -> str:
    """Spaces collapsed, stray punctuation trimmed, a capital first and a full stop last."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"^[\s,.;:-]+|[\s,;:-]+$", "", text)
    text = re.sub(r"(?:\s+(?:and|then|and then))+(?=[.!?]?$)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[,;:]+\s*([.!?])$", r"\1", text)
    if not any(char.isalnum() for char in text):
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _timing(text: str) -> _Timing:
    """The timing in one step's text (see the module docstring), and the words to speak."""
    rewritten = _COUNT_RANGE_RE.sub(_count_range, text)
    for pattern, replacement in _TIMING_REWRITES:
        rewritten = pattern.sub(replacement, rewritten)
    sets = _SETS_OF_RE.search(rewritten)
    set_count = rep_count = None
    if sets:
        set_count = phrases.parse_count(sets.group("sets"))
        rep_count = phrases.parse_count(sets.group("reps"))
        rewritten = _tidy(rewritten[: sets.start()] + rewritten[sets.end() :])
    parsed = phrases.parse_step_text(rewritten)
    timing = _Timing(
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
            spoken = _tidy(spoken[: match.start()] + spoken[match.end() :])
    if timing.found and _LEFTOVER_RE.match(spoken):
        spoken = ""
    timing.text = spoken if timing.found else text.strip()
    _settle(timing)
    _check_ranges(timing)
    return timing


def _settle(timing: _Timing) -> None:
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


def _check_ranges(timing: _Timing) -> None:
    """Leave out amounts a routine cannot hold, noting why."""
    action = timing.action
    if action is not None and action.kind is ActionKind.BREATHS:
        if action.count is not None and not _within(action.count, _BREATHS_RANGE):
            timing.problems.append(_outside(f"{action.count} breaths", _BREATHS_RANGE, ""))
            timing.action = None
    elif action is not None and action.seconds is not None:
        allowed = _HOLD_RANGE if action.kind is ActionKind.HOLD else _PAUSE_RANGE
        if not _within(action.seconds, allowed):
            said = f"a {action.kind.value} of {_number(action.seconds)} seconds"
            timing.problems.append(_outside(said, allowed, " seconds"))
            timing.action = None
    if timing.repetitions is not None and not _within(timing.repetitions, _REPS_RANGE):
        timing.problems.append(_outside(f"{timing.repetitions} repetitions", _REPS_RANGE, ""))
        timing.repetitions = None
    if timing.sets is not None and not _within(timing.sets, _SETS_RANGE):
        timing.problems.append(_outside(f"{timing.sets} sets", _SETS_RANGE, ""))
        timing.sets = None
    if timing.rest is not None and not _within(timing.rest, _REST_RANGE):
        timing.problems.append(_outside(f"a rest of {_number(timing.rest)} s", _REST_RANGE, " s"))
        timing.rest = None


def _within(value: float, allowed: tuple[float, float]) -> bool:
    """Whether ``value`` is finite and within ``allowed``."""
    return math.isfinite(value) and allowed[0] <= value <= allowed[1]


def _outside(said: str, allowed: tuple[float, float], unit: str) -> str:
    """ "a hold of 900 seconds is outside 1 to 600 seconds, so it was left out"."""
    low, high = _number(allowed[0]), _number(allowed[1])
    return f"{said} is outside {low} to {high}{unit}, so it was left out"


def _number(value: float) -> int | float:
    """``30`` rather than ``30.0``."""
    return int(value) if float(value).is_integer() else value


def _label_timing(label: _Label) -> _Timing:
    """Timing given by a label: "Hold: 30 seconds", "Reps: 8-12 per side", "Sets: 2"."""
    text = label.rest
    low = re.match(
        rf"\s*({_NUMBER_WORDS})\s*(?:-|\u2013|\u2014|to)\s*{_NUMBER_WORDS}\b", text, re.I
    )
    first = text if low is None else low.group(1) + text[low.end() :]
    timing = _Timing("")
    count = _leading_count(first)
    seconds = phrases.parse_duration(text)
    name = label.name.split()[0]
    if name in ("reps", "repetitions"):
        timing.repetitions = count
    elif name == "sets":
        timing.sets = count
    elif name == "breaths" or re.search(r"\bbreaths?\b", text, re.I):
        if count is not None:
            timing.action = Action(ActionKind.BREATHS, count=count)
    elif name == "rest":
        timing.rest = seconds
    elif seconds is not None:
        timing.action = Action(ActionKind.HOLD, seconds=seconds)
    timing.each_side = bool(re.search(rf"\b(?:each|per|both)\s+{_SIDE_WORDS}\b", text, re.I))
    _check_ranges(timing)
    return timing


def _leading_count(text: str) -> int | None:
    """The whole number at the start of ``text``."""
    match = re.match(rf"\s*({_NUMBER_WORDS})\b", text, re.IGNORECASE)
    return phrases.parse_count(match.group(1)) if match else None


# --- sections and exercises ------------------------------------------------------------------


@dataclass
class _Step:
    """A step of an exercise as it will be written."""

    text: str
    line: int
    original: str
    action: Action | None = None
    switch_sides: bool = False
    instructive: bool = False  # an imperative body instruction, or timed


@dataclass
class _Exercise:
    """An exercise found in the article."""

    name: str
    line: int
    steps: list[_Step] = field(default_factory=list)
    two_sided: bool = False
    repetitions: int | None = None
    hold: float | None = None
    breaths: int | None = None
    sets: int | None = None
    rest: float | None = None
    notes: list[str] = field(default_factory=list)  # article lines that only set sides/reps

    def timed(self) -> bool:
        """Whether the article gives any timing for this exercise."""
        return any(step.action for step in self.steps) or (self.repetitions or 1) > 1


@dataclass
class _Candidate:
    """A piece of text that might be a step, and where it came from."""

    text: str
    line: int
    source: str  # "howto", "numbered", "bullet" or "prose"


@dataclass
class _Section:
    """A heading and what follows it, up to the next heading."""

    heading: _Block | None
    index: int
    blocks: list[_Block] = field(default_factory=list)
    parent: _Section | None = None  # the section of the nearest higher-level heading


@dataclass
class _Draft:
    """What a section would give as an exercise, and whether it qualifies."""

    section: _Section
    exercise: _Exercise
    structured: bool  # steps from numbered lists or a "How to do it" block
    excluded: str  # why the heading does not name an exercise ("" when it does)

    @property
    def instructive(self) -> bool:
        """At least one imperative body instruction or timing."""
        ex = self.exercise
        return bool(ex.steps) and (
            any(step.instructive for step in ex.steps) or ex.two_sided or ex.timed()
        )


@dataclass
class _Warning:
    """A safety sentence, where it was found, and whether a label or heading marked it."""

    text: str
    line: int
    section: int
    labelled: bool


class _Importer:
    """Finds exercises, steps, timing and warnings in an article's blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[tuple[int, str]] = []
        self.safety: list[_Warning] = []

    def warn(self, line: int, text: str, reason: str) -> None:
        """Record one ``source:line: skipped '...': reason`` warning."""
        message = f"{self.source}:{line}: skipped '{_quote(text)}': {reason}"
        if (line, message) not in self.warnings:
            self.warnings.append((line, message))

    # --- sections ---------------------------------------------------------------------------

    @staticmethod
    def sections(blocks: list[_Block]) -> tuple[str, list[_Section]]:
        """The title and the sections (the first one is the title's own)."""
        title = ""
        sections = [_Section(None, 0)]
        for block in blocks:
            if block.kind == "blank":
                continue
            if not title:
                title, block_left = _split_title(block)
                if block_left is None:
                    continue
                block = block_left
            if block.kind == "heading":
                parent = next(
                    (
                        section
                        for section in reversed(sections[1:])
                        if section.heading is not None and section.heading.level < block.level
                    ),
                    None,
                )
                sections.append(_Section(block, len(sections), parent=parent))
            else:
                sections[-1].blocks.append(block)
        return title, sections

    def draft(self, section: _Section, name: str | None = None) -> _Draft | None:
        """The exercise a section would give (None for sections that cannot be one)."""
        heading = section.heading
        if heading is not None and heading.noise:
            return None
        safety_section = heading is not None and bool(_SAFETY_HEADING_RE.search(heading.text))
        candidates, labels, structured = self.candidates(section, safety_section)
        if safety_section:
            return None
        name = heading.text if heading is not None else name
        if name is None:
            return None
        name, heading_timing = _name_and_timing(name)
        exercise = _Exercise(name, heading.line if heading else 1)
        if heading is not None and (heading_timing.found or heading_timing.rest is not None):
            exercise.notes.append(f"line {heading.line}: {_quote(heading.text, 100)}")
        _apply(exercise, heading_timing, whole_exercise=True)
        for line, label, timing in labels:
            exercise.notes.append(f"line {line}: {_quote(label.name.capitalize())}: {label.rest}")
            _apply(exercise, timing, whole_exercise=True)
        for candidate in candidates:
            step = self.step(candidate, exercise)
            if step is not None:
                exercise.steps.append(step)
        _finish(exercise)
        return _Draft(section, exercise, structured, _excluded(section))

    def reject(self, draft: _Draft) -> None:
        """Warn about the instructions of a section that did not become an exercise."""
        heading = draft.section.heading
        if heading is None or not draft.excluded:
            return
        reason = f"under '{_quote(heading.text, 40)}', which is not an exercise ({draft.excluded})"
        for step in draft.exercise.steps:
            if step.instructive:
                self.warn(step.line, step.original, reason)

    def candidates(
        self, section: _Section, safety_section: bool
    ) -> tuple[list[_Candidate], list[tuple[int, _Label, _Timing]], bool]:
        """The texts that may be steps (in order), timing from labels, and whether the steps
        come from numbered lists or "How to do it" blocks."""
        structured: list[_Candidate] = []
        loose: list[_Candidate] = []
        labels: list[tuple[int, _Label, _Timing]] = []
        scope: _Label | None = None
        scope_whole = False  # the label was a heading: it lasts until the next label
        blocks = section.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind == "blank":
                index += 1
                continue
            if block.kind == "label" and block.label is not None:
                index += 1
                if block.label.kind == "timing":
                    labels.append((block.line, block.label, _label_timing(block.label)))
                elif block.text:
                    self.unit([block], block.label.kind, section, structured, loose, safety_section)
                    scope = None
                else:
                    scope, scope_whole = block.label, block.from_heading
                continue
            unit, index = _unit(blocks, index)
            kind = scope.kind if scope is not None else "normal"
            self.unit(unit, kind, section, structured, loose, safety_section)
            if not scope_whole:
                scope = None
        if not structured:
            return loose, labels, False
        for candidate in loose:
            if candidate.source == "prose":
                self.note_skipped(candidate, "commentary beside the numbered steps")
        kept = [c for c in loose if c.source != "prose"]
        return sorted(structured + kept, key=lambda c: c.line), labels, True

    def unit(
        self,
        unit: list[_Block],
        scope: str,
        section: _Section,
        structured: list[_Candidate],
        loose: list[_Candidate],
        safety_section: bool,
    ) -> None:
        """Sort one paragraph or list into steps, warnings and text to leave out."""
        instructive_list = any(
            block.kind == "item" and _instruction_like(block.text) for block in unit
        )
        for block in unit:
            if block.kind == "item":
                label = _label(block.text)
                if label is not None and label.kind == "timing":
                    continue
                if label is not None and label.kind != "howto":
                    para = _Block("para", block.line, label.rest)
                    self.unit([para], label.kind, section, structured, loose, safety_section)
                    continue
                pieces = [_Line(label.rest if label is not None else block.text, block.line)]
            else:
                pieces = _sentences(block.text, block.parts)
            for piece in pieces:
                candidate = self.piece(piece, block, scope, section, safety_section)
                if candidate is None:
                    continue
                if candidate.source == "bullet" and not instructive_list:
                    continue
                is_structured = candidate.source in ("numbered", "howto")
                (structured if is_structured else loose).append(candidate)

    def piece(
        self, piece: _Line, block: _Block, scope: str, section: _Section, safety_section: bool
    ) -> _Candidate | None:
        """One sentence or list item: a candidate step, or None (kept as a warning, or left
        out)."""
        text = piece.text
        if not text or _is_noise(text):
            return None
        if scope == "warning" or (safety_section and _is_warning(text)):
            self.safety.append(_Warning(text, piece.line, section.index, labelled=True))
            return None
        if _is_warning(text):
            self.safety.append(_Warning(text, piece.line, section.index, labelled=False))
            return None
        if scope == "skip" or safety_section:
            return None
        if scope == "howto":
            source = "howto"
        elif block.kind == "item":
            source = "numbered" if block.marker in ("num", "step") else "bullet"
        else:
            source = "prose"
        candidate = _Candidate(text, piece.line, source)
        if block.kind != "item" and not _instruction_like(text):
            if source == "prose" and _unused_timing(text):
                reason = "timing in a sentence that is not an instruction"
                self.note_skipped(candidate, reason, always=True)
            return None
        return candidate

    def note_skipped(self, candidate: _Candidate, reason: str, *, always: bool = False) -> None:
        """Warn about a sentence left out, if it looked like an instruction."""
        if always or _instruction_like(candidate.text, body_only=True):
            self.warn(candidate.line, candidate.text, reason)

    # --- steps ------------------------------------------------------------------------------

    def step(self, candidate: _Candidate, exercise: _Exercise) -> _Step | None:
        """A step from one candidate text; sides and repetitions go to ``exercise``."""
        text = candidate.text
        frequency = _FREQUENCY_RE.search(text)
        if frequency:
            text = _tidy(text[: frequency.start()] + text[frequency.end() :])
            if _FREQUENCY_ONLY_RE.match(text):
                self.warn(candidate.line, candidate.text, "says how often, not what to do")
                return None
        timing = _timing(text)
        _apply(exercise, timing)
        keep = bool(timing.text or timing.action or timing.switch_sides)
        for problem in timing.problems:
            rest = "; the step keeps its other words" if keep else ""
            self.warn(candidate.line, candidate.text, problem + rest)
        if timing.text and not (timing.found or timing.problems) and _has_timing_words(timing.text):
            self.warn(
                candidate.line,
                candidate.text,
                "its timing was not understood (the words stay in the spoken step); add "
                "'hold:', 'breaths:' or 'repetitions:' by hand",
            )
        if not keep:  # only "on each side" / "10 times": the exercise has it now
            exercise.notes.append(f"line {candidate.line}: {_quote(candidate.text, 100)}")
            return None
        instructive = timing.found or _imperative(candidate.text) == "body"
        return _Step(
            text=timing.text,
            line=candidate.line,
            original=candidate.text,
            action=timing.action,
            switch_sides=timing.switch_sides,
            instructive=instructive,
        )


def _excluded(section: _Section) -> str:
    """Why a section's heading does not name one exercise ("" when it may)."""
    heading = section.heading
    if heading is None:
        return ""
    name = _NAME_PREFIX_RE.sub("", heading.text)
    if _NOT_EXERCISE_HEADING_RE.search(name):
        return "it names a group or advice"
    if _ADVICE_VERB_RE.match(name) and not _EXERCISE_NOUNS_RE.search(name):
        return "it gives advice"
    parent = section.parent
    while parent is not None and parent.heading is not None:
        group = parent.heading.text
        if _ADVICE_GROUP_RE.search(group) and not _EXERCISE_GROUP_RE.search(group):
            return f"it is listed under '{_quote(group, 40)}'"
        parent = parent.parent
    return ""


def _split_title(block: _Block) -> tuple[str, _Block | None]:
    """The routine title from the article's first block, and what is left of that block."""
    if block.kind == "heading":
        return _uncapitalise(block.text), None
    if block.kind != "para":
        return "Imported routine", block
    if len(block.parts) > 1:
        split = block.parts[1][0]
        rest = _Block("para", block.parts[1][1], block.text[split:].strip(), end=block.end)
        rest.parts = [(offset - split, line) for offset, line in block.parts[1:]]
        rest.parts[0] = (0, rest.parts[0][1])
        return _short_title(block.text[:split]), rest
    words = block.text.split()
    if len(words) <= 16:
        return _short_title(block.text), None
    return _short_title(block.text), block


def _short_title(text: str) -> str:
    """A title of at most a dozen words."""
    words = " ".join(text.split()).rstrip(":").split()
    return " ".join(words) if len(words) <= 16 else " ".join(words[:12]) + "..."


def _apply(exercise: _Exercise, timing: _Timing, *, whole_exercise: bool = False) -> None:
    """Sides, repetitions and sets for the exercise; with ``whole_exercise`` (labels and
    headings) also its hold, breaths and rest."""
    if timing.switch_sides or timing.each_side:
        exercise.two_sided = True
    if timing.repetitions is not None and exercise.repetitions is None:
        exercise.repetitions = timing.repetitions
    if timing.sets is not None and exercise.sets is None:
        exercise.sets = timing.sets
    if not whole_exercise:
        return
    if timing.rest is not None and exercise.rest is None:
        exercise.rest = timing.rest
    action = timing.action
    if action is None:
        return
    if action.kind is ActionKind.BREATHS and action.count is not None:
        exercise.breaths = exercise.breaths or action.count
    elif action.kind is ActionKind.HOLD and action.seconds is not None:
        exercise.hold = exercise.hold or action.seconds


def _finish(exercise: _Exercise) -> None:
    """Apply a hold or breaths the article gives for the whole exercise ("Hold: 30 seconds").

    Steps that say "hold" without an amount get it; if no step has a timed action at all, the
    last step gets it.
    """
    steps = exercise.steps
    for index, step in enumerate(steps):
        action = step.action
        if action is None:
            continue
        if action.kind is ActionKind.HOLD and action.seconds is None and exercise.hold:
            steps[index].action = Action(ActionKind.HOLD, seconds=exercise.hold)
        elif action.kind is ActionKind.BREATHS and action.count is None and exercise.breaths:
            steps[index].action = Action(ActionKind.BREATHS, count=exercise.breaths)
    if not steps or any(step.action for step in steps):
        return
    if exercise.hold is not None:
        steps[-1].action = Action(ActionKind.HOLD, seconds=exercise.hold)
    elif exercise.breaths is not None:
        steps[-1].action = Action(ActionKind.BREATHS, count=exercise.breaths)


def _quote(text: str, limit: int = _MAX_QUOTE) -> str:
    """An article line shortened for a message, on one line."""
    text = " ".join(text.split()).replace("'", "\u2019")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _has_timing_words(text: str) -> bool:
    """Whether ``text`` mentions an amount of seconds, minutes, breaths or repetitions."""
    return bool(_TIMING_WORDS_RE.search(text))


def _unused_timing(text: str) -> bool:
    """Timing that would be recognised, in a sentence that is not quoted speech."""
    return _has_timing_words(text) and _timing(text).found and not _QUOTED_RE.search(text)


def _instruction_like(text: str, *, body_only: bool = False) -> bool:
    """An imperative (body) instruction, or text with recognised timing in it."""
    kind = _imperative(text)
    if kind == "body" or (kind == "generic" and not body_only):
        return True
    return bool(_TIMING_WORDS_RE.search(text)) and _timing(text).found


def _unit(blocks: list[_Block], index: int) -> tuple[list[_Block], int]:
    """A paragraph, or a whole list (items with blank lines between), from ``index`` on."""
    block = blocks[index]
    if block.kind != "item":
        return [block], index + 1
    unit = [block]
    index += 1
    while index < len(blocks):
        following = index
        while following < len(blocks) and blocks[following].kind == "blank":
            following += 1
        if following == len(blocks) or blocks[following].kind != "item":
            break
        unit.append(blocks[following])
        index = following + 1
    return unit, index


_NAME_PREFIX_RE = re.compile(
    r"^(?:(?:exercise|stretch|move|pose|no\.?|number|part|day)\s*)?#?\d{1,2}\s*[:.)\-\u2013\u2014]"
    r"\s*|^(?:exercise|stretch|move)\s+#?\d{1,2}\s+",
    re.IGNORECASE,
)
_HOW_TO_RE = re.compile(r"^how\s+to\s+(?:do|perform|try)?\s*(?:(?:a|an|the)\s+)?", re.IGNORECASE)


def _name_and_timing(heading: str) -> tuple[str, _Timing]:
    """An exercise name from its heading, and any timing the heading adds ("(30 s each side)")."""
    name = _NAME_PREFIX_RE.sub("", heading.strip())
    name = _HOW_TO_RE.sub("", name).strip() or name
    timing = _Timing("")
    for match in list(re.finditer(r"\(([^()]*)\)", name)):
        found = _timing(match.group(1))
        if not found.found:
            found = _label_timing(_Label("timing", "hold", match.group(1)))
        if found.found or found.rest is not None:
            timing = found
            name = name.replace(match.group(0), " ")
    parts = re.split(r"\s+[-\u2013\u2014|]\s+|:\s+", name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        found = _timing(parts[1])
        if not found.found:
            found = _label_timing(_Label("timing", "hold", parts[1]))
        if found.found:
            timing, name = found, parts[0]
    name = _uncapitalise(" ".join(name.split()).strip(" :-\u2013\u2014"))
    if name:
        name = name[0].upper() + name[1:]
    return name, timing


def _uncapitalise(text: str) -> str:
    """ "PELVIC TILT" as "Pelvic Tilt" (all-capital headings read badly); other text as is."""
    if text != text.upper() or not re.search(r"[A-Z]{4}", text):
        return text
    words = text.split()
    return " ".join(
        word.lower() if index and word.lower() in _SMALL_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )


# --- YAML ------------------------------------------------------------------------------------


def _scalar(text: str) -> str:
    """``text`` as one YAML scalar on one line: plain when that is safe, quoted otherwise."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=False)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if "\n" not in dumped and _loads_as(dumped, text):
        return dumped
    return _double_quoted(text)


def _loads_as(dumped: str, text: str) -> bool:
    """Whether ``dumped`` reads back as ``text``."""
    try:
        return bool(yaml.safe_load(dumped) == text)
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that escapes everything outside printable ASCII."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _folded(key: str, text: str) -> list[str]:
    """``key: text``, as a folded block over several lines when it is long."""
    lines = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
    simple = text == " ".join(text.split()) and len(lines) > 1
    if not simple or any(line.startswith(("#", " ")) for line in lines):
        return [f"{key}: {_scalar(text)}"]
    return [f"{key}: >-", *(f"  {line}" for line in lines)]


def _comment(text: str) -> str:
    """Text that is safe inside a YAML comment (one line, printable)."""
    return " ".join(_UNPRINTABLE_RE.sub(" ", text).split())


@dataclass
class _DefaultsUsed:
    """How many steps take their amount from the routine's defaults."""

    hold: int = 0
    breaths: int = 0
    pause: int = 0


def _defaults_used(exercises: list[_Exercise]) -> _DefaultsUsed:
    """Count the steps whose amount comes from the defaults."""
    used = _DefaultsUsed()
    for exercise in exercises:
        for step in exercise.steps:
            action = step.action
            if action is None:
                continue
            if action.kind is ActionKind.HOLD and action.seconds is None:
                used.hold += 1
            elif action.kind is ActionKind.BREATHS and action.count is None:
                used.breaths += 1
            elif action.kind is ActionKind.PAUSE and action.seconds is None:
                used.pause += 1
    return used


def _write(source: str, title: str, intro: str, exercises: list[_Exercise]) -> str:
    """The routine file."""
    builtin = Settings()
    used = _defaults_used(exercises)
    lines = [
        f"# Imported from {_comment(source)} by 'stretchaudio import'.",
        "# Review it before you build it: check each exercise's name, steps, holds, breaths,",
        "# sides and repetitions against the article. Above each step whose timing was",
        "# recognised is the article line it came from. Values marked 'default applied' are",
        "# not in the article.",
        f"title: {_scalar(title)}",
    ]
    if intro:
        lines.extend(_folded("intro", intro))
    lines.append("# Used wherever the article gives no amount; command-line flags override them.")
    lines.append("defaults:")
    applied = "# default applied: the article gives no"
    if used.hold:
        lines.append(f"  hold: {_number(builtin.hold)}  {applied} duration ({_times(used.hold)})")
    if used.breaths:
        count = _times(used.breaths)
        lines.append(f"  breaths: {builtin.breaths}  {applied} number of breaths ({count})")
    if used.pause:
        count = _times(used.pause)
        lines.append(f"  step_pause: {_number(builtin.step_pause)}  {applied} duration ({count})")
    lines.append(f"  rest: {_number(builtin.rest)}  {applied} rest between exercises")
    lines.append("exercises:")
    for exercise in exercises:
        lines.extend(_write_exercise(exercise))
    return "\n".join(lines) + "\n"


def _times(count: int) -> str:
    """ "1 step" / "3 steps"."""
    return f"{count} step" if count == 1 else f"{count} steps"


def _write_exercise(exercise: _Exercise) -> list[str]:
    """One exercise as YAML lines."""
    lines = [f"  - name: {_scalar(exercise.name)}"]
    lines.extend(f"    # {_comment(note)}" for note in exercise.notes)
    if exercise.two_sided:
        lines.append("    sides: both")
    if exercise.repetitions is not None:
        lines.append(f"    repetitions: {exercise.repetitions}")
    if exercise.sets is not None:
        lines.append(f"    sets: {exercise.sets}")
    if exercise.rest is not None:
        lines.append(f"    rest: {_number(exercise.rest)}")
    if not exercise.timed():
        lines.append("    # the article gives no hold, breaths or repetitions for this exercise;")
        lines.append("    # each step is followed by a short pause (add 'hold: 30' to a step)")
    lines.append("    steps:")
    for step in exercise.steps:
        lines.extend(_write_step(step))
    return lines


def _write_step(step: _Step) -> list[str]:
    """One step: plain text, or a mapping with explicit timing keys."""
    lines: list[str] = []
    if step.text != step.original.strip():
        lines.append(f"      # line {step.line}: {_comment(_quote(step.original, 100))}")
    if step.action is None and not step.switch_sides:
        return [*lines, f"      - {_scalar(step.text)}"]
    keys: list[str] = []
    if step.text:
        keys.append(f"text: {_scalar(step.text)}")
    action = step.action
    if action is not None:
        if action.kind is ActionKind.BREATHS:
            amount = "true" if action.count is None else str(action.count)
        else:
            amount = "true" if action.seconds is None else str(_number(action.seconds))
        keys.append(f"{action.kind.value}: {amount}")
    if step.switch_sides:
        keys.append("switch_sides: true")
    lines.append(f"      - {keys[0]}")
    lines.extend(f"        {key}" for key in keys[1:])
    return lines


# --- the public functions -------------------------------------------------------------------


def _dedupe_names(exercises: list[_Exercise]) -> None:
    """Give every exercise a name of its own (the loader needs distinct slugs)."""
    seen: set[str] = set()
    for number, exercise in enumerate(exercises, start=1):
        name = exercise.name or f"Exercise {number}"
        candidate, suffix = name, 2
        while slugify(candidate) in seen:
            candidate, suffix = f"{name} ({suffix})", suffix + 1
        seen.add(slugify(candidate))
        exercise.name = candidate


def _intro(warnings: list[_Warning], last_exercise: int) -> str:
    """The spoken intro: the safety sentences, condensed, without repeats."""
    chosen: list[str] = []
    seen: set[str] = set()
    for warning in sorted(warnings, key=lambda warning: warning.line):
        if not (warning.labelled or warning.section <= last_exercise):
            continue
        text = _condense_warning(warning.text)
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        chosen.append(text)
        if len(chosen) == _MAX_INTRO_SENTENCES:
            break
    return " ".join(chosen)


def _choose(drafts: list[_Draft], title_draft: _Draft | None) -> list[_Draft]:
    """The drafts that become exercises.

    Sections whose heading names an exercise and that give instructions; failing that, the
    article's title section (an article about one exercise); failing that, sections with
    numbered steps even under a group heading ("Morning stretches").
    """
    chosen = [d for d in drafts if d.instructive and not d.excluded]
    if chosen:
        return chosen
    if title_draft is not None and title_draft.instructive:
        return [title_draft]
    return [d for d in drafts if d.instructive and d.structured]


def import_article(text: str, source: str = "<article>") -> ImportResult:
    """Read a plain-text or Markdown article and write it as a routine (see the module doc).

    Raises :class:`~stretchaudio.errors.RoutineError` when the article is too long or has no
    exercise at all.
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise RoutineError(
            f"{source} is longer than {MAX_ARTICLE_CHARS} characters, more than an article "
            "can be; check that this is the right file"
        )
    lines = _strip_front_matter(_clean_text(text)).split("\n")
    blocks = _Reader().read(lines)
    strong = sum(1 for block in blocks if block.kind == "heading" and block.strong)
    blocks = _find_headings(blocks, plain_text=strong < 2)
    importer = _Importer(source)
    title, sections = importer.sections(blocks)
    drafts = [d for d in (importer.draft(section) for section in sections[1:]) if d is not None]
    title_name = _HOW_TO_RE.sub("", title).strip() or title or "Exercise"
    title_draft = importer.draft(sections[0], name=title_name)
    chosen = _choose(drafts, title_draft)
    if not chosen:
        raise RoutineError(
            f"no exercises found in {source}: expected headings or numbered steps with "
            "instructions such as 'Lie on your back' or 'Hold for 30 seconds' (exercise names "
            "as headings or numbered titles, each followed by numbered or bulleted steps, a "
            "'How to do it:' block or a paragraph of instructions)"
        )
    chosen_ids = {id(draft) for draft in chosen}
    for draft in drafts:
        if id(draft) not in chosen_ids:
            importer.reject(draft)
    exercises = [draft.exercise for draft in chosen]
    _dedupe_names(exercises)
    intro = _intro(importer.safety, max(draft.section.index for draft in chosen))
    routine_yaml = _write(source, title or "Imported routine", intro, exercises)
    routines = load_routines_text(routine_yaml, f"{source} (imported)")
    warnings = [message for _, message in sorted(importer.warnings, key=lambda w: w[0])]
    return ImportResult(routine_yaml, warnings, routines[0])


def import_file(path: Path | str) -> ImportResult:
    """Import the article in the file at ``path`` (its path is the source in messages)."""
    where = Location(str(path))
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(MAX_ARTICLE_CHARS * 4 + 1)  # bounded, even for /dev/zero
    except FileNotFoundError:
        raise RoutineError("no such file; check the path and spelling", where) from None
    except IsADirectoryError:
        raise RoutineError("this is a folder; give the path of an article file", where) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise RoutineError(f"cannot read the file ({reason}); check the path", where) from None
    if b"\x00" in data:
        raise RoutineError(
            "this looks like a binary file, not an article (it contains NUL "
            "bytes); give a plain-text or Markdown file",
            where,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RoutineError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start} cannot be read); save it as UTF-8",
            where,
        ) from None
    return import_article(text, str(path))


_FRONT_MATTER_RE = re.compile(r"\A---\n(?:.*\n){0,200}?(?:---|\.\.\.)\n")


def _strip_front_matter(text: str) -> str:
    """Markdown front matter (``---`` ... ``---`` at the top) blanked, keeping line numbers."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


_EXERCISES_KEY_RE = re.compile(r"^(?:-\s+)?exercises\s*:", re.MULTILINE)


def looks_like_article(text: str) -> bool:
    """Whether ``text`` is an article to import rather than a routine YAML file.

    A routine file has an ``exercises:`` key at the start of a line, or is YAML whose documents
    are all mappings (or lists of them), one with a ``title``. Anything else with some text in
    it is taken for an article. Empty text is not an article.
    """
    if not text.strip() or _EXERCISES_KEY_RE.search(text):
        return False
    try:
        documents = list(_first_documents(text))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return True
    if not documents:
        return True
    structured = all(isinstance(doc, dict | list) or doc is None for doc in documents)
    return not (structured and any(_has_title(doc) for doc in documents))


def _has_title(document: object) -> bool:
    """Whether a parsed YAML document is (or lists) a mapping with a ``title``."""
    items = document if isinstance(document, list) else [document]
    return any(isinstance(item, dict) and "title" in item for item in items)


def _first_documents(text: str, limit: int = 20) -> Iterator[object]:
    """Up to ``limit`` parsed YAML documents of ``text``."""
    for count, document in enumerate(yaml.safe_load_all(text)):
        if count >= limit:
            return
        yield document
