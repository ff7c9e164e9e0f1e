"""The picture of a routine: its title, total length, exercises in order, and a time strip.

Drawn with Pillow (imported only when a picture is made, so ``stretchaudio --help`` stays
instant) in Aileron Regular, shipped with the package (``assets/aileron-regular.woff``, the
whole font: Latin-1 and more, so "Übungen", "séries" and "exercícios" are drawn; Pillow's own
default font is the same design cut down to ASCII), so it looks the same on every machine with
no system fonts. Aileron is by Sora Sagano (dotcolon.net), CC0-1.0; the file is the unmodified
``aileron-latin-400-normal.woff`` of the ``@fontsource/aileron`` 5.3.0 package.

The layout is computed once as a list of shapes in pixels (``layout``) and then painted as a
PNG (``png``) or written as SVG (``svg``), so both show exactly the same thing. Its words are
in the timeline's language (:mod:`.language.screen`).

Everything is sized in hundredths of the square's side, so the 1400 px cover (what podcast apps
ask for) and a 300 px thumbnail (a phone's player) have the same layout; the smallest text is
a little over 10 px at 300 px.
"""

from __future__ import annotations

import functools
import io
import threading
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from . import scriptfmt
from .overview import KIND, Kind, Overview, clock, overview

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

    from .timeline import Timeline

COVER_SIZE = 1400
"""Side of the embedded cover and of ``NAME.png``, in pixels (podcast apps ask for
1400-3000; players scale it down)."""

BACKGROUND = "#16202C"
TRACK = "#263345"
TEXT = "#F5F1E8"
MUTED = "#AEB8C6"
ACCENT = "#F9C66B"  # not one of the strip colours
SVG_FONTS = "Aileron, 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Label:
    """Text whose anchor point is on its baseline: at its left ("ls"), right ("rs") or middle
    ("ms")."""

    x: float
    y: float
    text: str
    size: float
    fill: str
    anchor: str = "ls"
    bold: bool = False


Shape = Box | Label


_fonts = threading.local()


FONT = resources.files("stretchaudio") / "assets" / "aileron-regular.woff"


@functools.cache
def _font_bytes() -> bytes:
    return FONT.read_bytes()


def _font(size: int) -> FreeTypeFont:
    """The picture's font at ``size`` px, loaded once per thread (a FreeType face must not be
    used by two threads at once, and a batch draws its pictures in parallel)."""
    from PIL import ImageFont

    cache: dict[int, FreeTypeFont] = _fonts.__dict__.setdefault("by_size", {})
    if size not in cache:
        cache[size] = ImageFont.truetype(io.BytesIO(_font_bytes()), size)
    return cache[size]


