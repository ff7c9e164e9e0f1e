"""Every word the picture and the follow-along page show, in one place, in any language.

The spoken phrases are :mod:`.phrasebook`'s; these are the words read on a screen: the
picture's "5 exercises", "2 sides", "+ 3 more" and its legend, and the page's labels, hints
and templates ("Exercise {number} of {total}", which the page's script fills in). They go
through the same gettext catalogues (``catalogues/<code>.po``, extracted by
``scripts/messages.sh``) as the phrasebook, so a language is still one file. Numbers are
written in digits (a screen shows "8", not "eight"); a translation may still write ``{n:f}``
(a form is a spoken number's business, digits ignore it).

>>> words = screen_text("en")
>>> words.exercise_count(5), words.details(2, 3, 8), words.more(3), words.legend("breaths")
('5 exercises', ['2 sides', '3 sets', '8 reps'], '+ 3 more', 'breathe')
>>> german = screen_text("de")
>>> german.exercise_count(1), german.details(2, None, 8), german.page()["exercise"]
('1 Übung', ['2 Seiten', '8 Wdh.'], 'Übung {number} von {total}')
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

from .catalogue import translations


@dataclass(frozen=True)
class Digits:
    """A count shown in digits; a translation's form spec (``{n:f}``) changes nothing."""

    value: int

    def __format__(self, form: str) -> str:
        return str(self.value)

    def __str__(self) -> str:
        return str(self.value)


class ScreenText:
    """The picture's and the page's words in one language (``lang``: a code such as ``de``)."""

    def __init__(self, lang: str = "en", translations: gettext.NullTranslations | None = None):
        self.lang = lang
        self._t = translations or gettext.NullTranslations()

    def _(self, message: str) -> str:
        return self._t.gettext(message)  # "{placeholders}" are left for the page to fill

    def _n(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n).format(n=Digits(n))

    def _p(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    # --- the picture --------------------------------------------------------------------------

    def exercise_count(self, n: int) -> str:
        """ "5 exercises", beside the routine's length under its title."""
        # Translators: on the routine's picture, after its length ("12:40 · 5 exercises").
        # Numbers on the picture and the page are digits: {n} is "5".
        return self._n("{n} exercise", "{n} exercises", n)

    def details(self, sides: int, sets: int | None, reps: int | None) -> list[str]:
        """The short facts beside an exercise on the picture, those that apply: "2 sides",
        "3 sets", "8 reps" (each only from two on)."""
        out = []
        if sides > 1:
            # Translators: beside an exercise on the picture, short (abbreviate if your
            # words are long); only ever 2 or more.
            out.append(self._n("{n} side", "{n} sides", sides))
        if sets and sets > 1:
            out.append(self._n("{n} set", "{n} sets", sets))
        if reps and reps > 1:
            # Translators: repetitions, as short as your language allows ("8 Wdh.").
            out.append(self._n("{n} rep", "{n} reps", reps))
        return out

    def more(self, n: int) -> str:
        """ "+ 3 more": the exercises the picture has no room to list."""
        # Translators: the last row of the picture's exercise list: how many more
        # exercises there are than it has room for.
        return self._n("+ {n} more", "+ {n} more", n)

    def legend(self, kind: str) -> str:
        """The legend word of a kind of time on the strip (``overview.KINDS``)."""
        # Translators: the picture's legend: one or two words each, in lower case where
        # your language allows, naming a colour of its time strip.
        words = {
            "speech": self._p("legend", "speech"),
            "hold": self._p("legend", "hold"),
            "breaths": self._p("legend", "breathe"),
            "reps": self._p("legend", "reps"),
            "setup": self._p("legend", "set-up"),
            "rest": self._p("legend", "rest"),
        }
        return words[kind]

    # --- the follow-along page --------------------------------------------------------------

    def phase(self, role: str) -> str | None:
        """The large label of a window on the page ("Hold", "Switch sides"); None for a role
        that shows none."""
        # Translators: the large label over the countdown on the follow-along page while
        # this part runs (shown in capitals); short, not a sentence.
        words = {
            "prep": self._p("page", "Get ready"),
            "hold": self._p("page", "Hold"),
            "breaths": self._p("page", "Breathe"),
            "pause": self._p("page", "Pause"),
            "switch": self._p("page", "Switch sides"),
            "rest": self._p("page", "Rest"),
            "tempo": self._p("page", "Reps"),
        }
        return words.get(role)

    def sound(self, name: str) -> str | None:
        """What a cue sound means, shown on the page while it plays (breathing tones);
        None for sounds that mean nothing to show (chimes)."""
        # Translators: shown on the page while a breathing tone sounds; no full stop.
        words = {
            "tone_in": self._p("page", "Breathe in"),
            "tone_out": self._p("page", "Breathe out"),
        }
        return words.get(name)

    def page(self) -> dict[str, str]:
        """The page's own words, by the name its HTML and script use. ``{name}`` placeholders
        are filled in by the page's script."""
        return {
            # Translators: the follow-along page's hint under the instruction, before playing.
            "hint": self._("Tap anywhere here, or press the space bar, to play"),
            "playing": self._("Playing · tap or press space to pause"),
            "paused": self._("Paused · tap or press space to play"),
            # Translators: the button role of the large panel, read by screen readers.
            "toggle": self._("Play or pause"),
            # Translators: read by screen readers for the big countdown.
            "countdown": self._("Time left in this part"),
            "progress": self._("Progress; tap to jump"),
            # Translators: heading over the line spoken next.
            "next": self._("Next"),
            # Translators: in place of the next line after the last one.
            "end": self._("The end"),
            "chapters": self._("Chapters"),
            # Translators: the page's script puts digits in: "Exercise 2 of 5"; the
            # exercise's name follows. Numbers on the page are digits.
            "exercise": self._("Exercise {number} of {total}"),
            "side": self._("Side {side}"),
            "set": self._("Set {set} of {sets}"),
            # Translators: "Rep 3 of 8": the third of eight repetitions; abbreviate as
            # your language does on a gym screen, wording free of plural forms.
            "rep": self._("Rep {rep} of {reps}"),
            # Translators: {error} is the browser's own name of the error, in English
            # ("NotAllowedError").
            "cannot_play": self._("Cannot play: {error}"),
            # Translators: {file} is the audio file's name.
            "cannot_open": self._(
                "Cannot open {file}: keep this page in the folder of the audio file."
            ),
            "no_wake_lock": self._("This browser may let the screen sleep."),
            "wake_failed": self._("The screen may sleep ({error})."),
        }


@functools.cache
def screen_text(lang: str = "en") -> ScreenText:
    """The screen words for a language code (``de``, ``pt-BR``); raises
    :class:`~.catalogue.UnknownLanguage` when no catalogue covers it."""
    return ScreenText(lang, translations(lang))
