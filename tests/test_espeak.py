"""The espeak engine's voice list: every voice once, each by a --lang value that speaks it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from stretchaudio.engines.base import EngineSettings
from stretchaudio.engines.espeak import EspeakEngine

# What espeak-ng 1.51 prints, in part (some other-language columns cut): two voices share
# the language "yue".
VOICES = """\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn  (zh 5)
 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping
"""


@pytest.fixture
def fake_espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``espeak-ng`` first on PATH that prints VOICES for ``--voices``."""
    (tmp_path / "voices.txt").write_text(VOICES, encoding="utf-8")
    exe = tmp_path / "espeak-ng"
    exe.write_text(f'#!/bin/sh\ncat "{tmp_path / "voices.txt"}"\n', encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.usefixtures("fake_espeak")
def test_voices_are_listed_once_with_their_names() -> None:
    assert EspeakEngine.voices() == [
        "--lang af: Afrikaans",
        "--lang cmn: Chinese (Mandarin, latin as English)",
        "--lang cmn-latn-pinyin: Chinese (Mandarin, latin as Pinyin)",
        "--lang en-gb: English (Great Britain)",
        "--lang yue: Chinese (Cantonese)",
        "--lang yue-Latn-jyutping: Chinese (Cantonese, latin as Jyutping)",
    ]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_every_installed_voice_is_listed_once_and_speaks_as_itself() -> None:
    exe = shutil.which("espeak-ng")
    assert exe is not None
    rows = subprocess.run([exe, "--voices"], capture_output=True, text=True, check=True)
    names = [row.split()[3].replace("_", " ") for row in rows.stdout.splitlines()[1:]]
    matches = [re.fullmatch(r"--lang (\S+): (.+)", v) for v in EspeakEngine.voices()]
    listed = {m.group(1): m.group(2) for m in matches if m}
    assert len(listed) == len(matches) == len(names)  # every voice, each code once
    assert sorted(listed.values()) == sorted(names)
    # Voices that share a language are each reached by their own code: they sound different.
    by_name = {name: code for code, name in listed.items()}
    shared = [n for n in names if n.startswith("Chinese (Cantonese")]
    clips = [
        EspeakEngine(EngineSettings(lang=by_name[n])).synthesize("nei5 hou2").samples
        for n in shared
    ]
    assert all(not np.array_equal(clips[0], other) for other in clips[1:])
