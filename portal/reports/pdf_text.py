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
    document.save(out)
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
    ops = list(pikepdf.parse_content_stream(page))
    out, block, changed = [], None, False
    font = None
    for operands, operator in ops:
        name = str(operator)
        if name == "BT":
            block = []
        if name == "Tf":
            font = fonts.get(str(operands[0]))
        if block is None:
            out.append(pikepdf.ContentStreamInstruction(operands, operator))
            continue
        block.append((operands, operator, font))
        if name == "ET":
            wrapped = _wrapped_block(block)
            changed |= wrapped is not block
            out += [pikepdf.ContentStreamInstruction(o, op) for o, op, _f in wrapped]
            block = None
    if changed:
        page.Contents = document.make_stream(pikepdf.unparse_content_stream(out))


def _wrapped_block(block: list) -> list:
    shows = [
        i for i, (_o, op, font) in enumerate(block) if str(op) in ("TJ", "Tj") and font is not None
    ]
    marked = any(str(op) in ("BDC", "BMC", "EMC") for _o, op, _f in block)
    if not shows or marked:
        return block
    text = "".join(
        _shown_text(operands, str(op), font) for operands, op, font in (block[i] for i in shows)
    )
    if not any("\u0e00" <= char <= "\u0e7f" for char in text):
        return block
    text = SARA_AM_DRAWN.sub("\\1" + SARA_AM, text)
    span = (
        [pikepdf.Name.Span, pikepdf.Dictionary(ActualText=pikepdf.String(text))],
        pikepdf.Operator("BDC"),
        None,
    )
    end = ([], pikepdf.Operator("EMC"), None)
    first, last = shows[0], shows[-1]
    return block[:first] + [span] + block[first : last + 1] + [end] + block[last + 1 :]


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
