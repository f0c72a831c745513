"""Subsets of the Sarabun web font (Thai and Latin, WOFF2), built once at install time.

``python -m portal.fonts`` writes static/fonts/sarabun-{regular,bold}.woff2; scripts/run and
scripts/test call it, and README "Operating it" lists it as an install step. Subsetting costs
about half a second of CPU per weight, which is why no worker does it per process.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import fontpkg_sarabun

WEIGHTS = {"regular": "Sarabun-Regular.ttf", "bold": "Sarabun-Bold.ttf"}
UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1 punctuation and letters
    *range(0x0E00, 0x0E80),  # Thai
    *range(0x2010, 0x2027),  # dashes, quotes, ellipsis
    0x2022, 0x20AC, 0x2116, 0x2122,
]
FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
ONE_YEAR = 31_536_000


def file_name(weight: str) -> str:
    return f"sarabun-{weight}.woff2"


def subset_font(weight: str) -> bytes:
    """The WOFF2 subset of one weight, with every layout feature Thai marks need."""
    # Imported here: every process imports this module for the font's file names, and only
    # the install step subsets (fontTools costs about 0.1 s to import).
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(fontpkg_sarabun.ROOT / "files" / WEIGHTS[weight])
    options = subset.Options()
    options.layout_features = ["*"]
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def build_font(weight: str, directory: Path = FONT_DIR) -> Path:
    """Write one weight's subset into ``directory``; atomic, so workers never read half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / file_name(weight)
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(subset_font(weight))
    os.chmod(temporary, 0o644)  # a public static file
    os.replace(temporary, target)
    return target


def build_fonts(directory: Path = FONT_DIR) -> list[Path]:
    return [build_font(weight, directory) for weight in WEIGHTS]


def ensure_fonts(directory: Path = FONT_DIR) -> None:
    """Build the weights that are missing (the install step, when it was skipped)."""
    for weight in WEIGHTS:
        if not (directory / file_name(weight)).is_file():
            build_font(weight, directory)


def main() -> None:
    """Build static/fonts/ (the install step)."""
    for path in build_fonts():
        print(f"built {path} ({path.stat().st_size // 1024} KB)", file=sys.stderr)


if __name__ == "__main__":
    main()
