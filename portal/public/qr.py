"""QR codes as SVG data URIs, the same bytes segno writes, in a fraction of its time.

Two costs made the receipt page's QR code slow (about 1.4 ms to encode, 1 ms to write the SVG,
on a quiet core), and both are taken away here without changing a byte of the result:

- **Encoding a tracking address.** The addresses of one office and year differ only in the
  last digits of the case number (``…/track?number=NP2-2569-000123``). With a fixed mask, a
  QR code is an affine function of its data bits over GF(2): byte-mode data, padding,
  Reed–Solomon error correction (linear), module placement (a permutation) and the mask (a
  constant) — so ``matrix(text) = matrix(template) XOR sum of effect(bit)`` over the bits in
  which ``text`` differs from the template. A :class:`_Template` keeps, per prefix, the
  template's matrix and the effect of each low bit of each trailing digit (24 encodings by
  segno, once per process, office and year); a new address then costs a few XORs of big
  integers. Anything else (another shape of text, an authenticator's secret) is encoded by
  segno itself.
- **Writing the SVG.** :func:`svg_data_uri` writes what ``segno``'s
  ``svg_data_uri(scale=4, dark="#000", light="#fff")`` writes, finding the runs of dark
  modules with ``bytes.find`` instead of a Python loop over every module.

tests/perf/test_receipt_qr.py checks both against segno for many addresses.
"""

from __future__ import annotations

import threading
from urllib.parse import quote

import segno

# Any of the eight masks gives a valid code every reader scans; letting segno score all eight
# (the standard's choice, for the fewest look-alike patterns) took three quarters of the time.
MASK = 0
ERROR = "m"
SCALE = 4
BORDER = 4  # segno's default quiet zone for QR codes
TRAILING_DIGITS = 6  # the sequence part of a case number


def make_matrix(text: str) -> tuple[bytes, int]:
    """The code's modules (one byte 0/1 each, row after row, no border) and its width."""
    template = _template_for(text)
    if template is not None:
        return template.matrix(text), template.width
    return _segno_matrix(text)


def _segno_matrix(text: str | bytes, **options) -> tuple[bytes, int]:
    code = segno.make_qr(text, error=ERROR, mask=MASK, **options)
    return b"".join(bytes(row) for row in code.matrix), len(code.matrix)


class _Template:
    """Codes of texts that differ from ``text`` only in the low four bits of its last digits."""

    def __init__(self, text: str) -> None:
        raw = text.encode("ascii")
        self.prefix, self.digits = raw[:-TRAILING_DIGITS], raw[-TRAILING_DIGITS:]
        base, self.width = _segno_matrix(raw, mode="byte")
        self.base = int.from_bytes(base, "big")
        self.size = len(base)
        self.effects: list[list[int]] = []  # [digit position][bit] -> XOR of the matrix
        for position in range(TRAILING_DIGITS):
            row = []
            for bit in range(4):
                changed = bytearray(raw)
                changed[len(self.prefix) + position] ^= 1 << bit
                flipped, _ = _segno_matrix(bytes(changed), mode="byte")
                row.append(int.from_bytes(flipped, "big") ^ self.base)
            self.effects.append(row)

    def matrix(self, text: str) -> bytes:
        value = self.base
        for position, (wanted, have) in enumerate(zip(text[-TRAILING_DIGITS:].encode("ascii"),
                                                      self.digits, strict=True)):
            difference = wanted ^ have
            effects = self.effects[position]
            for bit in range(4):
                if difference >> bit & 1:
                    value ^= effects[bit]
        return value.to_bytes(self.size, "big")


_templates: dict[tuple[str, int], _Template | None] = {}
_lock = threading.Lock()


def _template_for(text: str) -> _Template | None:
    if not text.isascii() or len(text) <= TRAILING_DIGITS \
            or not text[-TRAILING_DIGITS:].isdigit():
        return None
    key = (text[:-TRAILING_DIGITS], len(text))
    if key in _templates:
        return _templates[key]
    with _lock:
        if key not in _templates:
            template = _Template(text)
            # segno picks the mode and version from the text itself: the template holds only
            # if that is byte mode, exactly as when it is given the bytes.
            if _segno_matrix(text) != (template.matrix(text), template.width):
                template = None
            _templates[key] = template
    return _templates[key]


def svg_data_uri(modules: bytes, width: int) -> str:
    """What segno's ``svg_data_uri(scale=4, dark="#000", light="#fff")`` gives for the code."""
    total = width + 2 * BORDER
    parts = []
    last_x, last_y = 0, 0.0
    for index in range(width):
        row = modules[index * width:(index + 1) * width]
        y = BORDER + 0.5 + index
        start = row.find(1)
        while start != -1:
            end = row.find(0, start)
            if end == -1:
                end = width
            x1, x2 = BORDER + start, BORDER + end
            dy = y - last_y
            parts.append(f"{'m' if parts else 'M'}{x1 - last_x} "
                         f"{int(dy) if int(dy) == dy else dy}h{x2 - x1}")
            last_x, last_y = x2, y
            start = row.find(1, end)
    background = f"<path fill='#fff' d='M0 0h{total}v{total}h-{total}z'/>"
    dark = f"<path class='qrline' stroke='#000' d='{''.join(parts)}'/>"
    size = total * SCALE
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' "
           f"class='segno'><g transform='scale({SCALE})'>"
           + "".join(sorted((background, dark), key=len)) + "</g></svg>")
    return "data:image/svg+xml;charset=utf-8," + quote(svg.encode("utf-8"), safe=b"")


def qr_data_uri(text: str) -> str:
    """An SVG QR code (level M, mask 0, 4 px per module) of ``text`` as a data: URI."""
    return svg_data_uri(*make_matrix(text))
