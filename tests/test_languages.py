"""Narration in the routine's language (issue #17): catalogues, phrases, numbers, sides, voices.

The fixtures in tests/languages/ are the built-in l5-s1 routine translated into each language.
Their scripts must hold no English program phrase, numbers in their own language, and sides
mirrored in their own grammar; espeak-ng renders them offline with exact windows, and gTTS is
asked for the right language on every request (against the fake endpoint).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from num2words import num2words

from fake_gtts import FakeGoogle
from measure import decode, gap_around, silent_runs
from stretchaudio.cli import cli
from stretchaudio.errors import RoutineError, UsageError
from stretchaudio.language import catalogue, mirror_sides
from stretchaudio.language.phrasebook import Phrasebook, phrasebook, upper_first
from stretchaudio.language.screen import screen_text
from stretchaudio.model import Routine
from stretchaudio.planner import Plan, Role, Say, Wait, plan
from stretchaudio.routine import load_builtin, load_routines, load_routines_text
from stretchaudio.settings import Options

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "languages"
LANGUAGE = HERE.parent / "src" / "stretchaudio" / "language"
SOURCES = (LANGUAGE / "phrasebook.py", LANGUAGE / "screen.py")
"""What scripts/messages.sh extracts: the spoken phrases and the words on screen."""
LANGUAGES = ("de", "es", "fr", "it", "nl", "pt")
KEYWORDS = {"_": None, "_n": (1, 2), "_p": ((1, "c"), 2), "N_": None}
EXPECTED: dict[str, dict[str, list[Any]]] = yaml.safe_load(
    (FIXTURES / "expected.yaml").read_text(encoding="utf-8")
)
"""What each language says, read and checked by hand (see the file's header)."""
GENERATED = {Role.ANNOUNCE, Role.EXERCISE, Role.CUE, Role.COUNT}


def translated(lang: str) -> Routine:
    return load_routines(FIXTURES / f"l5-s1.{lang}.yaml")[0]


def routine(text: str, language: str | None = None) -> Routine:
    return load_routines_text(text, "test.yaml", language)[0]


def cue_texts(p: Plan, *roles: Role) -> list[str]:
    """Every spoken cue inside the windows (of ``roles``, or all)."""
    return [
        c.text
        for i in p.items
        if isinstance(i, Wait)
        for c in i.cues
        if c.text is not None and (not roles or c.role in roles)
    ]


def program_lines(p: Plan) -> list[str]:
    """What the program adds: generated lines and every spoken cue (a tempo's own words,
    "Lift." or "Heben.", are the routine's)."""
    return [i.text for i in p.items if isinstance(i, Say) and i.role in GENERATED] + cue_texts(p)


def said(p: Plan) -> list[str]:
    """Every line and spoken cue, in order."""
    return [i.text for i in p.items if isinstance(i, Say)] + cue_texts(p)


def run(args: list[str], tmp_path: Path, **env: str) -> Result:
    config = tmp_path / "config.toml"
    config.touch()
    environment = {
        "STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache"),
        "STRETCHAUDIO_CONFIG": str(config),
        **env,
    }
    return CliRunner(mix_stderr=False).invoke(cli, args, env=environment)


# --- the catalogues -----------------------------------------------------------------------


