"""The PDF's text layer in composed Thai, so that search and copy find "สำนักงาน".

HarfBuzz draws SARA AM (ำ) as NIKHAHIT + SARA AA, moves the NIKHAHIT before a tone mark
(น้ำ → น ํ ้ า) and merges the consonant into the same cluster; WeasyPrint maps each glyph to
text the first time it draws it, so a glyph first met inside such a cluster reads back wrong
everywhere after. Two repairs after printing:

- each font's ToUnicode map is rebuilt from the Sarabun glyph names (``uni0E33``,
  ``uni0E4D0E48.narrow``): one glyph, its own letters, whatever it was first drawn for;
- each line of Thai is wrapped in a ``/Span`` whose ``/ActualText`` is its text in logical
  order with SARA AM composed, which extractors (poppler's pdftotext, pdfium) read instead of
  guessing the order of stacked marks from where they are drawn.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
from fontTools.agl import toUnicode

SARA_AM = "\u0e33"
# As drawn: NIKHAHIT, any tone marks moved after it, SARA AA.
SARA_AM_DRAWN = re.compile("\u0e4d([\u0e48-\u0e4b]*)\u0e32")
FONT_FILES = {"Sarabun": "Sarabun-Regular.ttf", "Sarabun-Bold": "Sarabun-Bold.ttf"}


def compose_thai_text(pdf: bytes) -> bytes:
    """``pdf`` with its Sarabun text mapped to the letters it shows, SARA AM composed."""
    document = pikepdf.open(io.BytesIO(pdf))
    texts: dict[tuple, dict[int, str]] = {}
    for page in document.pages:
        fonts = {}
        for name, font in (page.Resources.get("/Font") or {}).items():
            glyphs = _font_texts(font, texts)
            if glyphs is not None:
                fonts[name] = glyphs
        if fonts:
            _wrap_thai_runs(document, page, fonts)
    out = io.BytesIO()
    # The file identifier from the content written, so the same report is the same bytes.
    document.save(out, deterministic_id=True)
    return out.getvalue()


def _font_texts(font, done: dict) -> dict[int, str] | None:
    """CID → text of a Sarabun Type0 font, its ToUnicode map rewritten once; None for others."""
    if font.get("/Subtype") != "/Type0":
        return None
    order = _glyph_order(str(font.BaseFont).split("+")[-1])
    if order is None:
        return None
    key = font.objgen
    if key not in done:
        old = _read_to_unicode(bytes(font.ToUnicode.read_bytes()))
        mapped = {
            cid: (_name_text(order[cid]) if cid < len(order) else None) or text
            for cid, text in old.items()
        }
        font.ToUnicode.write(_to_unicode_stream(mapped))
        done[key] = mapped
    return done[key]


@cache
def _glyph_order(base_font: str) -> tuple[str, ...] | None:
    """Glyph names of the full Sarabun face (the embedded subset keeps its glyph ids)."""
    file = FONT_FILES.get(base_font)
    if file is None:
        return None
    import fontpkg_sarabun
    from fontTools.ttLib import TTFont

    return tuple(TTFont(str(fontpkg_sarabun.ROOT / "files" / file)).getGlyphOrder())


def _name_text(name: str) -> str | None:
    """``uni0E4D0E48.narrow`` → "ํ่"; AGL names (``a``, ``period``) too; None if unknown."""
    base = name.split(".")[0]
    hex_part = base[3:]
    if base.startswith("uni") and hex_part and len(hex_part) % 4 == 0:
        try:
            return "".join(chr(int(hex_part[i : i + 4], 16)) for i in range(0, len(hex_part), 4))
        except ValueError:
            return None
    return toUnicode(base) or None


def _read_to_unicode(data: bytes) -> dict[int, str]:
    """The bfchar entries (``<0012> <0e01>``) WeasyPrint writes."""
    mapped = {}
    for line in data.decode("latin-1").splitlines():
        parts = line.strip().split()
        if len(parts) == 2 and parts[0].startswith("<") and parts[1].startswith("<"):
            cid, text = parts[0].strip("<>"), parts[1].strip("<>")
            mapped[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be") if text else ""
    return mapped


def _to_unicode_stream(mapped: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <ffff>",
        "endcodespacerange",
    ]
    items = sorted(mapped.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines += [f"<{cid:04x}> <{text.encode('utf-16-be').hex()}>" for cid, text in batch]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


def _wrap_thai_runs(document, page, fonts: dict) -> None:
    """Each text object (BT … ET, one line of one box) that shows Thai gets one ``/Span`` with
    its ActualText in logical order: extractors then neither reorder marks by their drawn
    position nor read SARA AM as two letters."""
    out, block, changed = [], None, False
    font = None
    for instruction in pikepdf.parse_content_stream(page):
        name = str(instruction.operator)
        if name == "BT":
            block = []
        if name == "Tf":
            font = fonts.get(str(instruction.operands[0]))
        if block is None:
            out.append(instruction)  # outside text objects: kept as parsed
            continue
        block.append((instruction, font))
        if name == "ET":
            wrapped = _wrapped_block(block)
            changed |= len(wrapped) != len(block)
            out += wrapped
            block = None
    if changed:
        page.Contents = document.make_stream(pikepdf.unparse_content_stream(out))


def _wrapped_block(block: list) -> list:
    """The block's instructions, the ones that show Thai inside a ``/Span`` with its text."""
    instructions = [instruction for instruction, _font in block]
    shows = [
        i for i, (instruction, font) in enumerate(block)
        if font is not None and str(instruction.operator) in ("TJ", "Tj")
    ]
    if not shows or any(
        str(instruction.operator) in ("BDC", "BMC", "EMC") for instruction in instructions
    ):
        return instructions
    text = "".join(
        _shown_text(block[i][0].operands, str(block[i][0].operator), block[i][1]) for i in shows
    )
    if not any("\u0e00" <= char <= "\u0e7f" for char in text):
        return instructions
    text = SARA_AM_DRAWN.sub("\\1" + SARA_AM, text)
    span = pikepdf.ContentStreamInstruction(
        [pikepdf.Name.Span, pikepdf.Dictionary(ActualText=pikepdf.String(text))],
        pikepdf.Operator("BDC"),
    )
    end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    first, last = shows[0], shows[-1]
    return [*instructions[:first], span, *instructions[first : last + 1], end,
            *instructions[last + 1 :]]


def _shown_text(operands, operator: str, font: dict[int, str]) -> str:
    elements = operands[0] if operator == "TJ" else [operands[0]]
    text = []
    for element in elements:
        if isinstance(element, pikepdf.String):
            raw = bytes(element)
            text += [
                font.get(int.from_bytes(raw[i : i + 2], "big"), "")
                for i in range(0, len(raw) - 1, 2)
            ]
    return "".join(text)
