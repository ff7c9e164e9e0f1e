"""Reading article text, stage 1: clean-up, page furniture, labels, words, warnings, sentences.

The pieces the later stages share: markup removed from a line, lines that are page furniture,
labels ("How to do it:", "Tip:"), imperative verbs and title-like lines, safety warnings, and
text cut into sentences. See the package docstring for how an article is read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..language.text import sentence_spans

# --- text clean-up ---------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\u00ad\ufeff]")
# Everything YAML cannot carry (it has to be written back out) becomes a space.
UNPRINTABLE_RE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)


def clean_text(text: str) -> str:
    """Newlines normalised, tabs expanded, invisible and unprintable characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\t", "    ").replace("\xa0", " ")
    return UNPRINTABLE_RE.sub(" ", text)


_IMAGE_MD_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_MD_RE = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(?:https?://|www\.)[^>]*>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
LINK_ONLY_RE = re.compile(
    r"^\s*(?:[-*+\u2022]\s*)?(?:\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+|www\.\S+)"
    r"[\s.,;|]*$"
)


def inline_text(text: str) -> str:
    """Markdown and HTML inline markup removed, entities decoded, spaces collapsed."""
    text = _IMAGE_MD_RE.sub(" ", text)
    text = _LINK_MD_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _HTML_TAG_RE.sub(" ", text)
    for _ in range(3):
        text = _EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("`", "").replace("~~", "")
    text = html.unescape(text)
    text = UNPRINTABLE_RE.sub(" ", _INVISIBLE_RE.sub("", text.replace("\xa0", " ")))
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
LINKS_HEADER_RE = re.compile(
    r"^(?:related|read\s+(?:more|next|also)|see\s+also|you\s+(?:may|might)\s+also|recommended"
    r"|more\s+from|(?:most\s+)?popular|trending)\b",
    re.IGNORECASE,
)


def is_noise(text: str) -> bool:
    """Whether a line is page furniture rather than article content."""
    return any(pattern.search(text) for pattern in _NOISE_RES)


def is_credit(text: str) -> bool:
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
class Label:
    """A label at the start of a line: its kind, its word(s) and the text after it."""

    kind: str  # "howto", "skip", "warning" or "timing"
    name: str
    rest: str


def find_label(text: str) -> Label | None:
    """The label ``text`` starts with ("Tip:", "How to do it:", "Hold: 30 seconds"), if any."""
    for kind, pattern in _LABEL_ALONE_RES:
        match = pattern.match(text)
        if match and kind != "timing":
            return Label(kind, match.group("label").lower(), "")
    for kind, pattern in _LABEL_RES:
        match = pattern.match(text)
        if match:
            return Label(kind, match.group("label").lower(), match.group("rest").strip())
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
QUOTED_RE = re.compile(
    r"[\"\u201c\u201d]|\b(?:he|she|they)\s+(?:says|said|adds|added|explains|notes)\b"
    r"|\bsays\s+(?:Dr|Mr|Ms|Mrs)\b"
)


def is_warning(sentence: str) -> bool:
    """Whether a sentence is safety advice for the intro (not quoted speech, not a body cue)."""
    if QUOTED_RE.search(sentence) or imperative_kind(sentence) == "body":
        return False
    return any(pattern.search(sentence) for pattern in _WARNING_RES)


def condense_warning(sentence: str) -> str:
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


@dataclass(frozen=True)
class Piece:
    """One piece of article text and the line it starts on."""

    text: str
    line: int


def split_sentences(text: str, offsets: list[tuple[int, int]]) -> list[Piece]:
    """``text`` cut into sentences, each with its line (``offsets``: (char offset, line))."""
    return [Piece(text[a:b], _line_at(offsets, a)) for a, b in sentence_spans(text)]


def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
    """The line that the character at ``position`` came from."""
    line = offsets[0][1] if offsets else 0
    for offset, number in offsets:
        if offset > position:
            break
        line = number
    return line
