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
    focus imagine count work maintain find hop stop consult ask talk speak seek contact check
    remember listen warm cool practise practice aim change
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
# Or where the body is, without a verb: "Hands on hips, hinge forward ..."
_PLACED_WORDS = _words(
    """
    hands hand feet foot arms arm knees knee legs leg elbows palms palm fingers chin
    shoulders hips head eyes back spine toes heels
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


# A starting position without a verb: "On hands and knees.", "Lying on your back, ..."
POSITION_PHRASE_RE = re.compile(
    r"^(?:on\s+(?:your\s+)?(?:hands\s+and\s+knees|all\s+fours|(?:back|front|side|stomach|belly"
    r"|tummy|knees|elbows))|(?:lying|sitting|standing|kneeling|seated)\s+(?:on|in|at|with|upright"
    r"|tall|comfortably|down|face|flat|sideways|straight)|in\s+a\s+(?:seated|standing|kneeling"
    r"|lying|tall|comfortable)\b)\b",
    re.IGNORECASE,
)


def imperative_kind(sentence: str) -> str | None:
    """ "body" or "generic" when ``sentence`` reads as an instruction, else None.

    The first word (after lead words such as "Slowly" or "Then,") must be a verb from the
    lists above; or a short lead-in phrase ends at a comma and the verb follows it.
    """
    text = sentence.replace("\u2019", "'").strip().lstrip("\"'\u201c\u2018([")
    bare = _LEAD_WORDS_RE.sub("", text)
    if POSITION_PHRASE_RE.match(bare) and not _FINITE & set(_WORD_RE.findall(bare.lower())[:10]):
        return "body"
    kind = _verb_kind(bare)
    if kind is not None:
        return kind
    comma = text.find(",")
    if comma <= 0:
        return None
    head = _WORD_RE.findall(text[:comma])
    placed = bool(head) and len(head) <= 6 and head[0].lower() in _PLACED_WORDS
    if not head or len(head) > 12 or (head[0].lower() not in _LEAD_IN_WORDS and not placed):
        return None
    if placed and _FINITE & {word.lower() for word in head}:
        return None  # "Your hips are the key, so ...": a statement
    return _verb_kind(_LEAD_WORDS_RE.sub("", text[comma + 1 :].strip()))


# Phrases that start with a body verb but are not instructions to the body.
_IDIOM_RE = re.compile(
    r"^(?:stand\s+by|hold\s+on(?!\s+(?:to|with|tight\s+to))|hold\s+off|hang\s+on|hang\s+tight"
    r"|stay\s+tuned|stay\s+safe|keep\s+in\s+mind|keep\s+reading|keep\s+up\s+with|look\s+forward\s+to|check\s+out"
    r"|look\s+out\s+for|stand\s+out|sit\s+tight|come\s+on|turn\s+out|step\s+up\s+your|take\s+care"
    r"|move\s+on\s+to|get\s+ready\s+to\s+(?:read|learn)|rest\s+assured|stay\s+in\s+touch"
    r"|bear\s+in\s+mind|point\s+is)\b",
    re.IGNORECASE,
)
# Instructions to the reader of a web page, not to the body.
_PAGE_VERBS = _words(
    """
    click tap subscribe sign share follow read download buy shop order visit watch learn pin
    tag comment join scroll bookmark save print email tweet like register log see discover
    explore browse win book call contact thank
    """
)
# Words that cannot start an instruction: pronouns, determiners, conjunctions, prepositions,
# auxiliaries and sentence adverbs. An unknown first word followed by one of _OBJECT_STARTS
# ("Pedal your feet", "Flow between the two") is read as a verb.
_NOT_VERBS = _words(
    """
    i you he she it we they me him her us them my your his its our their this that these those
    there here a an the some any many much most more few several all both each every no none
    other another such what which who whom whose when where why how if whether and but or so
    yet because although though while since unless until as after before once in on at by for
    with about of to from into onto over under between through during without within like per
    via than despite is are was were be been being am does did can could will would should may
    might must shall have has had also however often usually sometimes always never just only
    even still already instead plus overall generally typically ideally yes not thanks thank
    please welcome hello hi namaste congratulations well ok okay oh wow great good best one
    two three four five six seven eight nine ten first second third last next today tonight
    everyone everybody anyone someone people research studies experts doctors yoga pilates
    stretching exercise exercises stretches
    """
)
_OBJECT_STARTS = _words(
    """
    your the a an both one each this that these those it them yourself up down out in forward
    forwards back backward backwards over through into onto to toward towards from on off with
    between around away apart together slowly gently deeply fully softly smoothly steadily
    quickly right left upward upwards downward downwards outward inward across along behind
    all any
    """
)
_DETERMINERS = _words(
    "your the a an both one each this that these those it them yourself all any either"
)
_BODY_WORDS_RE = re.compile(
    r"\b(?:feet|foot|toes?|heels?|ankles?|knees?|legs?|thighs?|hips?|pelvis|glutes?|buttocks?"
    r"|belly|stomach|abs|core|back|spine|chest|ribs?|shoulders?|shoulder\s+blades?|arms?|elbows?"
    r"|wrists?|hands?|palms?|fingers?|thumbs?|neck|head|chin|jaw|eyes?|face|breath|breathe"
    r"|body|torso|mat|floor|wall|chair|seat)\b",
    re.IGNORECASE,
)


def _verb_kind(text: str) -> str | None:
    """The kind of verb ``text`` starts with, if it reads as an instruction."""
    match = _WORD_RE.match(text)
    if not match or text[match.end() : match.end() + 1] == "-" or _IDIOM_RE.match(text):
        return None  # "Stand-up desks ...", "Lower-back pain ...", "Stand by for news"
    first = match.group(0).lower()
    words = [word.lower() for word in _WORD_RE.findall(text[:200])[:6]]
    if first in ("don't", "never") or (first == "do" and words[1:2] == ["not"]):
        verb = words[2:3] if first == "do" else words[1:2]
        return "body" if verb and verb[0] in _BODY_VERBS else "generic"
    if first in _PAGE_VERBS and first not in _BODY_VERBS:
        return None
    for later in words[1:5]:
        if later in _SUBORDINATE:
            break
        if later in _FINITE:
            return None  # "Lower back pain is common": a statement, not an instruction
    if first in _BODY_VERBS:
        return "body"
    if first in _GENERIC_VERBS:
        return "generic"
    return _unknown_verb_kind(first, words, text)


def _unknown_verb_kind(first: str, words: list[str], text: str) -> str | None:
    """An instruction whose verb is on no list ("Pedal your feet.", "Flow between the two"):
    an unknown word that cannot be a noun or adjective here, followed by an object."""
    if first in _NOT_VERBS or not match_plain_verb(first) or len(words) < 2:
        return None
    if words[1] in _DETERMINERS or (
        words[1] in _OBJECT_STARTS and any(word in _DETERMINERS for word in words[2:4])
    ):
        return "body" if _BODY_WORDS_RE.search(text) else "generic"
    return None  # "Knee to chest", "Ear to shoulder": a name, not an instruction


def match_plain_verb(word: str) -> bool:
    """Whether ``word`` can be a verb in its plain form (not "-ing", "-ly", "-ed" or a
    plural "-s")."""
    if len(word) < 3 or word.endswith(("ing", "ly", "ed", "'s", "tion", "ness", "ment")):
        return False
    return not (word.endswith("s") and not word.endswith("ss"))


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


_DETERMINER_RE = re.compile(
    r"\b(?:the|your|a|an|this|that|these|those|it|them|both|each|one|my|his|her|their|to|for"
    r"|with|on|into|onto|up|down|back|until|and)\b",
    re.IGNORECASE,
)


def _named_movement(text: str) -> bool:
    """Whether a line that starts like an instruction ("Lower trunk rotation", "Press up") is
    the name of a movement: at most five words, no article, pronoun or preposition, and it
    ends with an exercise word ("rotation", "stretch", "raise")."""
    words = text.split()
    if len(words) > 5 or _DETERMINER_RE.search(text):
        return False
    return EXERCISE_NOUNS_RE.fullmatch(words[-1]) is not None


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
    if not title_case and imperative_kind(text) is not None and not _named_movement(text):
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


# --- starting positions and returns ----------------------------------------------------------

_STEP_LEAD = r"(?:(?:now|then|next|first|slowly|gently|carefully|to\s+(?:begin|start),?)\s+)*"
_POSITION_RE = re.compile(
    rf"^{_STEP_LEAD}(?:"
    r"(?:lie|lay)\s+(?:down|on|flat|face|back|with|in|supine|prone|sideways|comfortably|along)"
    r"|sit\s+(?:on|in|at|up|tall|down|with|upright|comfortably|cross-legged|sideways|straight"
    r"|near|next|facing|towards?|on|astride)"
    r"|stand\s+(?:with|tall|up|on|in|facing|behind|next|near|at|straight|upright|sideways"
    r"|about|an?\s+arm|side-on|in\s+front|with)"
    r"|kneel\s+(?:on|down|with|in|at|upright|tall|facing)"
    r"|(?:start|begin)\s+(?:by\s+(?:lying|sitting|standing|kneeling|getting)|in|on|with|from"
    r"|lying|sitting|standing|kneeling|seated)"
    r"|come\s+(?:onto|into|down\s+onto|down\s+to|to\s+(?:your|a|all))"
    r"|get\s+(?:into|onto|down\s+on|on)|assume|position\s+yourself|place\s+yourself"
    r"|set\s+yourself\s+up|find\s+a\s+(?:comfortable|seat|spot|place|wall|chair|sturdy|quiet)"
    r"|take\s+a\s+seat|face\s+(?:a|the)\s+wall"
    r"|on\s+(?:your\s+)?(?:hands\s+and\s+knees|all\s+fours|(?:back|front|side|stomach|knees))"
    r"|(?:lying|sitting|standing|kneeling|seated)\s+(?:on|in|at|with|upright|tall|down|face|flat)"
    r"|in\s+a\s+(?:seated|standing|kneeling|lying|tall)\b)\b",
    re.IGNORECASE,
)
_RETURN_RE = re.compile(
    rf"^{_STEP_LEAD}(?:release|relax|return|come\s+(?:back|out|down)|go\s+back|let\s+go|uncurl"
    r"|roll\s+back|lower\s+(?:back|down|slowly|it|them|your\s+(?:hips|leg|legs|arm|arms|head"
    r"|chest|body|knees?|heels?|shoulders?))|bring\s+.{1,30}\s+back|slowly\s+return)\b",
    re.IGNORECASE,
)


_EFFORT_AFTER_RE = re.compile(
    r"\b(?:and|then)\s+(?:(?:slowly|gently|carefully)\s+)?(?:lift|raise|squeeze|twist|rotate"
    r"|curl|arch|kick|march)\b",
    re.IGNORECASE,
)


def is_position(text: str) -> bool:
    """Whether a step takes up a starting position ("Lie on your back", "Sit on a chair"),
    and only that: "Lie on your back and lift your hips into a bridge" is the exercise itself,
    not something to get into during the rest before it."""
    return _POSITION_RE.match(text) is not None and _EFFORT_AFTER_RE.search(text) is None


_BACK_TO_START_RE = re.compile(
    r"\b(?:returns?|come\s+back|go\s+back|back)\s+to\s+(?:the\s+|its\s+|your\s+)?(?:start"
    r"|starting|centre|center|middle|neutral|beginning|original)",
    re.IGNORECASE,
)


def is_return(text: str) -> bool:
    """Whether a step only returns from the movement ("Lower slowly.", "Release.", "... so
    your leg returns to its starting position")."""
    return _RETURN_RE.match(text) is not None or _BACK_TO_START_RE.search(text) is not None


_GERUND_RE = re.compile(r"^([A-Za-z]+)ing\b")


def imperative_of(text: str) -> str:
    """ "Moving with your breath." as "Move with your breath.": a clause left over from a
    timing sentence reads as an instruction when it is one (known verbs only)."""
    match = _GERUND_RE.match(text)
    if match is None:
        return text
    stem = match.group(1).lower()
    doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""
    for base in (stem, stem + "e", doubled):
        if base and (base in _BODY_VERBS or base in _GENERIC_VERBS):
            return base.capitalize() + text[match.end() :]
    return text


def mentions_body(text: str, *, name: bool = False) -> bool:
    """Whether ``text`` names a body part or a position ("your knees", "on all fours"), or
    (for a ``name``) an exercise ("Cat-Cow", "Pigeon Pose"): what tells a routine from a
    recipe or the news."""
    if name and EXERCISE_NOUNS_RE.search(text):
        return True
    return bool(_BODY_WORDS_RE.search(text) or _POSITION_RE.match(text))
