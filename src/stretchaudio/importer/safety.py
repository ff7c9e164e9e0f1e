"""Safety advice: sentences that belong in the spoken intro, never in a step."""

from __future__ import annotations

import re

from ..language.text import sentences, tidy
from .text import calm_caps
from .words import imperative_kind

# --- warnings --------------------------------------------------------------------------------

_PROFESSIONAL = (
    r"(?:doctor|physician|physio(?:therapist)?|physical\s+therapist|medical\s+(?:professional|"
    r"provider|advice|team)|health\s*care\s+(?:provider|professional|team)|GP|specialist"
    r"|chiropractor|clinician|therapist|midwife|surgeon|nurse|osteopath|(?:the|your)\s+clinic"
    r"|obstetrician"
    r"|consultant)"
)
_ADVISE = (
    r"(?:consult|check\s+with|double[-\s]check|talk\s+(?:to|with)|speak\s+(?:to|with)|ask"
    r"|see|visit|seek|contact|call|get\s+(?:the\s+)?(?:ok|okay|go-ahead|all[-\s]clear"
    r"|clearance|advice)|approv\w*|clear\w*|advice|guidance|permission|check\s+in)"
)
_HURT = (
    r"(?:pain\w*|hurts?|hurting|numb(?:ness)?|tingl\w*|dizz\w*|discomfort|uncomfortable|pinch\w*"
    r"|sharp|shooting|burning|light-?headed|faint|swelling|strain(?:s|ed|ing)?"
    r"|pins\s+and\s+needles)"
)
_CONDITION = (
    r"(?:(?:herniat\w*|slipped|bulging|ruptured)\s+dis[ck]s?|osteoporosis|high\s+blood\s+pressure"
    r"|heart\s+(?:condition|disease|problems?)|glaucoma|hernia|joint\s+replacement"
    r"|(?:hip|knee)\s+replacement|spinal\s+(?:stenosis|fusion)|sciatica|arthritis)"
)


