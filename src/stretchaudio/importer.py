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
  and "20–30 seconds" are 20 s, "1-2 minutes" 60 s, "3-5 times" and "three to five reps" are
  3 repetitions, "3-5 breaths" 3 breaths. This is the rule :mod:`stretchaudio.phrases` applies
  to durations, extended here to counts.
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
``source:line: skipped '...': reason`` (or ``kept '...'`` when the words stay in a step).
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from . import phrases
from .errors import RoutineError
from .model import Action, ActionKind, Routine
from .naming import slugify
from .planner import Settings
from .routine import load_routines_text

__all__ = [
    "MAX_ARTICLE_CHARS",
    "ImportResult",
    "import_article",
    "import_command_output",
    "looks_like_article",
]

MAX_ARTICLE_CHARS = 2_000_000
"""Longer text is not an article; :func:`import_article` refuses it."""

_MAX_INTRO_SENTENCES = 5
_MAX_QUOTE = 70  # characters of an article line quoted in a warning or comment

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
        r"^by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*[,|].{0,60})?$",
        r"^(?:last\s+)?(?:updated|reviewed)\s*:?\s+\w+\s+\d",
        r"^\d+\s*(?:min(?:ute)?s?)\s+read$",
        r"^https?://\S+$|^www\.\S+$",
        r"^activity\s+[A-Za-z]+$",
        r"^(?:play|watch)(?:\s+(?:video|now))?$",
        r"^(?:next|previous)\s+(?:article|story|slide|page)\b",
    )
)


def _is_noise(text: str) -> bool:
    """Whether a line is page furniture rather than article content."""
    return any(pattern.search(text) for pattern in _NOISE_RES)


# --- labels ----------------------------------------------------------------------------------

_LABEL_KINDS: tuple[tuple[str, str], ...] = (
    (
        "howto",
        r"how\s+to\s+(?:do|perform|try)\s+(?:it|this|them|the\s+(?:stretch|exercise|move|pose))"
        r"|how\s+to\s+(?:do|perform)\s+it\s+right|how\s+to|how\s+it'?s\s+done|instructions?"
        r"|directions?|steps?|method|technique|what\s+to\s+do|the\s+move|do\s+it"
        r"|starting\s+position|start(?:ing)?\s+point|set[-\s]?up|get\s+into\s+position"
        r"|movement|action|execution",
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
        r"hold(?:\s+(?:time|for))?|duration|time|reps|repetitions|sets|breaths|rest"
        r"|hold\s+time",
    ),
)
_LABEL_RES = tuple(
    (kind, re.compile(rf"^(?P<label>{pattern})\s*(?::|\s[-\u2013\u2014])\s*(?P<rest>.*)$", re.I))
    for kind, pattern in _LABEL_KINDS
)
_LABEL_ALONE_RES = tuple(
    (kind, re.compile(rf"^(?P<label>{pattern})\s*[:.]?$", re.I)) for kind, pattern in _LABEL_KINDS
)


def _label(text: str) -> tuple[str, str] | None:
    """``(kind, rest)`` when ``text`` starts with a label such as "Tip:" or "How to do it:"."""
    for kind, pattern in _LABEL_ALONE_RES:
        if pattern.match(text) and kind != "timing":
            return kind, ""
    for kind, pattern in _LABEL_RES:
        match = pattern.match(text)
        if match:
            return kind, match.group("rest").strip()
    return None


# --- words: imperative verbs, exercise names --------------------------------------------------

