"""docs/api.md's examples run, in order, in one namespace: the documented API works."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_api_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert len(blocks) >= 5
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("STRETCHAUDIO_CONFIG", os.devnull + ".missing")
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)


def test_the_package_exports_exactly_the_api_and_each_name_resolves() -> None:
    """``stretchaudio.__all__`` is written out (so importing the package imports nothing
    heavy); it must stay the API module's list plus the error type and the version."""
    import stretchaudio
    from stretchaudio import api

    assert set(stretchaudio.__all__) == {*api.__all__, "StretchAudioError", "__version__"}
    for name in stretchaudio.__all__:
        assert getattr(stretchaudio, name) is not None, name