def extracted() -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Every message the phrasebook and the screen words can produce, as Babel extracts
    it: (context, msgid) -> (msgid,) or (singular, plural)."""
    found: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for source in SOURCES:
        for _line, message, _comments, context in extract_from_file(
            "python", str(source), keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            ids = (message,) if isinstance(message, str) else tuple(message)
            found[(context, ids[0])] = ids
    return found


def _names(text: str) -> set[str]:
    return {m.split(":")[0] for m in re.findall(r"\{([^{}]*)\}", text)}


Messages = dict[tuple[str | None, str], tuple[str, ...]]


def problems(catalog: Catalog, messages: Messages) -> list[str]:
    """What keeps a catalogue from covering every phrase: missing, empty, fuzzy or extra
    entries, placeholders that do not match, plural counts that do not match the header."""
    out: list[str] = []
    plurals = catalog.num_plurals
    keys = set()
    for msg in catalog:
        if not msg.id:
            continue
        ids = (msg.id,) if isinstance(msg.id, str) else tuple(msg.id)
        keys.add((msg.context, ids[0]))
        if (msg.context, ids[0]) not in messages:
            out.append(f"not in the code any more: {ids[0]!r}")
            continue
        strings = translations_of(msg.string)
        if msg.fuzzy:
            out.append(f"fuzzy (unchecked): {ids[0]!r}")
        if len(ids) == 2 and len(strings) != plurals:
            out.append(f"{len(strings)} plural forms for {ids[0]!r}, the header says {plurals}")
        for k, string in enumerate(strings):
            source = ids[min(k, len(ids) - 1)]
            if not string.strip():
                out.append(f"untranslated: {source!r}")
            elif len(ids) == 2 and k == 0 and _names(string) <= _names(ids[0]) | _names(ids[1]):
                # A singular may spell its number out ("einen Atemzug"), or count where the
                # English says "Once" ("{n:f} fois"): ngettext always gives the number.
                continue
            elif _names(string) != _names(source):
                out.append(f"placeholders of {string!r} differ from {source!r}")
    out += [f"missing: {key[1]!r}" for key in messages if key not in keys]
    return out


def translations_of(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's translation(s), as a tuple (one per plural form)."""
    if string is None:
        return ()
    return (string,) if isinstance(string, str) else tuple(string)


def po_file(lang: str) -> Path:
    return Path(str(catalogue.CATALOGUE_DIR / f"{lang}.po"))


