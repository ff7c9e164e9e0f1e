"""Phrase catalogues: one gettext ``.po`` file per language, read with Babel at run time.

English is the source language: the phrases are written in English in
:mod:`.phrasebook` and need no catalogue. Every other language is one file,
``catalogues/<code>.po`` (``de.po``, ``pt_BR.po``), made from the template
``catalogues/messages.pot`` that Babel extracts from the phrasebook; a translator adds a
language by adding that one file (see CONTRIBUTING.md). The file is read with
:func:`babel.messages.pofile.read_po`, compiled in memory with
:func:`babel.messages.mofile.write_mo` and loaded as a standard
:class:`gettext.GNUTranslations`, so plural forms come from the catalogue's own
``Plural-Forms`` header. Babel is imported only when a language other than English is used.

A language code is an ISO 639-1 code with an optional region (``pt``, ``pt-BR``,
``pt_BR``): the most specific catalogue wins (``pt_BR.po``, else ``pt.po``). Engines get the
code as the user wrote it, so ``--lang pt --engine gtts --tld com.br`` picks a Brazilian
voice while the phrases come from ``pt.po``.

>>> base_language("pt-BR"), catalogue_code("pt-BR"), catalogue_code("en-GB")
('pt', 'pt', 'en')
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from importlib.resources import files
from importlib.resources.abc import Traversable

from ..errors import UsageError

SOURCE_LANGUAGE = "en"
"""The language the phrases are written in (no catalogue needed)."""
CATALOGUE_DIR: Traversable = files("stretchaudio.language") / "catalogues"
TEMPLATE = "messages.pot"
CODE_PATTERN = r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*"
"""What a language code looks like: ``de``, ``pt-BR``, ``pt_BR``, ``zh-Hant-TW``."""


class UnknownLanguage(UsageError):
    """Raised for a language code that no phrase catalogue covers."""


def base_language(code: str) -> str:
    """The primary language of a code, lower case: ``pt-BR`` -> ``pt``."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def _normalised(code: str) -> str:
    """``pt-br`` -> ``pt_BR``: the spelling catalogue files use."""
    parts = re.split(r"[-_]", code.strip())
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


@functools.cache
def _catalogue_files() -> dict[str, Traversable]:
    """Every ``<code>.po`` that ships in the catalogue folder, by code."""
    try:
        entries = list(CATALOGUE_DIR.iterdir())
    except OSError:  # pragma: no cover - the folder ships with the package
        return {}
    return {e.name[: -len(".po")]: e for e in entries if e.name.endswith(".po") and e.is_file()}


def supported_languages() -> tuple[str, ...]:
    """The codes of every language the program can narrate in, sorted (English first)."""
    return (SOURCE_LANGUAGE, *sorted(c for c in _catalogue_files() if c != SOURCE_LANGUAGE))


def catalogue_code(code: str) -> str | None:
    """The catalogue that serves ``code``: itself (``pt_BR``), else its base language
    (``pt``); ``en`` for English; None when there is none."""
    if not re.fullmatch(CODE_PATTERN, code.strip()):
        return None
    wanted, base = _normalised(code), base_language(code)
    if base == SOURCE_LANGUAGE:
        return SOURCE_LANGUAGE
    for candidate in (wanted, base):
        if candidate in _catalogue_files():
            return candidate
    return None


def language_name(code: str) -> str:
    """The English name of a language ("German"), or the code when Babel does not know it."""
    if base_language(code) == SOURCE_LANGUAGE:
        return "English"
    try:
        from babel import Locale

        return str(Locale.parse(_normalised(code)).get_display_name("en") or code)
    except (ValueError, TypeError, LookupError):  # babel's UnknownLocaleError is a LookupError
        return code


def suggest_code(written: str) -> str:
    """ " (did you mean 'de'?)" when ``written`` is the English or native name of a supported
    language ("German", "Deutsch", "español"), else ""."""
    wanted = written.strip().casefold()
    for code in supported_languages():
        names = {language_name(code).casefold(), _native_name(code).casefold()}
        if wanted in names:
            return f" (did you mean {code!r}?)"
    return ""


def _native_name(code: str) -> str:
    try:
        from babel import Locale

        return str(Locale.parse(_normalised(code)).get_display_name() or code)
    except (ValueError, TypeError, LookupError):
        return code


def describe_supported() -> str:
    """ "de (German), en (English), ..." for error messages."""
    return ", ".join(f"{c} ({language_name(c)})" for c in sorted(supported_languages()))


def check_language(code: str, where: str = "--lang") -> str:
    """``code`` when a catalogue covers it; else UnknownLanguage, saying ``where`` it came
    from and which languages there are."""
    if catalogue_code(code) is not None:
        return code
    raise UnknownLanguage(
        f"{where}: there are no phrases for the language {code!r}; stretchaudio speaks "
        f"{describe_supported()}. Use one of these codes, or add a catalogue for yours "
        "(see CONTRIBUTING.md, 'Adding a language')"
    )


@functools.cache
def translations(code: str) -> gettext.NullTranslations:
    """The gettext translations for ``code``; NullTranslations (the English source) for
    English. Raises UnknownLanguage when no catalogue covers it."""
    found = catalogue_code(check_language(code))
    if found is None or found == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return _load(found)


def _load(code: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    entry = _catalogue_files()[code]
    with entry.open("rb") as fh:
        catalog = read_po(fh, locale=None, domain="messages")
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)  # a fuzzy (unchecked) entry is not a translation
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def template_path() -> Traversable:
    """``messages.pot``: the template every catalogue is made from (Babel extracts it)."""
    return CATALOGUE_DIR / TEMPLATE
