"""Page furniture: the lines of a web page that are not the article (credits, ads, links)."""

from __future__ import annotations

import re

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
