"""The stages import only downstream: every module imports only modules to its right in
LAYERS (toward the shared leaves), never back toward the command line. A new module must be
placed in LAYERS; a module that needs something from its left is a leak to fix."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "stretchaudio"

LAYERS = [
    # the front: parse and report, the Python API, the wiring
    "__main__",
    "cli",
    "__init__",
    "api",
    "render",
    "fitting",
    "stream",
    "music",
    "encoder",
    "verify",
    # sidecars and tags of a finished timeline
    "sidecars",
    "page",
    "picture",
    "overview",
    "scriptfmt",
    "tags",
    # sound
    "mixer",
    "clips",
    "cache",
    "atomic",
    "loudness",
    "engines",
    "ffmpeg",
    "mp3",
    # time
    "timeline",
    "planner",
    # routines in, from articles and files
    "importer",
    "routine",
    "schema",
    "phrases",
    # shared by every stage
    "model",
    "config",
    "settings",
    "language",
    "naming",
    "sounds",
    "cancel",
    "signals",
    "errors",
]


def layer(module: str) -> int:
    top = module.split(".")[0]
    assert top in LAYERS, f"stretchaudio.{top} is not in LAYERS: place it in the data flow"
    return LAYERS.index(top)


def _module(parts: list[str]) -> str:
    """The module a dotted path names: the longest prefix that is a file or a package."""
    for end in range(len(parts), 0, -1):
        head = PACKAGE.joinpath(*parts[:end])
        if head.with_suffix(".py").is_file() or (head / "__init__.py").is_file():
            return ".".join(parts[:end])
    return "__init__"


def imports(path: Path) -> list[str]:
    """The stretchaudio modules ``path`` imports (relative imports resolved)."""
    here = list(path.relative_to(PACKAGE).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
            elif (node.module or "").split(".")[0] == "stretchaudio":
                base = []
            else:
                continue
            module = [p for p in (node.module or "").split(".") if p and p != "stretchaudio"]
            if node.module and node.level == 0:
                module = node.module.split(".")[1:]
            found += [_module([*base, *module, alias.name]) for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("stretchaudio."):
                    found.append(_module(alias.name.split(".")[1:]))
    return found


def test_stages_import_only_downstream() -> None:
    leaks = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        own = layer(source)
        for target in imports(path):
            if target.split(".")[0] == source.split(".")[0]:
                continue  # inside one package (planner/, importer/, ...)
            if layer(target) <= own:
                leaks.append(f"{source} imports {target}")
    assert not leaks, leaks


PURE = ("planner", "timeline", "fitting", "phrases", "schema", "routine", "importer", "model",
        "settings", "config", "language", "scriptfmt", "tags", "naming")  # fmt: skip
"""Stages that work on words and numbers only: no audio libraries, no processes."""
AUDIO = ("mixer", "clips", "encoder", "loudness", "ffmpeg", "engines", "music")
"""Stages that work on sound: they get a timeline, never reach back into the planning."""
WORDS = ("planner", "phrases", "schema", "routine", "importer", "fitting")


def external(path: Path) -> set[str]:
    """Top-level names of the non-stretchaudio modules ``path`` imports (anywhere)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names - {"stretchaudio"}


def test_planning_is_pure_and_sound_does_not_reach_back() -> None:
    heavy = {"numpy", "scipy", "piper", "onnxruntime", "gtts", "subprocess", "pyloudnorm"}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        top = module.split(".")[0]
        if top in PURE:
            assert not external(path) & heavy, (module, external(path) & heavy)
        if top in AUDIO:
            reaching = {t for t in imports(path) if t.split(".")[0] in WORDS}
            assert not reaching, (module, reaching)
