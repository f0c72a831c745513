"""What ``optimize=True`` costs and saves when an uploaded photo is re-encoded (issue 9).

Every JPEG a reporter attaches is decoded and written out again from its pixels alone
(``portal.security.files``), at quality 88. ``optimize=True`` makes libjpeg compute Huffman
tables for the image instead of using the standard ones: a second pass over the coefficients
for a smaller file. This measures both on a photo-like 1600×1200 JPEG (smooth gradients,
texture at several scales, fine grain, a few sharp edges, saved at quality 92 as a phone
would), in this process: the encode alone, the whole re-encode as an upload goes through it
(decode, upright, pixels only, encode), and the size of the result. Each figure is the median
of ``--rounds`` rounds of CPU time over ``--repeat`` calls, the two settings interleaved.

    .venv/bin/python bench/jpeg_reencode.py
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from portal.security import files  # noqa: E402

SIZE = (1600, 1200)


def photo(size: tuple[int, int] = SIZE, quality: int = 92, detail_scale: float = 1.0) -> bytes:
    """A photo-like JPEG: what a phone sends, reduced to 1600×1200. ``detail_scale`` below 1
    gives a smoother scene (a wall, a sky, a document), which compresses more."""
    width, height = size
    layers = []
    for angle, coarse, fine in ((0, 40, 18), (90, 55, 22), (200, 35, 15)):
        fine = fine * detail_scale
        gradient = Image.linear_gradient("L").rotate(angle).resize(size, Image.BICUBIC)
        texture = Image.effect_noise((width // 16, height // 16), coarse).resize(
            size, Image.BICUBIC)
        detail = Image.effect_noise((width // 3, height // 3), fine).resize(size, Image.BICUBIC)
        grain = Image.effect_noise(size, 6 * detail_scale)
        channel = Image.blend(Image.blend(gradient, texture, 0.45), detail, 0.3)
        layers.append(Image.blend(channel, grain, 0.08))
    image = Image.merge("RGB", layers)
    draw = ImageDraw.Draw(image)
    for i in range(12):  # windows, a door, a sign: edges
        x, y = 90 + i * 125, 180 + (i % 3) * 260
        draw.rectangle((x, y, x + 80, y + 140), fill=(40 + 15 * i, 60, 90), outline=(230,) * 3)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def cpu_ms(call, repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        call()
    return (time.process_time() - started) / repeat * 1000


def encode(image: Image.Image, optimize: bool) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=files.JPEG_QUALITY, optimize=optimize)
    return out.getvalue()


def reencode(raw: bytes, optimize: bool) -> bytes:
    """``files._reencode_image`` for a JPEG, with ``optimize`` chosen."""
    image = files._decode_image(raw, files.JPEG, 40_000_000)
    image = files._pixels_only(files._output_mode(image, files.JPEG))
    return encode(image, optimize)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    lines = []
    for scene, detail_scale in (("detailed", 1.0), ("smooth", 0.3)):
        raw = photo(detail_scale=detail_scale)
        decoded = Image.open(io.BytesIO(raw))
        decoded.load()
        figures: dict[str, list[float]] = {name: [] for name in (
            "encode_optimized", "encode_standard", "reencode_optimized", "reencode_standard")}
        for _ in range(args.rounds):
            for optimize, label in ((True, "optimized"), (False, "standard")):
                figures[f"encode_{label}"].append(
                    cpu_ms(lambda o=optimize, d=decoded: encode(d, o), args.repeat))
                figures[f"reencode_{label}"].append(
                    cpu_ms(lambda o=optimize, r=raw: reencode(r, o), args.repeat))
        optimized, standard = len(reencode(raw, True)), len(reencode(raw, False))
        print(f"{scene} photo: {SIZE[0]}x{SIZE[1]}, {len(raw) / 1024:.0f} KiB uploaded; "
              f"stored at quality {files.JPEG_QUALITY}", flush=True)
        for name, values in figures.items():
            lines.append(f"jpeg_{scene}_{name} {statistics.median(values):.2f} ms")
        lines.append(f"jpeg_{scene}_size_optimized {optimized / 1024:.1f} KiB")
        lines.append(f"jpeg_{scene}_size_standard {standard / 1024:.1f} KiB")
        lines.append(f"jpeg_{scene}_optimize_saves {(1 - optimized / standard) * 100:.1f} %")
        extra = statistics.median(figures["reencode_optimized"]) - statistics.median(
            figures["reencode_standard"])
        lines.append(f"jpeg_{scene}_optimize_costs {extra:.2f} ms")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
