"""Safety advice: sentences that belong in the spoken intro, never in a step."""

from __future__ import annotations

import re

from .words import imperative_kind

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
