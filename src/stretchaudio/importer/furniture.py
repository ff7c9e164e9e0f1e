"""Page furniture: the lines of a web page that are not the article (credits, ads, links).

:func:`furniture_kind` names what a line is ("an image credit", "an advertisement"), so that
the message about leaving it out says so.
"""

from __future__ import annotations

import re

_CREDIT = "an image credit"
_KINDS: tuple[tuple[str, str], ...] = (
    (
        _CREDIT,
        r"^(?:image|photo|picture|video|illustration|graphic)s?\s*(?:credits?|sources?|courtesy"
        r"|by)?\s*[:\u00a9]",
    ),
    (_CREDIT, r"^(?:credits?|photo(?:graph)?s?\s+by|courtesy\s+of)\b"),
    (
        _CREDIT,
        r"^.{0,80}\b(?:getty\s*images|istock(?:photo)?|shutterstock|adobe\s*stock|unsplash"
        r"|pexels)\b.{0,40}$",
    ),
    (
        "an advertisement",
        r"^(?:advertisement|advert|ad|ads|sponsored(?:\s+content)?|promoted|paid\s+content)$",
    ),
    (
        "a reading prompt",
        r"^(?:story|article)\s+continues\s+below|^continue\s+reading\b"
        r"|^scroll\s+(?:down\s+)?to\s+(?:continue|read)|^video\s+of\s+the\s+day$",
    ),
    (
        "a list of links",
        r"^related(?:\s+(?:reading|articles?|stories|story|posts?|content|links?|videos?))?"
        r"\s*:?$|^read\s+(?:more|next|also|this)\b|^see\s+also\b"
        r"|^you\s+(?:may|might)\s+also\s+(?:like|enjoy)\b"
        r"|^recommended(?:\s+(?:for\s+you|reading|articles?))?\s*:?$|^more\s+from\b"
        r"|^(?:most\s+)?(?:popular|trending)(?:\s+(?:now|stories|articles))?\s*:?$",
    ),
    (
        "a page control",
        r"^report\s+an?\s+(?:issue|error|problem)$|^screenshot\b|^(?:loading|please\s+wait)\W*$"
        r"|^share(?:\s+(?:this|on|via|article|post|page)\b.{0,40})?$"
        r"|^(?:pin|tweet|email|print|save)(?:\s+(?:it|this|article|page|for\s+later))?\W*$"
        r"|^(?:click|tap)\s+here\b|^(?:table\s+of\s+)?contents\s*:?$"
        r"|^(?:in\s+this\s+article|jump\s+to|skip\s+to)\b|^back\s+to\s+top$"
        r"|^(?:play|watch)(?:\s+(?:video|now))?$|^(?:next|previous)\s+(?:article|story|slide"
        r"|page)\b|^activity\s+[A-Za-z]+$|^pin\s+(?:this|it)\b.{0,40}$",
    ),
    (
        "a sign-up prompt",
        r"^(?:subscribe|sign\s+up|sign\s+in|log\s+in|register)\b.{0,80}$"
        r"|^(?:join|get)\s+our\s+(?:newsletter|mailing\s+list)|^newsletter\b|^follow\s+us\b"
        r"|^(?:learn\s+more|shop\s+now|buy\s+now|order\s+now|see\s+price|check\s+price)\b.{0,40}$",
    ),
    (
        "a comments link",
        r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$|^leave\s+a\s+(?:comment|reply)"
        r"|\b(?:let\s+(?:me|us)\s+know|tell\s+(?:me|us))\b.{0,60}\bcomments?\b"
        r"|^did\s+(?:this|these|it)\s+(?:help|work)(?:\s+for\s+you)?\W*$",
    ),
    (
        "a legal notice",
        r"cookies?\b.{0,60}\b(?:accept|consent|policy)|\bprivacy\s+policy\b"
        r"|\b(?:we|this\s+(?:site|website|page))\s+uses?\s+cookies\b"
        r"|\u00a9|^copyright\b|all\s+rights\s+reserved",
    ),
    (
        "a byline or date",
        r"^(?:medically\s+)?(?:reviewed|fact[-\s]checked)\s+by\b"
        r"|^(?:written|updated|published|posted|edited)\s+(?:by|on)\b"
        r"|(?-i:^By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3}(?:\s*[,|].{0,60})?$)"
        r"|^(?:last\s+)?(?:medically\s+)?(?:updated|reviewed|published)(?:\s+on)?\s*:?\s+"
        r"(?:\w+\s+)?\d.{0,40}$"
        r"|^\d+\s*(?:min(?:ute)?s?)\s+read$",
    ),
    ("a link", r"^https?://\S+$|^www\.\S+$"),
    ("a footnote", r"^\[\^?[^\]]{1,20}\]:\s"),
)
_KIND_RES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KINDS)

LINKS_HEADER_RE = re.compile(
    r"^(?:related|read\s+(?:more|next|also)|see\s+also|you\s+(?:may|might)\s+also|recommended"
    r"|more\s+from|(?:most\s+)?popular|trending)\b",
    re.IGNORECASE,
)


def furniture_kind(text: str) -> str | None:
    """What kind of page furniture a line is ("an advertisement"), or None if it is content."""
    return next((kind for kind, pattern in _KIND_RES if pattern.search(text)), None)


def is_noise(text: str) -> bool:
    """Whether a line is page furniture rather than article content."""
    return furniture_kind(text) is not None


def is_credit(text: str) -> bool:
    """Whether a line credits an image (so the line just above it is a caption)."""
    return furniture_kind(text) == _CREDIT
