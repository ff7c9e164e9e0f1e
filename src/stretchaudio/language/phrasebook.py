"""Every phrase the program adds to a routine's own words, in one place.

The planner never writes English itself: it asks a :class:`Phrasebook` for "Hold for twenty
seconds.", "Now the other side.", "Exercise two of five." and so on. Messages go through
gettext (``gettext``/``ngettext`` with named ``{placeholders}``), numbers through
:func:`~stretchaudio.language.numerals.number_words`, so a language is a message catalogue
away; English is the source language and needs none.

>>> book = Phrasebook()
>>> book.hold(20), book.breaths(1), book.rest(90), book.reps(10, on_count=True)
('Hold for twenty seconds.', 'Stay here for one slow breath.', 'Rest for a minute and a half.', \
'Ten times, on my count.')
>>> book.hold(150), book.count(3, "lift"), book.exercise_number(2, 5)
('Hold for two and a half minutes.', 'Three: lift.', 'Exercise two of five.')
"""

from __future__ import annotations

import gettext

from .numerals import number_words
from .text import sentence


class Phrasebook:
    """The program's phrases in one language (``lang``: an ISO 639-1 code)."""

    def __init__(self, lang: str = "en", translations: gettext.NullTranslations | None = None):
        self.lang = lang
        self._t = translations or gettext.NullTranslations()

    # --- plumbing ---------------------------------------------------------------------------

    def _(self, message: str, **values: object) -> str:
        return self._t.gettext(message).format(**values)

    def _n(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=self.number(n), **values)

    def number(self, n: int) -> str:
        """``n`` in words ("twenty-six")."""
        return number_words(n, self.lang)

    def duration(self, seconds: float) -> str:
        """A length as a person says it: "forty-five seconds", "one minute", "a minute and a
        half", "two minutes and twenty seconds". To the second under a minute; from a minute
        on, to the nearest five seconds."""
        whole = int(seconds + 0.5)  # 6.5 s is "seven seconds" (round() would say six)
        if whole >= 60:
            whole = 5 * int(whole / 5 + 0.5)
        minutes, rest = divmod(whole, 60)
        if minutes == 0:
            return self._n("{n} second", "{n} seconds", whole)
        if rest == 0:
            return self._n("{n} minute", "{n} minutes", minutes)
        if rest == 30:
            if minutes == 1:
                return self._("a minute and a half")
            return self._("{n} and a half minutes", n=self.number(minutes))
        return self._(
            "{minutes} and {seconds}",
            minutes=self._n("{n} minute", "{n} minutes", minutes),
            seconds=self._n("{n} second", "{n} seconds", rest),
        )

    # --- around the exercises ---------------------------------------------------------------

    def title(self, title: str) -> str:
        return sentence(title)

    def first_up(self, name: str) -> str:
        return self._("First up: {name}", name=sentence(name))

    def next_up(self, name: str) -> str:
        return self._("Next up: {name}", name=sentence(name))

    def get_ready(self) -> str:
        return self._("Get ready.")

    def exercise_number(self, number: int, total: int) -> str:
        """ "Exercise two of five."; "Begin." when the routine has a single exercise."""
        if total == 1:
            return self._("Begin.")
        words = {"number": self.number(number), "total": self.number(total)}
        return self._("Exercise {number} of {total}.", **words)

    def set_number(self, number: int, total: int) -> str:
        words = {"number": self.number(number), "total": self.number(total)}
        return self._("Set {number} of {total}.", **words)

    def rest(self, seconds: float | None) -> str:
        if seconds is None:
            return self._("Rest.")
        return self._("Rest for {duration}.", duration=self.duration(seconds))

    def closing(self) -> str:
        return self._("That's the end of the routine. Well done.")

    def safety(self) -> str:
        """Said first when a routine gives no intro of its own."""
        return self._("Move gently, never into pain, and stop if anything hurts.")

    # --- sides --------------------------------------------------------------------------------

    def other_side(self) -> str:
        return self._("Now the other side.")

    def same_other_side(self) -> str:
        return self._("Now the other side, the same way.")

    def release(self) -> str:
        return self._("Release.")

    def relax(self) -> str:
        """After the last repetition of a set or side."""
        return self._("And relax.")

    # --- timed actions --------------------------------------------------------------------------

    def hold(self, seconds: float | None) -> str:
        if seconds is None:
            return self._("Hold.")
        return self._("Hold for {duration}.", duration=self.duration(seconds))

    def breaths(self, count: int | None) -> str:
        if count is None:
            return self._("Stay here, and breathe slowly.")
        return self._n("Stay here for {n} slow breath.", "Stay here for {n} slow breaths.", count)

    def rep_hold(self, seconds: float | None, then: str = "") -> str:
        """How long to hold each repetition, said once before the counting, with what to do
        after it ("Hold each one for five seconds, then lower slowly.")."""
        if seconds is None:
            line = self._("Hold each one")
        else:
            line = self._("Hold each one for {duration}", duration=self.duration(seconds))
        return self._then(line, then)

    def rep_breaths(self, count: int, then: str = "") -> str:
        """ "Hold each one for three breaths." """
        line = self._n("Hold each one for {n} breath", "Hold each one for {n} breaths", count)
        return self._then(line, then)

    def _then(self, line: str, then: str) -> str:
        if not then:
            return sentence(line)
        then = then.strip().rstrip(".!")
        then = then[0].lower() + then[1:] if then[:2] != then[:2].upper() else then
        return self._("{action}, then {after}.", action=line, after=then)

    def reps(self, count: int | None, on_count: bool) -> str:
        """ "Ten times, on my count." before counted repetitions."""
        if count is None:
            return self._("On my count.") if on_count else self._("Slowly, at your own pace.")
        if on_count:
            return self._n("{n} time, on my count.", "{n} times, on my count.", count).capitalize()
        return self._n("{n} time, slowly.", "{n} times, slowly.", count).capitalize()

    def count(self, k: int, word: str | None = None) -> str:
        """ "Three." or, with the first phase's cue word, "Three: lift." """
        if word:
            return self._("{n}: {word}", n=self.number(k).capitalize(), word=sentence(word.lower()))
        return sentence(self.number(k).capitalize())

    def tempo_hold(self) -> str:
        return self._("Hold.")

    def tempo_back(self) -> str:
        return self._("And back.")

    def tempo_return(self, after: str) -> str:
        """The word for coming back out of a repetition's hold, from what the step says to do
        after it: "then lower slowly" gives "And lower.", else "And release."."""
        words = after.lower().replace(",", " ").split()
        while words and words[0] in _LEAD_WORDS:
            words.pop(0)
        verb = _RETURN_VERBS.get(words[0]) if words else None
        return self._(verb) if verb else self._("And release.")

    def breath_phase(self, inhale: bool) -> str:
        """A repetition paced by the breath: "Breathe in." / "Breathe out." """
        return self.breathe_in() if inhale else self.breathe_out()

    # --- cues inside windows --------------------------------------------------------------------

    def countdown(self, k: int) -> str:
        return sentence(self.number(k).capitalize())

    def halfway(self) -> str:
        return self._("Halfway.")

    def minute_left(self) -> str:
        """In holds of two minutes or more, a minute before the end."""
        return self._("One minute left.")

    def breathe_in(self, short: bool = False) -> str:
        return self._("In.") if short else self._("Breathe in.")

    def breathe_out(self, short: bool = False) -> str:
        return self._("Out.") if short else self._("Breathe out.")


_LEAD_WORDS = frozenset({"then", "and", "slowly", "gently", "now", "carefully", "smoothly"})
_RETURN_VERBS = {
    "lower": "And lower.",
    "release": "And release.",
    "relax": "And relax.",
    "return": "And return.",
    "straighten": "And straighten.",
    "uncurl": "And uncurl.",
    "bring": "And back.",
    "come": "And back.",
    "roll": "And roll back.",
}
"""English words that start an "after" text, and the cue for that return (English routines;
other languages get "And release." from their catalogue)."""
