"""Labels at the start of a line: "How to do it:", "Tip:", "Warning:", "Hold: 30 seconds"."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