_BODY_VERBS = frozenset(
    """
    sit stand lie lay kneel place put extend straighten lean reach pull push bend hold keep
    lift raise lower bring press rotate turn twist breathe inhale exhale step squeeze tighten
    engage relax release return rest stay pause remain switch swap start begin come move roll
    slide draw hug clasp grab grasp hinge tuck arch round curl drop sink shift tilt cross open
    spread flex point stretch walk march squat lunge plant position assume align gaze look face
    hook loop wrap interlace interlock rock sway swing circle fold bow balance stack settle
    support grip tap kick glide pivot reverse alternate shrug nod float sweep scoot shuffle
    brace hover clench contract dip elevate hang jump lengthen lunge cup pinch repeat slump
    """.split()
)
_GENERIC_VERBS = frozenset(
    """
    do perform complete try make be avoid use continue go get allow let feel notice take aim
    focus imagine count work maintain find don't never hop
    """.split()
)
_LEAD_WORDS_RE = re.compile(
    r"^(?:(?:now|then|next|finally|also|again|so|and|slowly|gently|carefully|simply|just|first"
    r"|firstly|second|secondly|third|lastly|afterwards?|after\s+that|still|softly|smoothly"
    r"|steadily|quickly|carefully|to\s+(?:begin|start|finish)|from\s+here|from\s+there"
    r"|once\s+there|here|at\s+the\s+same\s+time|meanwhile|while\s+(?:doing\s+)?(?:so|this)"
    r"|try\s+to|be\s+sure\s+to|make\s+sure\s+(?:to|that\s+you)|remember\s+to|continue\s+to"
    r"|you\s+(?:should|can|will|want\s+to|need\s+to)\s+now)\b\s*,?\s*)+",
    re.IGNORECASE,
)
# A lead-in before the comma: "With your right foot planted, gently pull ..."
_LEAD_IN_WORDS = frozenset(
    """
    with keeping holding from while as once when using without starting placing lying sitting
    standing kneeling on in at after before to for maintaining facing leaning bending resting
    supporting bracing engaging still gently slowly now then next finally again if_not
    staying remaining pressing reaching pulling turning rotating
    """.split()
)
_SUBORDINATE = frozenset("until so when if as that while where because and to with than".split())
_FINITE = frozenset(
    """
    is are was were can could may might will would should shouldn't can't won't isn't aren't
    does doesn't did has have had helps help causes means makes gives takes keeps targets
    works stretches relieves improves reduces feels looks
    """.split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")


def _imperative(sentence: str) -> str | None:
    """"body" or "generic" when ``sentence`` reads as an instruction, else None.

    The first word (after lead words such as "Slowly" or "Then,") must be a verb from the
    lists above; or a short lead-in phrase ends at a comma and the verb follows it.
    """
    text = sentence.strip().lstrip("\"'\u201c\u2018([")
    kind = _verb_kind(_LEAD_WORDS_RE.sub("", text))
    if kind is not None:
        return kind
    comma = text.find(",")
    if comma <= 0:
        return None
    head = _WORD_RE.findall(text[:comma])
    if not head or len(head) > 8 or head[0].lower() not in _LEAD_IN_WORDS:
        return None
    return _verb_kind(_LEAD_WORDS_RE.sub("", text[comma + 1 :].strip()))


def _verb_kind(text: str) -> str | None:
    """The kind of verb ``text`` starts with, if it reads as an instruction."""
    match = _WORD_RE.match(text)
    if not match:
        return None
    word = match.group(0).lower()
    after = text[match.end() : match.end() + 1]
    if after == "-" or (word in {"do", "don't"} and re.match(r"(?i)do\s+not\b", text)):
        word = "don't" if after != "-" else word + "-"
    if word not in _BODY_VERBS and word not in _GENERIC_VERBS:
        return None
    words = [w.lower() for w in _WORD_RE.findall(text)[:6]]
    for later in words[1:5]:
        if later in _SUBORDINATE:
            break
        if later in _FINITE:
            return None  # "Lower back pain is common": a statement, not an instruction
    if word in {"don't", "never"}:
        nxt = words[1] if len(words) > 1 and word == "never" else (words[2:3] or [""])[0]
        if word == "don't" and len(words) > 1 and words[1] != "not":
            nxt = words[1]
        return "body" if nxt in _BODY_VERBS else "generic"
    return "body" if word in _BODY_VERBS else "generic"


_EXERCISE_NOUNS_RE = re.compile(
    r"\b(?:stretch|pose|bridges?|twists?|raises?|curls?|rotations?|tilts?|squats?|lunges?"
    r"|planks?|dogs?|cat|cow|fold|rolls?|press|presses|march|slides?|kicks?|crunch(?:es)?"
    r"|extensions?|flexion|circles?|reach(?:es)?|hug|child'?s|cobra|sphinx|pigeon|butterfly"
    r"|hurdler|clamshells?|clams?|superman|dead\s+bug|windmills?|opener|glides?|sit-ups?"
    r"|push-ups?|pull-ups?|shrugs?|tucks?|swings?|walks?|angels?|salute|warrior|sweeps?"
    r"|needle|figure[-\s]?(?:four|4)|hamstrings?|quads?|quadriceps|calf|calves|hip\s+flexors?"
    r"|piriformis|glutes?|lats?|neck|shoulders?|chest|spine|spinal|lumbar|thoracic|back"
    r"|hips?|knees?|ankles?|wrists?|groin|adductors?|it\s+band|lift|lifts|hold|holds"
    r"|mobili[sz]ation|release|drill|exercise|stretching|yoga|pilates|bird[-\s]dogs?"
    r"|wall|floor|seated|standing|lying|supine|prone|kneeling)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or the to vs via with your per off up".split()
)


def _is_title_case(text: str) -> bool:
    """Whether every significant word starts with a capital letter or a digit."""
    words = [w for w in re.findall(r"[A-Za-z0-9][\w'\u2019-]*", text)]
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in significant)


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
_SAFETY_HEADING_RE = re.compile(
    r"\b(?:safety|precautions?|warnings?|cautions?|before\s+you\s+(?:begin|start|try)"
    r"|when\s+to\s+(?:see|call|stop)|consult|be\s+careful|stay\s+safe)\b",
    re.IGNORECASE,
)


# --- warnings --------------------------------------------------------------------------------

_PROFESSIONAL = (
    r"(?:doctor|physician|physio(?:therapist)?|physical\s+therapist|medical\s+(?:professional|"
    r"provider|advice|team)|health\s*care\s+(?:provider|professional|team)|GP|specialist"
    r"|chiropractor|clinician|therapist|professional)"
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
    """Whether a sentence is safety advice (for the spoken intro), not quoted speech."""
    if _QUOTED_RE.search(sentence):
        return False
    return any(pattern.search(sentence) for pattern in _WARNING_RES)


def _condense_warning(sentence: str) -> str:
    """A warning sentence with attributions and asides trimmed."""
    text = re.sub(r",?\s+(?:according\s+to|per|says|via)\s+[^.;,]+", "", sentence)
    text = re.sub(r"\s*\([^()]*\)", "", text)
    text = re.sub(r"^(?:so|and|but|also|plus|however|again)\s*,?\s+", "", text, flags=re.I)
    text = " ".join(text.split()).strip(" ,;:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e eg ie approx no fig jr sr prof dept mt ft lb lbs oz cf".split()
)
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+")


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
        following = text[match.end() : match.end() + 2]
        if not following or not (following[0].isupper() or following[0].isdigit()
                                 or following[0] in "\"'\u201c\u2018(["):
            continue
        before = text[start : match.start() + 1].split()
        last = before[-1].rstrip(".!?").lower().lstrip("(\"'") if before else ""
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
    """A heading, list item, label or paragraph of the article."""

    kind: str  # "heading", "item", "label", "para", "blank"
    line: int
    text: str = ""
    indent: int = 0
    marker: str = ""  # items: "num", "step" or "bullet"
    number: int | None = None
    label: str = ""  # labels: "howto", "skip", "warning", "timing"
    strong: bool = False  # headings marked up as such (# or bold or underlined)
    from_heading: bool = False  # labels written as headings ("### How to do it")
    parts: list[tuple[int, int]] = field(default_factory=list)  # (offset, line) of text

    def add(self, text: str, line: int) -> None:
        """Append a continuation line."""
        if not self.parts:
            self.parts.append((0, self.line))
        if self.text:
            self.text += " "
        self.parts.append((len(self.text), line))
        self.text += text


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
_STEP_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_STEP_RE = re.compile(
    rf"^(\s*)step\s+(\d{{1,2}}|{'|'.join(_STEP_WORDS)})\b\s*(?:[:.)\-\u2013\u2014]\s*(.*\S)?)?\s*$",
    re.IGNORECASE,
)
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_INLINE_NAME_BOLD_RE = re.compile(
    r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)(?:\*\*|__)\s*(?:[:.\-\u2013\u2014]\s*)?(?P<rest>\S.*)$"
)
_INLINE_NAME_BOLD_COLON_RE = re.compile(
    r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)[:.]\s*(?:\*\*|__)\s*(?P<rest>\S.*)$"
)
_INLINE_NAME_PLAIN_RE = re.compile(r"^(?P<name>[^:.!?]{2,50}?)\s*(?::|\s[-\u2013\u2014])\s+(?P<rest>[A-Z].*)$")