def load_catalog(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def test_there_is_a_catalogue_for_each_language_and_english_needs_none() -> None:
    assert catalogue.supported_languages() == ("en", "de", "es", "fr", "it", "nl", "pt")
    assert isinstance(catalogue.translations("en"), type(catalogue.translations("en")))
    assert catalogue.translations("de").gettext("Get ready.") == "Mach dich bereit."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_phrase_the_code_can_say_is_translated(lang: str) -> None:
    messages = extracted()
    assert len(messages) >= 30  # the extractor finds the phrasebook's calls
    catalog = load_catalog(po_file(lang))
    assert problems(catalog, messages) == []
    assert catalog.num_plurals == 2 and "n" in str(catalog.plural_expr)


def test_the_checker_finds_what_a_translator_forgot(tmp_path: Path) -> None:
    po = po_file("de").read_text(encoding="utf-8")
    broken = po.replace('msgstr "Mach dich bereit."', 'msgstr ""')
    broken = broken.replace('msgstr "Halte die Position {duration} lang."', 'msgstr "Halte."')
    fuzzy = 'msgid "Breathe out."\nmsgstr "Ausatmen."'
    assert fuzzy in broken
    broken = broken.replace(fuzzy, "#, fuzzy\n" + fuzzy)
    path = tmp_path / "de.po"
    path.write_text(broken, encoding="utf-8")
    found = problems(load_catalog(path), extracted())
    assert "untranslated: 'Get ready.'" in found
    assert any("placeholders of 'Halte.'" in p for p in found)
    assert "fuzzy (unchecked): 'Breathe out.'" in found
    assert len(found) == 3, found


def test_the_template_lists_exactly_the_phrases_of_the_code() -> None:
    template = load_catalog(Path(str(catalogue.template_path())))
    keys = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    assert keys == set(extracted()), "run scripts/messages.sh"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_num2words_writes_the_numbers_of_every_catalogue_language(lang: str) -> None:
    assert phrasebook(lang).countdown(3) != phrasebook("en").countdown(3)


# --- phrases and numbers --------------------------------------------------------------------

ENGLISH_NUMBERS = {num2words(n, lang="en") for n in range(0, 101)} | {"hundred"}


def english_words(lang: str) -> set[str]:
    """English words of the program's phrases that must not appear in ``lang``'s phrases
    (minus words the language shares, such as French "minute")."""
    words: set[str] = set()
    for ids in extracted().values():
        for text in ids:
            words |= {w.lower() for w in re.findall(r"[A-Za-z']{3,}", re.sub(r"\{.*?\}", "", text))}
    words |= {w for n in ENGLISH_NUMBERS for w in re.split(r"[- ]", n) if len(w) > 2}
    catalog = load_catalog(po_file(lang))
    own = " ".join(" ".join(translations_of(m.string)) for m in catalog if m.id)
    shared = {w.lower() for w in re.findall(r"\w+", re.sub(r"\{.*?\}", "", own))}
    return words - shared - own_numbers(lang) - {"left", "right"}


def own_numbers(lang: str) -> set[str]:
    """The words of ``lang``'s numbers up to 100 (French "six" is no English leak)."""
    return {w for n in range(101) for w in re.split(r"[- ]", num2words(n, lang=lang).lower())}


def sample_phrases(book: Phrasebook) -> list[str]:
    """A wide sample of everything a phrasebook says."""
    out = [
        book.get_ready(), book.closing(), book.other_side(), book.same_other_side(),
        book.release(), book.hold(None), book.breaths(None), book.rep_hold(None),
        book.reps(None, True), book.reps(None, False), book.tempo_hold(), book.tempo_back(),
        book.halfway(), book.minute_left(), book.breathe_in(), book.breathe_out(),
        book.breathe_in(short=True), book.breathe_out(short=True), book.rest(None),
        book.first_up("X"), book.next_up("X"), book.count(4, "Lift"), book.count(4),
        book.exercise_number(1, 1),
    ]  # fmt: skip
    for n in (1, 2, 3, 7, 10, 21, 30, 45, 59, 60, 61, 90, 119, 120, 150, 200, 600, 3600):
        out += [book.hold(n), book.rest(n), book.rep_hold(n)]
    for n in (1, 2, 3, 5, 8, 12, 20, 21, 31, 50, 100):
        out += [book.breaths(n), book.reps(n, True), book.reps(n, False)]
        out += [book.exercise_number(n, 100), book.set_number(1, n)]
    out += [book.countdown(k) for k in range(1, 11)]
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phrases_hold_no_english_and_their_numbers_are_the_languages(lang: str) -> None:
    book, english = phrasebook(lang), phrasebook("en")
    forbidden = english_words(lang)
    assert {"hold", "seconds", "breaths", "twenty", "times"} <= forbidden | {"minute"}
    for phrase, source in zip(sample_phrases(book), sample_phrases(english), strict=True):
        same = set(re.findall(r"\w+", phrase.lower())) <= own_numbers(lang) | {"x"}
        assert phrase != source or same, (lang, phrase)
        leaked = {w.lower() for w in re.findall(r"[A-Za-z']+", phrase)} & forbidden
        assert not leaked, (lang, phrase, leaked)
        assert phrase[:1].isupper() or phrase.startswith("X"), phrase
    for k in (1, 3, 7, 10):
        assert book.countdown(k) == upper_first(num2words(k, lang=lang)) + "."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_agree_with_their_nouns(lang: str) -> None:
    """Number words agree with their noun; plurals follow the catalogue's Plural-Forms."""
    book = phrasebook(lang)
    say: dict[str, Callable[[int], str]] = {
        "hold": book.hold,
        "rest": book.rest,
        "breaths": book.breaths,
        "reps": lambda n: book.reps(n, on_count=True),
        "sets": lambda n: book.set_number(1, n),
    }
    agreement = EXPECTED[lang]["agreement"]
    assert [[what, n, say[what](n)] for what, n, _ in agreement] == agreement


def test_english_phrases_are_unchanged() -> None:
    book = phrasebook("en")
    assert book.hold(150) == "Hold for two and a half minutes."
    assert book.reps(10, on_count=True) == "Ten times, on my count."
    assert book.reps(1, on_count=True) == "Once, on my count."
    assert phrasebook("fr").reps(1, on_count=True) == "Une fois, suivez mon compte."
    assert book.reps(2, on_count=True) == "Twice, on my count."
    assert book.reps(2, on_count=False) == "Twice, slowly."
    assert phrasebook("de").reps(2, on_count=True) == "Zwei Wiederholungen, ich zähle mit."
    assert book.count(3, "Lift") == "Three: lift."
    assert book.tempo_hold() == "Hold it." and book.side_words() == "left=right"


def test_a_regional_code_uses_its_base_catalogue() -> None:
    assert phrasebook("pt-BR").get_ready() == "Prepare-se."
    assert phrasebook("de_AT").countdown(2) == "Zwei."
    assert catalogue.catalogue_code("en-GB") == "en"


# --- mirroring --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [*LANGUAGES, "en"])
def test_sides_swap_in_the_routines_language(lang: str) -> None:
    for text, mirrored in EXPECTED[lang]["mirrors"]:
        assert mirror_sides(text, lang) == (mirrored or text)
        if mirrored:
            assert mirror_sides(mirrored, lang) == text  # swapping twice gives the text back


def test_english_side_words_are_left_alone_in_another_language() -> None:
    assert mirror_sides("right leg, left arm", "de") == "right leg, left arm"


# --- the translated built-in routine ----------------------------------------------------------


def english_program_phrases() -> set[str]:
    return set(program_lines(plan(load_builtin("l5-s1")[0])))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_routine_has_no_english_program_phrase(lang: str) -> None:
    p = plan(translated(lang))
    mine = program_lines(p)
    assert not set(mine) & english_program_phrases()
    forbidden = english_words(lang)
    for line in mine:
        # After a colon come the routine's own words: an exercise's name ("Bird dog") or a
        # tempo word ("Uno: sube.").
        own = line.split(":")[0]
        leaked = {w.lower() for w in re.findall(r"[A-Za-z']+", own)} & forbidden
        assert not leaked, (lang, line, leaked)
    lines = said(p)
    for expected in EXPECTED[lang]["lines"]:
        assert expected in lines, (lang, expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_routine_counts_in_its_language(lang: str) -> None:
    p = plan(translated(lang))
    words = [upper_first(num2words(k, lang=lang)) + "." for k in (3, 2, 1)]
    assert cue_texts(p, Role.COUNTDOWN)[:3] == words
    counts = [c for c in cue_texts(p, Role.TEMPO_CUE) if ":" in c]  # "Eins: heben."
    assert [c.split(":")[0].strip() for c in counts[:8]] == [
        upper_first(num2words(k, lang=lang)) for k in range(1, 9)
    ]
    numbers = [i.text for i in p.items if isinstance(i, Say) and i.role is Role.EXERCISE]
    five = num2words(5, lang=lang)
    assert len(numbers) == 5 and all(n.rstrip(".").endswith(five) for n in numbers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_routine_mirrors_sides_in_its_language(lang: str) -> None:
    p = plan(translated(lang))
    for exercise, first, second in EXPECTED[lang]["sides"]:
        by_side = {1: "", 2: ""}
        for item in p.items:
            if isinstance(item, Say) and item.exercise == exercise and item.side in by_side:
                by_side[item.side] += item.text + "\n"
        assert first.lower() in by_side[1].lower(), (lang, exercise, by_side[1])
        assert second.lower() in by_side[2].lower(), (lang, exercise, by_side[2])
        assert first.lower() not in by_side[2].lower()


def test_translated_routine_keeps_every_window_of_the_english_one() -> None:
    english = [(i.role, i.samples) for i in plan(load_builtin("l5-s1")[0]).items
               if isinstance(i, Wait) and i.role is not Role.GAP]  # fmt: skip
    for lang in LANGUAGES:
        windows = [(i.role, i.samples) for i in plan(translated(lang)).items
                   if isinstance(i, Wait) and i.role is not Role.GAP]  # fmt: skip
        assert windows == english, lang


def test_script_of_a_translation_prints_it(tmp_path: Path) -> None:
    result = run(["script", str(FIXTURES / "l5-s1.fr.yaml"), "--estimate"], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "Tenez la position pendant dix secondes." in result.stdout
    assert "Hold for" not in result.stdout and "Next up" not in result.stdout


# --- choosing the language ----------------------------------------------------------------

GERMAN = """
title: Kurz
language: de
exercises:
  - name: Seitdehnung
    sides: both
    steps:
      - Pause.
      - text: Rest der Übung, halte 20 Sekunden.
        hold: 4
      - text: Neig dich nach rechts.
        breaths: 2
"""


def test_a_routine_in_another_language_is_spoken_as_written() -> None:
    r = routine(GERMAN)
    assert r.language == "de"
    first = [s.text for s in r.exercises[0].steps]
    assert first == ["Pause.", "Rest der Übung, halte 20 Sekunden.", "Neig dich nach rechts."]
    assert r.exercises[0].steps[1].action is not None  # timing from the keys
    lines = said(plan(r))
    assert "Pause." in lines and "Halte die Position vier Sekunden lang." in lines
    assert "Neig dich nach links." in lines  # side 2
    # The same text in an English routine would be read for timing words ("Pause." is one).
    assert routine(GERMAN.replace("language: de", "language: en")).exercises[0].steps[0].text == ""


def test_lang_overrides_the_file_with_a_warning() -> None:
    r = routine(GERMAN)
    p = plan(r, Options(lang="fr"))
    assert "Tenez la position pendant quatre secondes." in said(p)
    assert "Neig dich nach links." in said(p)  # the text is German: German sides
    from stretchaudio.planner import language_mismatch

    warning = language_mismatch(r, Options(lang="fr"))
    assert warning is not None and "German (de)" in warning and "French" in warning
    assert language_mismatch(r, Options(lang="de-AT")) is None


def test_a_file_without_language_takes_the_loaders() -> None:
    text = GERMAN.replace("language: de\n", "")
    assert routine(text).language == "en"
    assert routine(text, "nl").language == "nl"
    assert "Houd deze houding vier seconden vast." in said(plan(routine(text, "nl")))
    assert load_builtin("l5-s1")[0].language == "en"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("xx", "test.yaml:3:11: language: there are no phrases for the language 'xx'; "
               "stretchaudio speaks de (German), en (English), es (Spanish)"),
        ("German", "language: there are no phrases for the language 'German' (did you mean 'de'?)"),
        ("español", "(did you mean 'es'?)"),
    ],
)  # fmt: skip
def test_an_unknown_language_in_a_file_is_a_located_error(value: str, message: str) -> None:
    with pytest.raises(RoutineError) as info:
        routine(GERMAN.replace("language: de", f"language: {value}"))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_lang_flag_env_and_config_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    german = FIXTURES / "l5-s1.de.yaml"
    plain = tmp_path / "plain.yaml"
    plain.write_text(GERMAN.replace("language: de\n", ""), encoding="utf-8")

    def script(*args: str, config: str = "", **env: str) -> Result:
        (tmp_path / "config.toml").write_text(config)
        return run(["script", "--estimate", *args], tmp_path, **env)

    def warnings() -> list[str]:
        found = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        caplog.clear()
        return found

    flag = script(str(german), "--lang", "it")
    assert flag.exit_code == 0 and "Mantieni la posizione per dieci secondi." in flag.stdout
    (warning,) = warnings()
    assert "is written in German (de) but --lang it narrates it in Italian" in warning
    env = script(str(german), STRETCHAUDIO_LANG="it")
    assert env.stdout == flag.stdout and len(warnings()) == 1
    # The config file's lang is the language of files that state none.
    config = script(str(german), config='lang = "it"\n')
    assert "Halte die Position zehn Sekunden lang." in config.stdout and not warnings()
    dutch = script(str(plain), config='lang = "nl"\n')
    assert "Houd deze houding vier seconden vast." in dutch.stdout and not warnings()
    builtin = script("l5-s1", config='lang = "nl"\n')
    assert "Hold for ten seconds." in builtin.stdout and not warnings()


def test_a_renderer_has_a_voice_per_language_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from stretchaudio.render import Renderer

    renderer = Renderer(Options(engine="espeak", cache=False))
    german, french, english = translated("de"), translated("fr"), load_builtin("l5-s1")[0]
    stores = [renderer.store_for(r) for r in (german, french, english, german)]
    assert [s.engine.identity()["lang"] for s in stores] == ["de", "fr", "en", "de"]
    assert stores[2] is renderer.store and stores[0] is stores[3]
    assert not caplog.records
    overridden = Renderer(Options(engine="espeak", cache=False, lang="it"))
    assert overridden.store_for(german).engine.identity()["lang"] == "it"
    overridden.store_for(german)
    assert [r.levelname for r in caplog.records] == ["WARNING"]  # once per routine


@pytest.mark.parametrize(
    ("args", "env", "config", "message"),
    [
        (["--lang", "ja"], {}, "", "Error: --lang: there are no phrases for the language 'ja'"),
        ([], {"STRETCHAUDIO_LANG": "ja"}, "", "Error: --lang (from STRETCHAUDIO_LANG): there"),
        ([], {}, 'lang = "ja"\n', "config.toml: lang: there are no phrases for the language 'ja'"),
        (["--lang", "d e"], {}, "", "Error: --lang: 'd e' does not look like CODE"),
    ],
)
def test_an_unknown_language_code_is_one_clear_line(
    args: list[str], env: dict[str, str], config: str, message: str, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(config)
    result = run(["script", "l5-s1", "--estimate", *args], tmp_path, **env)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_english_voice_refuses_another_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(["build", str(FIXTURES / "l5-s1.de.yaml"), "-o", str(out)], tmp_path)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("Error: German narration (de) needs a German voice, but the Piper")
    assert "--engine espeak" in line and "--engine gtts" in line and "--voice MODEL.onnx" in line
    assert len(line.splitlines()) == 1 and not out.exists()


def test_a_piper_voice_of_the_routines_language_is_accepted(tmp_path: Path) -> None:
    from stretchaudio.engines.piper import PiperEngine, _bundled_voice_paths

    model, config = _bundled_voice_paths()
    german = tmp_path / "de_DE-test.onnx"
    german.symlink_to(model)
    data = json.loads(config.read_text(encoding="utf-8"))
    data["language"] = {"code": "de_DE", "family": "de"}
    (tmp_path / "de_DE-test.onnx.json").write_text(json.dumps(data), encoding="utf-8")
    PiperEngine(Options(voice=str(german), lang="de"))  # no error
    with pytest.raises(UsageError, match="speaks German"):
        PiperEngine(Options(voice=str(german), lang="en"))


def test_the_article_importer_says_it_reads_english_only(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Stretches\n\n## Knee hug\n\n1. Lie on your back.\n2. Hold for 20 s.\n")
    result = run(["script", str(article), "--estimate", "--lang", "de"], tmp_path)
    assert result.exit_code == 2
    assert "reads English articles only, but --lang de asks for German" in result.stderr
    english = run(["script", str(article), "--estimate"], tmp_path)
    assert english.exit_code == 0, english.stderr


# --- voices: gTTS (fake endpoint) and espeak-ng (real) ------------------------------------------

SHORT = """
title: {title}
language: {lang}
defaults:
  rest: 2
  switch: 2
  step_pause: 1
  prep: 2
exercises:
  - name: {name}
    sides: both
    steps:
      - text: {step}
        hold: 3
  - name: {name2}
    steps:
      - text: {step2}
        breaths: 1
"""
SHORTS = {
    "de": ("Kurz", "Seitdehnung", "Neig dich nach rechts.", "Atmen", "Lieg ruhig."),
    "es": ("Corto", "Estiramiento lateral", "Inclínate hacia la derecha.", "Respirar", "Túmbate."),
    "fr": ("Court", "Étirement latéral", "Penchez-vous à droite.", "Respirer", "Allongez-vous."),
    "it": ("Breve", "Allungamento laterale", "Piegati a destra.", "Respirare", "Sdraiati."),
    "pt": ("Curto", "Alongamento lateral", "Incline-se para a direita.", "Respirar", "Deite-se."),
    "nl": ("Kort", "Zijwaartse rek", "Buig naar rechts.", "Ademen", "Ga liggen."),
}


def short(lang: str) -> str:
    title, name, step, name2, step2 = SHORTS[lang]
    return SHORT.format(title=title, lang=lang, name=name, step=step, name2=name2, step2=step2)


@pytest.mark.slow
def test_gtts_is_asked_for_each_routines_language(fake_google: FakeGoogle, tmp_path: Path) -> None:
    files = []
    for lang in ("de", "fr"):
        path = tmp_path / f"{lang}.yaml"
        path.write_text(short(lang), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "out"
    result = run(["build", *files, "--engine", "gtts", "--no-cues", "-o", str(out)], tmp_path)
    assert result.exit_code == 0, result.stderr
    by_text = {c.text: c.lang for c in fake_google.calls}
    assert by_text["Halte die Position drei Sekunden lang."] == "de"
    assert by_text["Tenez la position pendant trois secondes."] == "fr"
    assert by_text["Neig dich nach links."] == "de" and by_text["Penchez-vous à gauche."] == "fr"
    german = {t for t, lang in by_text.items() if lang == "de"}
    assert german and all(lang in ("de", "fr") for lang in by_text.values())
    assert not {t for t in by_text if re.search(r"\b(Hold|Rest|seconds|side)\b", t)}
    assert len(list(out.glob("*.mp3"))) == 2


def test_gtts_takes_a_regional_accent_with_the_same_phrases(
    fake_google: FakeGoogle, tmp_path: Path
) -> None:
    path = tmp_path / "pt.yaml"
    path.write_text(short("pt"), encoding="utf-8")
    args = ["script", str(path), "--engine", "gtts", "--tld", "com.br", "--no-cues"]
    result = run(args, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert {(c.lang, c.host) for c in fake_google.calls} == {("pt", "translate.google.com.br")}
    assert "Mantenha a posição por três segundos." in result.stdout


WINDOWS = ("hold", "breaths", "switch", "rest")


def _windows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["kind"] == "silence" and e["role"] in WINDOWS]


def espeak_build(path: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """``build --engine espeak --no-cues`` of one routine file: the MP3 and its JSON timeline."""
    out = tmp_path / "out"
    result = run(["build", str(path), "--engine", "espeak", "--no-cues", "-o", str(out)], tmp_path)
    assert result.exit_code == 0, result.stderr
    (mp3,) = out.glob("*.mp3")
    return mp3, json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))


def check_mp3_windows(mp3: Path, windows: list[dict[str, Any]], rate: int) -> None:
    """Every window is its length within 20 ms in the decoded MP3."""
    runs = silent_runs(decode(mp3), rate)
    for w in windows:
        measured = gap_around(runs, w["start"] + w["duration"] / 2)
        assert abs(measured - w["duration"]) <= 0.020, (mp3.name, w["role"], w["start"], measured)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_espeak_renders_each_language_with_exact_windows(lang: str, tmp_path: Path) -> None:
    from stretchaudio.render import Renderer

    path = tmp_path / f"{lang}.yaml"
    path.write_text(short(lang), encoding="utf-8")
    mp3, timeline = espeak_build(path, tmp_path)
    rate = timeline["sample_rate"]
    windows = _windows(timeline["events"])
    wanted = {"hold": 3 * rate, "breaths": 5 * rate, "switch": 2 * rate, "rest": 2 * rate}
    assert sorted(w["role"] for w in windows) == ["breaths", "hold", "hold", "rest", "switch"]
    assert all(w["samples"] == wanted[w["role"]] for w in windows)  # exact to the sample
    texts = [e["text"] for e in timeline["events"] if e["kind"] == "speech"]
    assert phrasebook(lang).hold(3) in texts and phrasebook(lang).other_side() in texts
    assert timeline["language"] == lang
    check_mp3_windows(mp3, windows, rate)
    # The engine that spoke was espeak-ng with this language's voice.
    renderer = Renderer(Options(engine="espeak", cache=False))
    assert renderer.store_for(load_routines(path)[0]).engine.identity()["lang"] == lang


@pytest.mark.slow
def test_espeak_renders_a_whole_translated_routine_with_exact_windows(tmp_path: Path) -> None:
    mp3, timeline = espeak_build(FIXTURES / "l5-s1.fr.yaml", tmp_path)
    english = [(i.role.value, i.samples) for i in plan(load_builtin("l5-s1")[0]).items
               if isinstance(i, Wait) and i.role.value in WINDOWS]  # fmt: skip
    windows = _windows(timeline["events"])
    assert [(w["role"], w["samples"]) for w in windows] == english  # to the sample
    check_mp3_windows(mp3, windows, timeline["sample_rate"])


# --- a translator adds a language with one file ---------------------------------------------

SWEDISH: dict[str | tuple[str, ...], str | tuple[str, ...]] = {
    "Get ready.": "Gör dig redo.",
    "Hold for {duration}.": "Håll positionen i {duration}.",
    ("{n} second", "{n} seconds"): ("{n} sekund", "{n} sekunder"),
    "left=right": "vänster=höger vänstra=högra",
}


@pytest.fixture
def swedish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The catalogue folder with one more file, sv.po, made from the template as a translator
    would (partly translated), and every cache of the language module cleared around it."""
    from babel.messages.pofile import write_po

    from stretchaudio.language import sides

    folder = tmp_path / "catalogues"
    folder.mkdir()
    for lang in LANGUAGES:
        (folder / f"{lang}.po").write_bytes(po_file(lang).read_bytes())
    template = load_catalog(Path(str(catalogue.template_path())))
    template.locale = "sv"
    for msg in template:
        key = msg.id if isinstance(msg.id, str) else tuple(msg.id)
        if msg.id and key in SWEDISH:
            msg.string = SWEDISH[key]
    with (folder / "sv.po").open("wb") as fh:
        write_po(fh, template)
    caches = [
        catalogue._catalogue_files, catalogue.translations, phrasebook, screen_text,
        sides._side_words,
    ]  # fmt: skip
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(catalogue, "CATALOGUE_DIR", folder)
    yield folder / "sv.po"
    for cache in caches:
        cache.cache_clear()


def test_one_catalogue_file_adds_a_language(swedish: Path) -> None:
    assert "sv" in catalogue.supported_languages()
    r = routine(
        "title: Sträckning\nlanguage: sv\nexercises:\n  - name: Sida\n    sides: both\n"
        "    steps:\n      - text: Lyft vänstra armen.\n        hold: 20\n"
    )
    lines = said(plan(r))
    assert "Håll positionen i tjugo sekunder." in lines and "Gör dig redo." in lines
    assert "Lyft högra armen." in lines  # the side words came from the file
    # What the translator has not done yet, the catalogue test lists.
    left = problems(load_catalog(swedish), extracted())
    assert "untranslated: 'Release.'" in left and "untranslated: 'Get ready.'" not in left


@pytest.mark.slow
def test_the_config_files_language_does_not_stop_english_routines(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('lang = "de"\n')
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text("title: Tiny\nlanguage: en\nexercises:\n  - name: Reach\n    steps:\n"
                    "      - text: Reach up.\n        hold: 3\n")  # fmt: skip
    english = run(["script", str(tiny), "--no-cues"], tmp_path)  # Piper, the English voice
    assert english.exit_code == 0, english.stderr
    assert "Hold for three seconds." in english.stdout
    german = run(["script", str(FIXTURES / "l5-s1.de.yaml")], tmp_path)
    assert german.exit_code == 2 and "needs a German voice" in german.stderr


def test_timing_written_in_words_in_another_language_gets_a_hint(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = """
title: Knie
language: de
exercises:
  - name: Knie zur Brust
    steps:
      - Lass den rechten Fuß auf dem Boden und zieh das linke Knie zur Brust.
      - Halte die Dehnung zwanzig Sekunden.
  - name: Brücke
    steps:
      - text: Heb die Hüfte, zwei Sekunden.
        hold: 5
      - Halte beide Beine gerade.
"""
    r = routine(text)
    assert r.exercises[0].steps[1].action is None  # spoken, not timed
    messages = [rec.getMessage() for rec in caplog.records if rec.levelname == "WARNING"]
    assert messages == [
        "test.yaml:8:9: exercises[0].steps[1]: 'zwanzig Sekunden' is spoken as written, not "
        "timed (timing words are read only in English); add 'hold: N' (or 'breaths:', "
        "'pause:') to this step for a timed window",
        "test.yaml:5:5: exercises[0]: the steps name a side (rechten, linke) but the exercise "
        "is done once; add 'sides: both' (or 'switch_sides: true' to the step that ends the "
        "first side) to do both sides, or 'sides: one' to keep one",
    ]
    caplog.clear()
    for lang in LANGUAGES:
        translated(lang)  # the translations give their timing with keys: no hint
    assert not caplog.records


def test_num2words_dutch_compounds_are_written_without_the_accent() -> None:
    from stretchaudio.language.numerals import number_words

    assert (number_words(1, "nl"), number_words(101, "nl")) == ("één", "honderdeen")


@pytest.mark.parametrize(("lang", "side"), [("de", "Seite"), ("fr", "côté"), ("nl", "kant")])
def test_chapter_titles_and_the_timeline_follow_the_language(lang: str, side: str) -> None:
    from stretchaudio import scriptfmt, tags
    from stretchaudio.timeline import estimate_lengths, layout

    p = plan(translated(lang))
    timeline = layout(p, estimate_lengths(p))
    titles = [c.title for c in tags.chapters(timeline)]
    first = translated(lang).exercises[0].name
    assert titles[:2] == [f"{first} ({side} 1)", f"{first} ({side} 2)"]
    assert scriptfmt.to_dict(timeline)["language"] == lang
    source = plan(load_builtin("l5-s1")[0])
    english = layout(source, estimate_lengths(source))
    assert tags.chapters(english)[1].title == "Seated hamstring stretch (side 2)"


def test_an_imported_article_says_it_is_english(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Stretches\n\n## Knee hug\n\n1. Lie on your back.\n2. Hold for 20 s.\n")
    out = tmp_path / "knee.yaml"
    result = run(["import", str(article), "-o", str(out)], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "\nlanguage: en  #" in out.read_text(encoding="utf-8")
    # so a config file's lang (the language of files that state none) leaves it English
    (tmp_path / "config.toml").write_text('lang = "de"\n')
    script = run(["script", str(out), "--estimate"], tmp_path)
    assert "Hold for twenty seconds." in script.stdout