def width(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of ``text`` in the picture's font at ``size`` px."""
    extra = 2 * _stroke(size) if bold else 0
    return float(_font(max(1, round(size))).getlength(text)) + extra


def _stroke(size: float) -> int:
    return max(1, round(size / 30))


def fit(text: str, size: float, room: float, bold: bool = False) -> str:
    """``text``, shortened with an ellipsis if it is wider than ``room`` pixels."""
    if width(text, size, bold) <= room:
        return text
    words = text.split()
    while len(words) > 1 and width(" ".join(words) + "…", size, bold) > room:
        words.pop()
    short = " ".join(words)
    while short and width(short + "…", size, bold) > room:
        short = short[:-1]
    return short.rstrip(" ,.;:-") + "…"


def wrap(text: str, size: float, room: float, lines: int, bold: bool = False) -> list[str]:
    """``text`` broken into at most ``lines`` lines of at most ``room`` pixels (the last one
    shortened with an ellipsis if needed)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and width(f"{line} {words[0]}", size, bold) <= room:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = fit(f"{out[-1]} {' '.join(words)}", size, room, bold)
    return [fit(line, size, room, bold) for line in out]


def layout(view: Overview, size: int = COVER_SIZE) -> list[Shape]:
    """The picture of ``view`` as shapes on a ``size`` x ``size`` square."""
    u = size / 100
    margin, room = 6 * u, size - 12 * u
    shapes: list[Shape] = [Box(0, 0, size, size, BACKGROUND)]
    y = margin
    whole = " ".join(view.title.split())
    for title_size in (7.2 * u, 6 * u, 5 * u):  # the largest size that shows all of it
        lines = wrap(whole, title_size, room, 2, bold=True)
        if " ".join(lines) == whole:
            break
    for line in lines:
        y += title_size * 1.08
        shapes.append(Label(margin, y, line, title_size, TEXT, bold=True))
    count = len(view.exercises)
    y += 6.6 * u
    line = f"{clock(view.seconds)}  ·  {view.words.exercise_count(count)}"
    shapes.append(Label(margin, y, line, 4.6 * u, ACCENT))
    bottom, strip = _strip(view, size, u, margin, room)
    shapes += strip
    shapes += _exercise_list(view, u, margin, room, y + 3 * u, bottom - 3 * u)
    return shapes


def _exercise_list(
    view: Overview, u: float, margin: float, room: float, top: float, bottom: float
) -> list[Shape]:
    rows = list(view.exercises)
    shapes: list[Shape] = []
    for text_size in (5.6 * u, 5.0 * u, 4.4 * u, 4.0 * u, 3.6 * u):  # the largest that fits
        pitch = text_size * 1.45
        if len(rows) * pitch <= bottom - top:
            break
    fits = max(1, int((bottom - top) // pitch))
    shown = rows if len(rows) <= fits else rows[: fits - 1]
    numbers = 6 * u
    y = top
    for info in shown:
        y += pitch
        shapes.append(
            Label(margin + numbers - 1.8 * u, y, str(info.number), text_size, ACCENT, "rs")
        )
        details = " · ".join(info.details(view.words))
        detail_size = 3.6 * u
        detail_room = width(details, detail_size) + 2 * u if details else 0
        name = fit(info.name, text_size, room - numbers - detail_room)
        shapes.append(Label(margin + numbers, y, name, text_size, TEXT))
        if details:
            shapes.append(Label(margin + room, y, details, detail_size, MUTED, "rs"))
    if len(shown) < len(rows):
        more = len(rows) - len(shown)
        shapes.append(Label(margin + numbers, y + pitch, view.words.more(more), text_size, MUTED))
    return shapes


def _strip(
    view: Overview, size: int, u: float, margin: float, room: float
) -> tuple[float, list[Shape]]:
    """The time strip with its legend, exercise numbers and time labels; returns the top of
    the whole block and its shapes."""
    total = max(view.total, 1)
    label_size = 3.6 * u
    base = size - margin  # baseline of the time labels
    y1 = base - 5 * u
    height = 8 * u
    y0 = y1 - height
    shapes: list[Shape] = [Box(margin, y0, room, height, TRACK)]
    for seg in view.segments:
        kind = KIND[seg.kind]
        x = margin + room * seg.start / total
        w = room * (seg.end - seg.start) / total
        shapes.append(Box(x, y1 - height * kind.height, w, height * kind.height, kind.colour))
    last_right = margin - 10 * u
    for info in view.exercises:
        x = margin + room * info.start / total
        if info.start > 0:
            shapes.append(Box(x - 0.2 * u, y0, 0.4 * u, height, BACKGROUND))
        text = str(info.number)
        half = width(text, label_size) / 2
        centre = min(max(x + half, margin + half), margin + room - half)
        if centre - half >= last_right + 0.8 * u:
            shapes.append(Label(centre, y0 - 1.4 * u, text, label_size, MUTED, "ms"))
            last_right = centre + half
    shapes.append(Label(margin, base, "0:00", label_size, MUTED))
    shapes.append(Label(margin + room, base, clock(view.seconds), label_size, TEXT, "rs"))
    top, legend = _legend(view, u, margin, room, y0 - 6.5 * u)
    return top, shapes + legend


def _legend(
    view: Overview, u: float, margin: float, room: float, base: float
) -> tuple[float, list[Shape]]:
    """Swatches with labels, in as many rows as they need, the last row's baseline at
    ``base``; returns the top of the first row and the shapes."""
    label_size, swatch, gap = 3.6 * u, 3.2 * u, 3.2 * u
    rows: list[list[tuple[float, Kind, str]]] = [[]]
    x = 0.0
    for kind in view.kinds():
        word = view.words.legend(kind.key)
        item = swatch + 1.2 * u + width(word, label_size)
        if rows[-1] and x + item > room:
            rows.append([])
            x = 0.0
        rows[-1].append((x, kind, word))
        x += item + gap
    pitch = 5.4 * u
    shapes: list[Shape] = []
    for r, row in enumerate(rows):
        y = base - (len(rows) - 1 - r) * pitch
        for x, kind, word in row:
            h = swatch * max(kind.height, 0.3)
            shapes.append(Box(margin + x, y - h, swatch, h, kind.colour))
            shapes.append(Label(margin + x + swatch + 1.2 * u, y, word, label_size, TEXT))
    return base - len(rows) * pitch, shapes


def _view(timeline: Timeline | Overview) -> Overview:
    if isinstance(timeline, Overview):
        return timeline
    return overview(scriptfmt.to_dict(timeline))


def png(timeline: Timeline | Overview, size: int = COVER_SIZE) -> bytes:
    """The picture as PNG bytes (``size`` x ``size`` pixels)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for shape in layout(_view(timeline), size):
        if isinstance(shape, Box):
            left, right = round(shape.x), round(shape.x + shape.w)
            top, bottom = round(shape.y), round(shape.y + shape.h)
            if right > left and bottom > top:
                draw.rectangle((left, top, right - 1, bottom - 1), fill=shape.fill)
        else:
            px = max(1, round(shape.size))
            stroke = _stroke(shape.size) if shape.bold else 0
            draw.text(
                (shape.x + stroke, shape.y),
                shape.text,
                font=_font(px),
                fill=shape.fill,
                anchor=shape.anchor,
                stroke_width=stroke,
                stroke_fill=shape.fill,
            )
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # 2-3x faster than 6, ~20% larger
    return out.getvalue()


def svg(timeline: Timeline | Overview, size: int = COVER_SIZE) -> str:
    """The same picture as an SVG document (text stays text: searchable and sharp)."""
    anchors = {"ls": "start", "rs": "end", "ms": "middle"}
    view = _view(timeline)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" font-family="{SVG_FONTS}">',
        f"<title>{escape(view.title)}</title>",
    ]
    for shape in layout(view, size):
        if isinstance(shape, Box):
            out.append(
                f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.w:.2f}" '
                f'height="{shape.h:.2f}" fill="{shape.fill}"/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size:.2f}" '
                f'fill="{shape.fill}" text-anchor="{anchors[shape.anchor]}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