def _step_number(word: str) -> int:
    """``"3"`` or ``"three"`` as 3."""
    return int(word) if word.isdigit() else _STEP_WORDS.index(word.lower()) + 1


class _Reader:
    """Turns article lines into blocks."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[_Block] = []

    def read(self) -> list[_Block]:
        """All blocks, with paragraphs joined and headings recognised."""
        in_fence = False
        pending: tuple[str, int, int | None, int] | None = None  # marker, indent, number, line
        for index, raw in enumerate(self.lines):
            number = index + 1
            if _FENCE_RE.match(raw):
                in_fence = not in_fence
                self.blank(number)
                continue
            if in_fence:
                continue
            line = _BLOCKQUOTE_RE.sub("", raw)
            if not line.strip():
                self.blank(number)
                continue
            if pending is not None:
                marker, indent, count, first = pending
                pending = None
                if not self.marker_line(line, number):
                    text = _inline(line)
                    if text and not _is_noise(text):
                        self.item(marker, indent, count, text, line, first)
                        continue
            if self.structure_line(line, number):
                continue
            pending = self.marker_alone(line, number)
            if pending is not None:
                continue
            self.text_line(line, number)
        return self.blocks

    def blank(self, number: int) -> None:
        """A blank line (or a rule)."""
        if not self.blocks or self.blocks[-1].kind != "blank":
            self.blocks.append(_Block("blank", number))

    def marker_line(self, line: str, number: int) -> bool:
        """Whether ``line`` is itself a list marker or heading (so a lone marker stays lone)."""
        return bool(
            _NUM_RE.match(line)
            or _BULLET_RE.match(line)
            or _MD_HEADING_RE.match(line)
            or _NUM_ALONE_RE.match(line)
            or _BULLET_ALONE_RE.match(line)
            or _STEP_RE.match(line)
        )

    def marker_alone(self, line: str, number: int) -> tuple[str, int, int | None, int] | None:
        """A list marker with nothing after it: the text is on the next line."""
        match = _NUM_ALONE_RE.match(line)
        if match:
            return "num", len(match.group(1)), int(match.group(2)), number
        match = _BULLET_ALONE_RE.match(line)
        if match:
            return "bullet", len(match.group(1)), None, number
        match = _STEP_RE.match(line)
        if match and not match.group(3):
            return "step", len(match.group(1)), _step_number(match.group(2)), number
        return None

    def structure_line(self, line: str, number: int) -> bool:
        """Headings, rules, list items; True when ``line`` was one of them."""
        if _SETEXT_H1_RE.match(line) or (_RULE_RE.match(line) and line.strip()[0] == "-"):
            previous = self.blocks[-1] if self.blocks else None
            if previous is not None and previous.kind == "para" and previous.line == number - 1:
                self.blocks[-1] = self.heading_or_label(previous.text, previous.line, strong=True)
                return True
        if _RULE_RE.match(line) or line.lstrip().startswith("|") or _LINK_ONLY_RE.match(line):
            self.blank(number)
            return True
        match = _MD_HEADING_RE.match(line)
        if match:
            text = _inline(match.group(2))
            step = _STEP_RE.match(text)
            if step and step.group(3):
                self.item("step", 0, _step_number(step.group(2)), step.group(3), line, number)
            elif text and not _is_noise(text):
                self.blocks.append(self.heading_or_label(text, number, strong=True))
            else:
                self.blank(number)
            return True
        return self.item_line(line, number)

    def item_line(self, line: str, number: int) -> bool:
        """A numbered, "Step N:" or bulleted list item."""
        step = _STEP_RE.match(line)
        if step and step.group(3):
            self.item("step", len(step.group(1)), _step_number(step.group(2)), step.group(3),
                      line, number)
            return True
        match = _NUM_RE.match(line)
        if match:
            self.item("num", len(match.group(1)), int(match.group(2)), match.group(3), line,
                      number)
            return True
        match = _BULLET_RE.match(line)
        if match and not _EMPHASIS_RE.match(line.strip()):
            self.item("bullet", len(match.group(1)), None, match.group(2), line, number)
            return True
        return False

    def item(
        self, marker: str, indent: int, count: int | None, raw: str, line: str, number: int
    ) -> None:
        """Add a list item (or, for "**Name:** text", a heading and a paragraph)."""
        del line
        if self.inline_name(raw, number, marker=marker, indent=indent):
            return
        text = _inline(raw)
        if not text or _is_noise(text):
            return
        self.blocks.append(
            _Block("item", number, text, indent=indent, marker=marker, number=count)
        )

    def inline_name(self, raw: str, number: int, *, marker: str = "", indent: int = 0) -> bool:
        """Split "**Cat-Cow:** Start on ..." or "Cat-Cow Stretch: Start on ..." in two."""
        stripped = raw.strip()
        bold = _INLINE_NAME_BOLD_COLON_RE.match(stripped) or _INLINE_NAME_BOLD_RE.match(stripped)
        plain = None if bold else _INLINE_NAME_PLAIN_RE.match(_inline(stripped))
        match = bold or plain
        if match is None:
            return False
        name, rest = _inline(match.group("name")).rstrip(":. "), match.group("rest")
        label = _label(name + ":")
        if label is not None:
            if label[0] == "timing":
                return False
            self.blocks.append(_Block("label", number, _inline(rest), label=label[0]))
            return True
        if not name or not _title_like(name, strict=plain is not None):
            return False
        if plain is not None and not _EXERCISE_NOUNS_RE.search(name):
            return False
        heading = _Block("heading", number, name, strong=True)
        heading.marker = marker
        heading.indent = indent
        self.blocks.append(heading)
        text = _inline(rest)
        if text:
            self.blocks.append(_Block("para", number, text))
        return True

    def heading_or_label(self, text: str, number: int, *, strong: bool) -> _Block:
        """A heading, or a label when the heading is "How to do it" or "Tips"."""
        label = _label(text.rstrip(":") + ":")
        if label is not None and label[0] != "timing" and not label[1]:
            return _Block("label", number, "", label=label[0], from_heading=True)
        return _Block("heading", number, text.rstrip(":").strip(), strong=strong)

    def text_line(self, line: str, number: int) -> None:
        """Paragraph text: continues an item, label or paragraph, or starts a paragraph."""
        bold = _BOLD_LINE_RE.match(line)
        text = _inline(line)
        if not text or _is_noise(text):
            return
        if bold:
            block = self.heading_or_label(text, number, strong=True)
            if block.kind == "heading" and len(text.split()) <= 12:
                self.blocks.append(block)
                return
        label = _label(text)
        if label is not None:
            kind, rest = label
            self.blocks.append(_Block("label", number, rest, label=kind))
            return
        if self.inline_name(line, number):
            return
        previous = self.blocks[-1] if self.blocks else None
        indent = len(line) - len(line.lstrip())
        if previous is not None and previous.line >= number - 1 and previous.kind != "blank":
            if previous.kind == "item" and (
                indent > previous.indent
                or text[0].islower()
                or not previous.text.endswith((".", "!", "?", ":"))
            ):
                previous.add(text, number)
                return
            if previous.kind == "para" or (previous.kind == "label" and previous.text):
                previous.add(text, number)
                previous.line = previous.line
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
    decided: dict[int, bool] = {}  # id(item) -> is a step
    for index, block in enumerate(blocks):
        if block.kind == "item" and block.marker == "num":
            if _numbered_heading(blocks, index, decided):
                out.append(_Block("heading", block.line, block.text, indent=block.indent,
                                  marker="num", number=block.number))
                continue
            decided[id(block)] = True
        elif block.kind == "para" and plain_text:
            out.extend(_split_title_line(blocks, index))
            continue
        out.append(block)
    return out


def _numbered_heading(blocks: list[_Block], index: int, decided: dict[int, bool]) -> bool:
    """Whether the numbered item at ``index`` is an exercise title rather than a step."""
    item = blocks[index]
    if not _title_like(item.text) or len(item.text.split()) > 9 or item.text.endswith(":"):
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
        and decided.get(id(before), False)
    )
    return not continues


def _split_title_line(blocks: list[_Block], index: int) -> list[_Block]:
    """A plain-text paragraph whose (first) line is a heading, as heading + paragraph."""
    block = blocks[index]
    before = blocks[index - 1] if index > 0 else None
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    alone = before is None or before.kind in ("blank", "heading")
    if len(block.parts) <= 1:
        stands_alone = alone or (after is not None and after.kind in ("item", "label"))
        if stands_alone and _title_like(block.text) and (
            after is None or after.kind != "para" or _title_like(block.text, strict=True)
            or block.text.endswith(("?", ":"))
        ):
            return [_Block("heading", block.line, block.text.rstrip(":").strip())]
        return [block]
    first_end = block.parts[1][0]
    first = block.text[:first_end].strip()
    rest = block.text[first_end:].strip()
    if alone and rest[:1].isupper() and _title_like(first, strict=True):
        para = _Block("para", block.parts[1][1], rest)
        para.parts = [(offset - first_end - 1, line) for offset, line in block.parts[1:]]
        para.parts[0] = (0, block.parts[1][1])
        return [_Block("heading", block.line, first.rstrip(":").strip()), para]
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
    rf"(?P<hi>{_NUMBER_WORDS})(?P<tail>\s+(?:more\s+)?(?:[a-z]+\s+)?{_COUNT_NOUN}\b)",
    re.IGNORECASE,
)
_FREQUENCY_RE = re.compile(
    r"(?:,\s*|\s+)?\b(?:(?:\d{1,2}|once|twice|one|two|three|four|five|six|seven)\s+(?:times?\s+)?"
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
_TIMING_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\(\s*((?:on\s+|for\s+)?(?:each|per|both)\s+(?:side|sides|leg|legs|arm|arms))\s*\)",
         r" \1"),
        (r"\s*\(\s*((?:about\s+|around\s+|for\s+)?[0-9a-z\s\u2013-]{1,30}\s(?:seconds?|secs?"
         r"|minutes?|mins?|breaths?|times|reps|repetitions)(?:\s+(?:each|per)\s+(?:side|leg"
         r"|arm))?)\s*\)", r", \1"),
        (r"\btwice\b", "2 times"),
        (r"\b(?:before|then|and\s+then|and|,)?\s*switching\s+(sides|legs|arms|feet)\b",
         r", then switch \1"),
        (r"\b(?:then\s+)?(?:do|repeat)(?:\s+(?:it|this|the\s+(?:same|stretch|exercise|move"
         r"|movement|sequence)))?\s+(?:on|with|using)\s+(?:the|your)\s+(?:left|right|other"
         r"|opposite)(?:\s+(?:side|leg|arm|foot|hand|knee|hip))?\b", "switch sides"),
        (r"\b(?:then\s+)?do\s+the\s+(?:other|opposite)\s+(?:side|leg|arm|foot|hand)\b",
         "switch sides"),
        (r"\b(?:repeat|do\s+the\s+same)\s+(?:for|on)\s+both\s+(sides|legs|arms)\b", r"on both \1"),
    )
)
_INLINE_REPS_RE = re.compile(
    rf"\s*,?\s+(?:for\s+)?(?P<count>{_NUMBER_WORDS})\s+(?:more\s+)?(?:slow\s+|controlled\s+)?"
    r"(?:times|reps|repetitions)(?=\s*(?:[.,;!]|$|on\s+each|each|per))",
    re.IGNORECASE,
)
_LEFTOVER_REPEAT_RE = re.compile(
    r"^\W*(?:and\s+|then\s+)*(?:repeat|do\s+(?:it|this|the\s+same)(?:\s+again)?|repeat\s+(?:it"
    r"|this|the\s+(?:stretch|exercise|move|movement|sequence)))\W*$",
    re.IGNORECASE,
)
_TIMING_WORDS_RE = re.compile(
    rf"\b{_NUMBER_WORDS}(?:\s*(?:-|\u2013|to)\s*{_NUMBER_WORDS})?\s*[-\s]?(?:seconds?|secs?|minutes?"
    r"|mins?|breaths?|times|reps|repetitions|counts?)\b|\bcount\s+of\b",
    re.IGNORECASE,
)


@dataclass
class _Timing:
    """What a step's words say about timing, after :func:`phrases.parse_step_text`."""

    text: str
    action: Action | None = None
    switch_sides: bool = False
    each_side: bool = False
    repetitions: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(
            self.action or self.switch_sides or self.each_side or self.repetitions is not None
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
    text = re.sub(r"(?:\s+(?:and|then|and then))+\.?$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[,;]\s*\.$", ".", text)
    if not any(char.isalnum() for char in text):
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _timing(text: str) -> _Timing:
    """The timing in one step's text, and the text to speak without it."""
    rewritten = _COUNT_RANGE_RE.sub(_count_range, text)
    for pattern, replacement in _TIMING_REWRITES:
        rewritten = pattern.sub(replacement, rewritten)
    parsed = phrases.parse_step_text(rewritten)
    result = _Timing(
        parsed.text,
        parsed.action,
        parsed.switch_sides,
        parsed.each_side,
        parsed.repetitions,
    )
    spoken = parsed.text if (result.found or rewritten != text) else text.strip()
    if result.repetitions is None:
        match = _INLINE_REPS_RE.search(spoken)
        count = phrases.parse_count(match.group("count")) if match else None
        if match and count is not None:
            result.repetitions = count
            spoken = _tidy(spoken[: match.start()] + spoken[match.end() :])
    if (result.switch_sides or result.each_side) and _LEFTOVER_REPEAT_RE.match(spoken):
        spoken = ""
    if not result.found:
        spoken = text.strip()
    result.text = spoken
    _check_ranges(result)
    return result


def _check_ranges(timing: _Timing) -> None:
    """Drop amounts a routine cannot hold, noting why."""
    action = timing.action
    if action is not None:
        if action.kind is ActionKind.BREATHS and action.count is not None:
            low, high = _BREATHS_RANGE
            if not low <= action.count <= high:
                timing.problems.append(
                    f"{action.count} breaths is outside {low} to {high}; not used"
                )
                timing.action = None
        elif action.seconds is not None:
            low_f, high_f = _HOLD_RANGE if action.kind is ActionKind.HOLD else _PAUSE_RANGE
            if not (math.isfinite(action.seconds) and low_f <= action.seconds <= high_f):
                timing.problems.append(
                    f"a {action.kind.value} of {_number(action.seconds)} seconds is outside "
                    f"{_number(low_f)} to {_number(high_f)} seconds; not used"
                )
                timing.action = None
    if timing.repetitions is not None:
        low, high = _REPS_RANGE
        if not low <= timing.repetitions <= high:
            timing.problems.append(
                f"{timing.repetitions} repetitions is outside {low} to {high}; not used"
            )
            timing.repetitions = None


def _number(value: float) -> int | float:
    """``30`` rather than ``30.0``."""
    return int(value) if float(value).is_integer() else value


# --- sections and exercises ------------------------------------------------------------------


@dataclass
class _Step:
    """A step of an exercise as it will be written."""

    text: str
    line: int
    original: str
    action: Action | None = None
    switch_sides: bool = False
    body: bool = False  # an imperative body instruction


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

    def timed(self) -> bool:
        """Whether the article gives any timing for this exercise."""
        return bool(
            any(step.action for step in self.steps)
            or self.repetitions
            or self.hold
            or self.breaths
        )


@dataclass
class _Candidate:
    """A piece of text that might be a step."""

    text: str
    line: int
    source: str  # "howto", "numbered", "bullet", "prose"


@dataclass
class _Section:
    """A heading and what follows it, up to the next heading."""

    heading: _Block | None
    blocks: list[_Block] = field(default_factory=list)
    index: int = 0


@dataclass
class _Warning:
    """A safety sentence, where it was found, and whether a label marked it."""

    text: str
    section: int
    labelled: bool


class _Importer:
    """Finds exercises, steps, timing and warnings in an article's blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[str] = []
        self.safety: list[_Warning] = []

    def warn(self, line: int, text: str, reason: str, verb: str = "skipped") -> None:
        """Record one ``source:line: skipped '...': reason`` warning."""
        self.warnings.append(f"{self.source}:{line}: {verb} '{_quote(text)}': {reason}")

    # --- sections ---------------------------------------------------------------------------

    def sections(self, blocks: list[_Block]) -> tuple[str, list[_Section]]:
        """The title and the sections (the first one is the title's own)."""
        title = ""
        sections: list[_Section] = [_Section(None)]
        for block in blocks:
            if block.kind == "blank" and not sections[-1].blocks:
                continue
            if not title and block.kind in ("heading", "para", "item") and block.text:
                title = _title_from(block)
                if block.kind == "heading":
                    continue
                rest = block.text[len(title) :].strip() if block.text.startswith(title) else ""
                if block.kind == "para" and len(block.parts) > 1 and rest:
                    tail = _Block("para", block.parts[1][1], rest)
                    tail.parts = [(0, block.parts[1][1])]
                    sections[-1].blocks.append(tail)
                    continue
                if block.kind != "item" and not rest:
                    continue
            if block.kind == "heading":
                sections.append(_Section(block, index=len(sections)))
                continue
            sections[-1].blocks.append(block)
        return title, sections

    def exercise(self, section: _Section, *, fallback_name: str | None = None) -> _Exercise | None:
        """The exercise a section describes, or None (warnings noted either way)."""
        heading = section.heading
        name = fallback_name if heading is None else heading.text
        if name is None:
            return None
        safety_section = bool(heading is not None and _SAFETY_HEADING_RE.search(heading.text))
        candidates, exercise_timing = self.candidates(section, safety_section)
        if safety_section:
            return None
        name, heading_timing = _name_and_timing(name)
        exercise = _Exercise(name, heading.line if heading else 1)
        for timing in (heading_timing, *exercise_timing):
            self.apply_exercise_timing(exercise, timing)
        excluded = heading is not None and _NOT_EXERCISE_HEADING_RE.search(heading.text)
        for candidate in candidates:
            step = self.step(candidate, exercise)
            if step is not None:
                exercise.steps.append(step)
        instructive = any(step.body or step.action or step.switch_sides for step in exercise.steps)
        instructive = instructive or exercise.two_sided or exercise.repetitions is not None
        if not exercise.steps or not instructive or excluded:
            if heading is not None:
                for step in exercise.steps:
                    if step.body or step.action:
                        self.warn(step.line, step.original, _why_not_exercise(heading.text))
            return None
        self.finish(exercise)
        return exercise

    def candidates(
        self, section: _Section, safety_section: bool
    ) -> tuple[list[_Candidate], list[_Timing]]:
        """The texts that may be steps, in order, and timing given by labels."""
        numbered: list[_Candidate] = []
        loose: list[_Candidate] = []
        timings: list[_Timing] = []
        scope, scope_section = "", False
        blocks = section.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind == "blank":
                index += 1
                continue
            if block.kind == "label":
                index += 1
                if block.label == "timing":
                    timings.append(_label_timing(block.text))
                    continue
                if block.text:
                    self.unit([block], block.label, section, numbered, loose, safety_section)
                    scope, scope_section = "", False
                else:
                    scope, scope_section = block.label, block.from_heading
                continue
            unit, index = _unit(blocks, index)
            self.unit(unit, scope or "normal", section, numbered, loose, safety_section)
            if not scope_section:
                scope = ""
        if numbered:
            for candidate in loose:
                if candidate.source == "prose":
                    self.note_skipped(candidate, "prose beside the numbered steps (commentary)")
            kept = [c for c in loose if c.source != "prose"]
            ordered = sorted(numbered + kept, key=lambda c: c.line)
            return ordered, timings
        return loose, timings

    def unit(
        self,
        unit: list[_Block],
        scope: str,
        section: _Section,
        numbered: list[_Candidate],
        loose: list[_Candidate],
        safety_section: bool,
    ) -> None:
        """Sort one paragraph or list into steps, warnings and skipped text."""
        for block in unit:
            if block.kind == "item":
                label = _label(block.text)
                if label is not None and label[0] != "howto":
                    if label[0] == "timing":
                        continue
                    self.unit(
                        [_Block("para", block.line, label[1], parts=[(0, block.line)])],
                        label[0], section, numbered, loose, safety_section
                    )
                    continue
                text = label[1] if label is not None else block.text
                pieces = [_Line(text, block.line)]
            else:
                offsets = block.parts or [(0, block.line)]
                pieces = _sentences(block.text, offsets)
            for piece in pieces:
                self.piece(piece, block, scope, section, numbered, loose, safety_section)

    def piece(
        self,
        piece: _Line,
        block: _Block,
        scope: str,
        section: _Section,
        numbered: list[_Candidate],
        loose: list[_Candidate],
        safety_section: bool,
    ) -> None:
        """One sentence or list item."""
        text = piece.text
        if not text or _is_noise(text):
            return
        if scope == "warning" or safety_section or _is_warning(text):
            if scope == "warning" or safety_section or _is_warning(text):
                if _is_warning(text) or scope == "warning":
                    labelled = scope == "warning" or safety_section
                    self.safety.append(_Warning(text, section.index, labelled))
                    return
            if safety_section:
                return
        if scope == "skip":
            return
        is_list = block.kind == "item"
        if scope == "howto":
            source = "howto"
        elif is_list:
            source = "numbered" if block.marker in ("num", "step") else "bullet"
        else:
            source = "prose"
        candidate = _Candidate(text, piece.line, source)
        if source == "howto" and not is_list and not _instruction_like(text):
            return
        if source == "prose" and _imperative(text) is None:
            if _timing(text).found and not _QUOTED_RE.search(text):
                self.note_skipped(candidate, "timing in a sentence that is not an instruction")
            return
        if source == "bullet" and not self.list_instructive(block, section):
            return
        (numbered if source in ("numbered", "howto") else loose).append(candidate)

    def list_instructive(self, block: _Block, section: _Section) -> bool:
        """Whether the bulleted list around ``block`` gives instructions (not, say, causes)."""
        index = next(i for i, b in enumerate(section.blocks) if b is block)
        start = index
        while start > 0 and section.blocks[start - 1].kind in ("item", "blank"):
            start -= 1
        end = index
        while end + 1 < len(section.blocks) and section.blocks[end + 1].kind in ("item", "blank"):
            end += 1
        items = [b for b in section.blocks[start : end + 1] if b.kind == "item"]
        return any(_instruction_like(item.text) for item in items)

    def note_skipped(self, candidate: _Candidate, reason: str) -> None:
        """Warn about a skipped sentence if it looked like an instruction."""
        if _instruction_like(candidate.text, body_only=True):
            self.warn(candidate.line, candidate.text, reason)

    # --- steps ------------------------------------------------------------------------------

    def step(self, candidate: _Candidate, exercise: _Exercise) -> _Step | None:
        """A step from one candidate text, its exercise-level timing applied to ``exercise``."""
        text = candidate.text
        frequency = _FREQUENCY_RE.search(text)
        if frequency:
            text = (text[: frequency.start()] + text[frequency.end() :]).strip()
            if _FREQUENCY_ONLY_RE.match(text):
                self.warn(candidate.line, candidate.text, "how often to do it, not a step")
                return None
        timing = _timing(text)
        for problem in timing.problems:
            self.warn(candidate.line, candidate.text, problem, verb="kept")
        if timing.problems and not timing.found:
            timing.text = text.strip()
        self.apply_exercise_timing(exercise, timing, step_level=True)
        if timing.text and not timing.found and _TIMING_WORDS_RE.search(timing.text):
            self.warn(
                candidate.line,
                candidate.text,
                "its timing was not understood, so it stays in the spoken text; add 'hold:', "
                "'breaths:' or 'repetitions:' by hand",
                verb="kept",
            )
        if not timing.text and timing.action is None and not timing.switch_sides:
            return None  # only "each side" / "10 times": the exercise has it now
        return _Step(
            text=timing.text,
            line=candidate.line,
            original=candidate.text,
            action=timing.action,
            switch_sides=timing.switch_sides,
            body=_imperative(candidate.text) == "body" or candidate.source != "prose",
        )

    def apply_exercise_timing(
        self, exercise: _Exercise, timing: _Timing, *, step_level: bool = False
    ) -> None:
        """Sides and repetitions (and, from labels/headings, hold and breaths) for the exercise."""
        if timing.switch_sides or timing.each_side:
            exercise.two_sided = True
        if timing.repetitions is not None and exercise.repetitions is None:
            exercise.repetitions = timing.repetitions
        if step_level or timing.action is None:
            return
        if timing.action.kind is ActionKind.BREATHS and timing.action.count is not None:
            exercise.breaths = exercise.breaths or timing.action.count
        elif timing.action.kind is ActionKind.HOLD and timing.action.seconds is not None:
            exercise.hold = exercise.hold or timing.action.seconds
        elif timing.action.kind is ActionKind.PAUSE and timing.action.seconds is not None:
            exercise.rest = exercise.rest or timing.action.seconds

    def finish(self, exercise: _Exercise) -> None:
        """A hold or breaths given only for the whole exercise goes on its last plain step."""
        kinds = {step.action.kind for step in exercise.steps if step.action is not None}
        given: Action | None = None
        if exercise.hold is not None and ActionKind.HOLD not in kinds:
            given = Action(ActionKind.HOLD, seconds=exercise.hold)
        elif exercise.breaths is not None and ActionKind.BREATHS not in kinds:
            given = Action(ActionKind.BREATHS, count=exercise.breaths)
        if given is None or kinds:
            return
        last = exercise.steps[-1]
        last.action = given


def _quote(text: str, limit: int = _MAX_QUOTE) -> str:
    """An article line shortened for a message, on one line, without quotes that clash."""
    text = " ".join(text.split()).replace("'", "\u2019")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _why_not_exercise(heading: str) -> str:
    """Why a section with instructions was not made an exercise."""
    return f"its heading '{_quote(heading, 40)}' names a group or advice, not one exercise"


def _instruction_like(text: str, *, body_only: bool = False) -> bool:
    """An imperative (body) instruction, or text with timing in it."""
    kind = _imperative(text)
    if kind == "body" or (kind == "generic" and not body_only):
        return True
    return bool(_TIMING_WORDS_RE.search(text)) and _timing(text).found


def _unit(blocks: list[_Block], index: int) -> tuple[list[_Block], int]:
    """A paragraph, or a list (items with blank lines between them), starting at ``index``."""
    block = blocks[index]
    if block.kind != "item":
        return [block], index + 1
    unit = [block]
    index += 1
    while index < len(blocks):
        nxt = _significant(blocks, index - 1, 1)
        if nxt is None or nxt.kind != "item":
            break
        while blocks[index] is not nxt:
            index += 1
        unit.append(nxt)
        index += 1
    return unit, index


def _label_timing(text: str) -> _Timing:
    """Timing given by a label: "Hold: 30 seconds", "Reps: 8-12 per side", "Sets: 2"."""
    rewritten = _COUNT_RANGE_RE.sub(_count_range, text + " times")[: -len(" times")]
    low = re.match(rf"\s*({_NUMBER_WORDS})\s*(?:-|\u2013|to)\s*{_NUMBER_WORDS}\b", rewritten)
    if low:
        rewritten = low.group(1) + rewritten[low.end() :]
    timing = _Timing(text)
    seconds = phrases.parse_duration(rewritten)
    if seconds is not None:
        timing.action = Action(ActionKind.HOLD, seconds=seconds)
    elif re.search(r"\bbreaths?\b", rewritten, re.I):
        count = _leading_count(rewritten)
        if count is not None:
            timing.action = Action(ActionKind.BREATHS, count=count)
    else:
        timing.repetitions = _leading_count(rewritten)
    timing.each_side = bool(re.search(r"\b(?:each|per|both)\s+(?:side|leg|arm)s?\b", text, re.I))
    _check_ranges(timing)
    return timing


def _leading_count(text: str) -> int | None:
    """The whole number at the start of ``text``."""
    match = re.match(rf"\s*({_NUMBER_WORDS})\b", text, re.IGNORECASE)
    return phrases.parse_count(match.group(1)) if match else None


_NAME_PREFIX_RE = re.compile(
    r"^(?:(?:exercise|stretch|move|pose|no\.?|number|part|day)\s*)?#?\d{1,2}\s*[:.)\-\u2013\u2014]"
    r"\s*|^(?:exercise|stretch|move)\s+#?\d{1,2}\s+",
    re.IGNORECASE,
)
_HOW_TO_RE = re.compile(r"^how\s+to\s+(?:do|perform|try)?\s*(?:(?:a|an|the)\s+)?", re.I)


def _name_and_timing(heading: str) -> tuple[str, _Timing]:
    """An exercise name from its heading, and any timing the heading adds ("(30 s each side)")."""
    name = _NAME_PREFIX_RE.sub("", heading.strip())
    name = _HOW_TO_RE.sub("", name).strip()
    timing = _Timing("")
    for match in list(re.finditer(r"\(([^()]*)\)", name)):
        found = _label_timing(match.group(1))
        found_words = _timing(match.group(1))
        if found.action or found.each_side or found_words.found:
            timing = found_words if found_words.found else found
            name = name.replace(match.group(0), " ")
    parts = re.split(r"\s+[-\u2013\u2014|]\s+|:\s+", name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        found_words = _timing(parts[1])
        if found_words.found:
            timing, name = found_words, parts[0]
    name = " ".join(name.split()).strip(" :-\u2013\u2014")
    if name:
        name = name[0].upper() + name[1:]
    return name, timing


def _title_from(block: _Block) -> str:
    """The routine title from the article's first heading or line."""
    text = block.text
    if block.kind != "heading" and block.parts and len(block.parts) > 1:
        text = text[: block.parts[1][0]]
    text = " ".join(text.split()).rstrip(":")
    words = text.split()
    if len(words) > 16:
        text = " ".join(words[:12]) + "..."
    return text.strip()


# --- YAML ------------------------------------------------------------------------------------


def _scalar(text: str) -> str:
    """``text`` as one YAML scalar (plain when safe, quoted otherwise)."""
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
    """A YAML double-quoted scalar, escaping everything outside printable ASCII."""
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


def _folded(key: str, text: str, indent: str = "") -> list[str]:
    """``key: text`` as a folded block when it is long, else on one line."""
    if len(text) <= 80 or text != " ".join(text.split()) or text.startswith(("#", "-", " ")):
        return [f"{indent}{key}: {_scalar(text)}"]
    lines = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
    if any(line.startswith(("#", " ")) for line in lines):
        return [f"{indent}{key}: {_scalar(text)}"]
    return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in lines)]


def _comment(text: str) -> str:
    """Text that is safe inside a YAML comment."""
    return " ".join(text.split())


@dataclass
class _DefaultsUsed:
    """Which built-in defaults the written routine relies on."""

    hold: int = 0
    breaths: int = 0
    pause: int = 0


def _write(
    source: str, title: str, intro: str, exercises: list[_Exercise], used: _DefaultsUsed
) -> str:
    """The routine file."""
    builtin = Settings()
    lines = [
        f"# Imported from {_comment(source)} by 'stretchaudio import'.",
        "# Review it before you build it: check each exercise's name, steps, holds, breaths,",
        "# sides and repetitions against the article. The line each timed step came from is",
        "# shown above it. Values marked 'default applied' are not in the article.",
        f"title: {_scalar(title)}",
    ]
    if intro:
        lines.extend(_folded("intro", intro))
    lines.append("# Used wherever the article gives no amount; command-line flags override them.")
    lines.append("defaults:")
    if used.hold:
        lines.append(
            f"  hold: {_number(builtin.hold)}  # default applied: the article gives no duration"
        )
    if used.breaths:
        lines.append(
            f"  breaths: {builtin.breaths}  # default applied: the article gives no "
            "number of breaths"
        )
    if used.pause:
        lines.append(
            f"  step_pause: {_number(builtin.step_pause)}  # default applied: the article "
            "gives no duration"
        )
    lines.append(
        f"  rest: {_number(builtin.rest)}  # default applied: the article gives no rest "
        "between exercises"
    )
    lines.append("exercises:")
    for exercise in exercises:
        lines.extend(_write_exercise(exercise))
    return "\n".join(lines) + "\n"


def _write_exercise(exercise: _Exercise) -> list[str]:
    """One exercise as YAML lines."""
    lines = [f"  - name: {_scalar(exercise.name)}"]
    if exercise.two_sided:
        lines.append("    sides: both")
    if exercise.repetitions is not None and exercise.repetitions > 1:
        lines.append(f"    repetitions: {exercise.repetitions}")
    if exercise.sets is not None:
        lines.append(f"    sets: {exercise.sets}")
    if exercise.rest is not None:
        lines.append(f"    rest: {_number(exercise.rest)}")
    if not exercise.timed():
        lines.append(
            "    # the article gives no hold, breaths or repetitions for this exercise: each"
        )
        lines.append("    # step is followed by a short pause; add 'hold:' to a step for a hold")
    lines.append("    steps:")
    for step in exercise.steps:
        lines.extend(_write_step(step))
    return lines


def _write_step(step: _Step) -> list[str]:
    """One step: plain text, or a mapping with explicit timing keys."""
    if step.action is None and not step.switch_sides:
        return [f"      - {_scalar(step.text)}"]
    lines = [f"      # line {step.line}: {_comment(_quote(step.original, 100))}"]
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
    """Give every exercise a non-empty name with its own slug."""
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
    for warning in warnings:
        if not (warning.labelled or warning.section <= last_exercise):
            continue
        text = _condense_warning(warning.text)
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if not text or key in seen:
            continue
        seen.add(key)
        chosen.append(text)
        if len(chosen) == _MAX_INTRO_SENTENCES:
            break
    return " ".join(chosen)


def _defaults_used(exercises: list[_Exercise]) -> _DefaultsUsed:
    """Count the steps whose amount comes from the defaults."""
    used = _DefaultsUsed()
    for exercise in exercises:
        for step in exercise.steps:
            action = step.action
            if action is None:
                continue
            if action.kind is ActionKind.HOLD and action.seconds is None and not exercise.hold:
                used.hold += 1
            elif action.kind is ActionKind.BREATHS and action.count is None:
                used.breaths += 0 if exercise.breaths else 1
            elif action.kind is ActionKind.PAUSE and action.seconds is None:
                used.pause += 1
    return used


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
    text = _strip_front_matter(_clean_text(text))
    blocks = _Reader(text.split("\n")).read()
    strong = sum(1 for block in blocks if block.kind == "heading" and block.strong)
    blocks = _find_headings(blocks, plain_text=strong < 2)
    importer = _Importer(source)
    title, sections = importer.sections(blocks)
    found: list[tuple[int, _Exercise]] = []
    for section in sections[1:]:
        exercise = importer.exercise(section)
        if exercise is not None:
            found.append((section.index, exercise))
    if not found:
        lone = importer.exercise(sections[0], fallback_name=_HOW_TO_RE.sub("", title) or title)
        if lone is not None:
            found.append((0, lone))
    if not found:
        raise RoutineError(
            f"no exercises found in {source}: expected headings or numbered steps with "
            "instructions such as 'Lie on your back' or 'Hold for 30 seconds' (exercise names "
            "as headings or numbered titles, each followed by numbered or bulleted steps, a "
            "'How to do it:' block or a paragraph of instructions)"
        )
    exercises = [exercise for _, exercise in found]
    _dedupe_names(exercises)
    importer.warnings.sort(key=_warning_line)
    intro = _intro(importer.safety, max(index for index, _ in found))
    routine_yaml = _write(
        source, title or "Imported routine", intro, exercises, _defaults_used(exercises)
    )
    routines = load_routines_text(routine_yaml, f"{source} (imported)")
    return ImportResult(routine_yaml, importer.warnings, routines[0])


def _warning_line(warning: str) -> int:
    """The line number in a warning, for sorting."""
    match = re.search(r":(\d+): ", warning)
    return int(match.group(1)) if match else 0


_FRONT_MATTER_RE = re.compile(r"\A---\n(?:.*\n)*?(?:---|\.\.\.)\n")


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
    are all mappings (or lists of them) with a ``title``. Anything else with some text in it is
    taken for an article.
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
    titled = any(
        isinstance(doc, dict) and "title" in doc
        or isinstance(doc, list) and any(isinstance(item, dict) and "title" in item for item in doc)
        for doc in documents
    )
    return not (structured and titled)


def _first_documents(text: str, limit: int = 20) -> Iterator[object]:
    """Up to ``limit`` parsed YAML documents of ``text``."""
    for count, document in enumerate(yaml.safe_load_all(text)):
        if count >= limit:
            return
        yield document