def _compiled(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


# Safety advice whatever else the sentence says: see a professional; pain, dizziness, pins and
# needles ("Do not push so far that you feel pain" is a warning, though "push" is a body verb).
_ALWAYS_RES = _compiled(
    rf"\b{_ADVISE}\b.*\b{_PROFESSIONAL}\b|\b{_PROFESSIONAL}\b.*\b{_ADVISE}",
    r"\bconsult\b.{0,40}\b(?:medical|health)",
    rf"\b(?:stop|back\s+off|ease\s+(?:off|up)|come\s+out)\b.{{0,80}}\b{_HURT}",
    rf"\b(?:if|when|should)\b.{{0,80}}\b{_HURT}\b.{{0,80}}\b(?:stop|ease\s+(?:off|up)"
    r"|back\s+off|don'?t|do\s+not|avoid|skip|come\s+out|release)\b",
    rf"\b(?:never|don'?t|do\s+not)\b.{{0,40}}\b(?:into|through|past|feel|cause)\s+(?:any\s+)?"
    rf"{_HURT}",
    r"\bshould(?:\s+not|n't|\s+never)\s+(?:hurt|be\s+painful|cause\s+(?:any\s+)?pain)"
    r"|\b(?:never|not)\s+(?:to\s+the\s+point\s+of\s+)?pain\b|\bpain[-\s]free\b",
    # "Only do these if your surgeon has said it is safe", "... once your physio agrees"
    rf"\b(?:only|unless|until|once)\b.{{0,60}}\b{_PROFESSIONAL}\b.{{0,30}}\b(?:says?|said"
    r"|agrees?|agreed|confirm\w*|allows?|allowed|okays?|okayed)\b",
)
# Safety advice unless the sentence is an instruction to the body ("Stop when your hands
# reach the floor" is a step).
_UNLESS_BODY_RES = _compiled(
    r"\bstop\b.{0,60}\b(?:if|immediately|right\s+away|straight\s+away|at\s+once)\b",
    rf"\b{_CONDITION}\b.*\b(?:worse\w*|worsen\w*|careful|caution|avoid|advice|aggravat\w*"
    r"|skip|check|consult|ask|talk|don'?t|do\s+not|not\s+suitable)\b|\b(?:worse\w*|worsen\w*"
    rf"|aggravat\w*)\b.*\b{_CONDITION}",
    r"\b(?:never|don'?t|do\s+not)\s+(?:force|bounce|jerk|strain|overstretch|push\s+"
    r"(?:through|into|past)\s+(?:the\s+|any\s+)?pain|stretch\s+(?:to|into|through)\s+"
    r"(?:the\s+point\s+of\s+)?pain)",
    r"\bpregnan\w*|\b(?:recent|recently\s+had|had)\s+(?:an?\s+)?(?:\w+\s+){0,2}"
    r"(?:surgery|injur\w*|operation)",
    r"\b(?:do\s+not|don'?t|never|avoid)\b.{0,40}\b(?:this|these|the)\s+(?:exercises?"
    r"|stretch(?:es)?|poses?|moves?|routine|programme|program)\b.{0,40}\bif\b",
    r"\blisten\s+to\s+your\s+body\b|\bwithin\s+(?:a\s+)?(?:pain-free|comfortable)\s+range",
    r"\bnot\s+(?:a\s+substitute\s+for|medical\s+advice)\b",
    r"\b(?:do|perform|practi[sc]e)\s+(?:them|these|all|each|every|the\s+(?:exercises|stretches"
    r"|moves|routine))\b(?:\s+\w+){0,3}?\s+(?:slowly|gently|with\s+control|in\s+a\s+(?:slow"
    r"|controlled))|^move\s+slowly\b",
)
QUOTED_RE = re.compile(
    r"[\"\u201c\u201d]|\b(?:he|she|they)\s+(?:says|said|adds|added|explains|notes)\b"
    r"|\bsays\s+(?:Dr|Mr|Ms|Mrs)\b"
)


# Every warning pattern needs one of these word stems: a quick test rules most sentences out.
_WARNING_STEMS = (
    "doctor", "physician", "physio", "therap", "medical", "health", "gp", "specialist",
    "chiropract", "clinic", "midwife", "surgeon", "nurse", "osteopath", "obstetric", "consult",
    "stop", "back off", "ease", "come out", "pain", "hurt", "numb", "tingl", "dizz", "comfort",
    "pinch", "sharp", "shooting", "burning", "faint", "swell", "strain", "pins", "force",
    "bounce", "jerk", "overstretch", "pregnan", "surger", "injur", "operation", "disc", "disk",
    "osteopor", "blood", "heart", "glaucoma", "hernia", "replacement", "stenosis", "fusion",
    "sciatica", "arthritis", "listen", "substitute", "slowly", "gently", "control", "worse",
    "aggravat",
)  # fmt: skip


def is_warning(sentence: str) -> bool:
    """Whether a sentence is safety advice for the intro (not quoted speech, not a body cue:
    "Lie down if you feel dizzy" is a step; advice to see a professional never is)."""
    lower = sentence.lower()
    if not any(stem in lower for stem in _WARNING_STEMS) or QUOTED_RE.search(sentence):
        return False
    if any(pattern.search(sentence) for pattern in _ALWAYS_RES):
        return True
    if imperative_kind(sentence) == "body":
        return False
    return any(pattern.search(sentence) for pattern in _UNLESS_BODY_RES)


_CLAUSE_RE = re.compile(
    r"\s*(?:;|,?\s+but\s+|\s+-\s+|\s+\u2013\s+|\s+\u2014\s+|,\s+and\s+(?=stop|never|don|do\s+not"
    r"|avoid|back|ease|if|see|consult|check))\s*",
    re.IGNORECASE,
)


def split_warning(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (part, is a warning): one part when it is all warning or all
    instruction, several when a warning shares a sentence with an instruction ("Draw your
    chin back, but stop if you feel dizzy")."""
    parts: list[tuple[str, bool]] = []
    for sentence in sentences(text):
        clauses = [c for c in _CLAUSE_RE.split(sentence) if any(ch.isalpha() for ch in c)]
        flags = [is_warning(clause) and len(clause.split()) >= 3 for clause in clauses]
        instructions = [
            imperative_kind(c) for c, flag in zip(clauses, flags, strict=True) if not flag
        ]
        if any(flags) and any(instructions):
            parts.extend((tidy(clause), flag) for clause, flag in zip(clauses, flags, strict=True))
        else:
            whole = is_warning(sentence) and not any(imperative_kind(c) == "body" for c in clauses)
            parts.append((sentence, whole or any(flags)))
    merged: list[tuple[str, bool]] = []
    for part, flag in parts:
        if merged and merged[-1][1] == flag:
            merged[-1] = (f"{merged[-1][0]} {part}", flag)
        else:
            merged.append((part, flag))
    return merged


def condense_warning(sentence: str) -> str:
    """A warning sentence with attributions and asides trimmed."""
    text = re.sub(
        r"(?:,\s+(?:according\s+to|per|says|via)|\s+according\s+to)\s+"
        r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s*)?[^.;,]+",
        "",
        sentence,
    )
    text = re.sub(r"\s*\([^()]*\)", "", text)
    text = re.sub(r"^(?:so|and|but|also|plus|however|again)\s*,?\s+", "", text, flags=re.I)
    text = " ".join(text.split()).strip(" ,;:")
    if not any(char.isalpha() for char in text):
        return ""
    text = calm_caps(text[0].upper() + text[1:])
    return text if text.endswith((".", "!", "?")) else text + "."
