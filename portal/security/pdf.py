"""PDF attachments, parsed by qpdf (pikepdf) and written out again without active content.

A byte scan for ``/JavaScript`` misses object streams in other encodings (ASCIIHex, ASCII85,
filter chains, PNG predictors) and decoy ``stream`` keywords. qpdf parses the file as a reader
does and decodes every object stream, so the walk below sees each object a viewer would see.
We do not refuse a letter because a word processor put a form script in it: we remove what a
viewer could run or fetch (open and additional actions, JavaScript, launch, URI, submit and
remote go-to actions, embedded files, XFA, rich media) and every place that names a person
(document information, XMP, application data, annotation authors, EXIF inside JPEG images).
Only what survives the rewrite is stored; a PDF qpdf cannot read, or that needs a password to
open, is refused. The rewritten file is parsed again and refused if anything active remains.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

# Action types that stay: moving within the document, and the viewer's own page commands.
SAFE_ACTIONS = frozenset({"/GoTo", "/Named"})
# Every action type of ISO 32000-2 (12.6.4) that does anything beyond moving in the document.
ACTIVE_ACTIONS = frozenset({
    "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie", "/Hide",
    "/SubmitForm", "/ResetForm", "/ImportData", "/JavaScript", "/ECMAScript", "/SetOCGState",
    "/Rendition", "/Trans", "/GoTo3DView", "/RichMediaExecute",
})
# Keys that run something when the document, a page, a field or an annotation is used.
ACTIVE_KEYS = ("/OpenAction", "/AA", "/JS")
# Keys that carry identity or hidden content, wherever they are.
HIDDEN_KEYS = ("/Metadata", "/PieceInfo", "/EF", "/RichMediaContent", "/SpiderInfo")
# Entries of the catalogue's name tree dictionary that hold scripts or files.
ACTIVE_NAMES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")
CATALOG_KEYS = ("/Collection", "/NeedsRendering", "/URI", "/Threads", "/AF")
# Annotations that are containers for files, sound, video or 3D: removed from their pages.
ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)
# JPEG markers that carry metadata: APP1 (EXIF, XMP), APP12-APP13 (IPTC, Photoshop), COM.
_JPEG_METADATA_MARKERS = frozenset({0xE1, 0xEC, 0xED, 0xFE})


class UnreadablePdf(ValueError):
    """qpdf could not parse the file."""


class LockedPdf(ValueError):
    """The file needs a password to open."""


class ActiveContentRemains(ValueError):
    """Something active survived the rewrite (a defence-in-depth check failed)."""


def rewrite_pdf(data: bytes) -> bytes:
    """The PDF ``data`` written again by qpdf without active content or identifying metadata."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise LockedPdf from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise UnreadablePdf from exc
    try:
        with pdf:
            _neutralise(pdf)
            out = io.BytesIO()
            pdf.save(
                out,
                encryption=False,  # an owner password is dropped along with its restrictions
                preserve_pdfa=False,
                fix_metadata_version=False,  # would write a fresh XMP packet
                deterministic_id=True,  # the /ID comes from the cleaned content, not the author
                object_stream_mode=pikepdf.ObjectStreamMode.disable,  # plain objects only
                # Page content and images keep their encoding: decoding them buys nothing and
                # a compression bomb would cost the decoding.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        cleaned = out.getvalue()
        find_active_content(cleaned)
    except (ActiveContentRemains, LockedPdf):
        raise
    except (pikepdf.PdfError, ValueError, RuntimeError, KeyError, TypeError) as exc:
        raise UnreadablePdf from exc
    return cleaned


def find_active_content(data: bytes) -> None:
    """Parse ``data`` and raise ``ActiveContentRemains`` if any object could still act."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            raise ActiveContentRemains("/Info")
        names = pdf.Root.get("/Names")
        if isinstance(names, Dictionary) and any(key in names for key in ACTIVE_NAMES):
            raise ActiveContentRemains("/Names")
        for holder in _dictionaries(pdf):
            for key in (*ACTIVE_KEYS, *HIDDEN_KEYS, "/XFA"):
                if key in holder:
                    raise ActiveContentRemains(key)
            if _is_active_action(holder):
                raise ActiveContentRemains(str(holder.get("/S")))


def _neutralise(pdf: pikepdf.Pdf) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    root = pdf.Root
    for key in CATALOG_KEYS:
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in ACTIVE_NAMES:
            if key in names:
                del names[key]
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]  # the widgets' appearances still show the filled-in form
    for page in pdf.pages:
        _drop_active_annotations(page.obj)
    for holder in _dictionaries(pdf):
        _clean_dictionary(holder)
        if isinstance(holder, Stream):
            _strip_jpeg_metadata(holder)


def _clean_dictionary(holder: Dictionary | Stream) -> None:
    for key in (*ACTIVE_KEYS, *HIDDEN_KEYS):
        if key in holder:
            del holder[key]
    for key in ("/A", "/Next"):
        if key in holder and not _safe_action(holder[key]):
            del holder[key]
    if _is_active_action(holder):
        # An action reached some other way (a name tree, an outline): make it do nothing.
        for key in list(holder.keys()):
            del holder[key]
        holder[Name.S] = Name.Named
        holder[Name.N] = Name("/Nothing")
    subtype = holder.get("/Subtype")
    if subtype is not None and str(subtype) != "/Widget" and "/T" in holder \
            and "/Rect" in holder:
        del holder["/T"]  # a comment's author: the reporter's name in a word processor


def _safe_action(action) -> bool:
    actions = list(action) if isinstance(action, Array) else [action]
    return all(
        isinstance(item, Dictionary) and str(item.get("/S")) in SAFE_ACTIONS
        and "/Next" not in item
        for item in actions
    )


def _is_active_action(holder: Dictionary | Stream) -> bool:
    # Borders, groups and structure elements have an /S too, but never one of these names.
    kind = holder.get("/S")
    return isinstance(kind, Name) and str(kind) in ACTIVE_ACTIONS


def _drop_active_annotations(page: Dictionary) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return
    kept = [
        annot for annot in annotations
        if not (isinstance(annot, Dictionary)
                and str(annot.get("/Subtype")) in ACTIVE_ANNOTATIONS)
    ]
    if len(kept) != len(annotations):
        page[Name.Annots] = Array(kept)


def _dictionaries(pdf: pikepdf.Pdf) -> Iterator[Dictionary | Stream]:
    """Every dictionary and stream of the file, indirect objects and those nested in them."""
    pending = [pdf.trailer, *pdf.objects]
    while pending:
        item = pending.pop()
        if isinstance(item, Dictionary | Stream):
            yield item
            children = [item[key] for key in list(item.keys())]
        elif isinstance(item, Array):
            children = list(item)
        else:
            continue
        # Indirect children are in pdf.objects already; direct ones are reached only here.
        pending.extend(child for child in children
                       if isinstance(child, Dictionary | Stream | Array)
                       and not child.is_indirect)


def _strip_jpeg_metadata(stream: Stream) -> None:
    """Drop EXIF/XMP/IPTC/comment segments from a JPEG image kept inside the PDF."""
    if stream.get("/Subtype") != Name.Image or stream.get("/Filter") != Name.DCTDecode:
        return
    raw = stream.read_raw_bytes()
    stripped = _jpeg_without_metadata(raw)
    if stripped is not None and stripped != raw:
        stream.write(stripped, filter=Name.DCTDecode, decode_parms=stream.get("/DecodeParms"))


def _jpeg_without_metadata(raw: bytes) -> bytes | None:
    """The JPEG with its metadata segments removed, or None when it is not a JPEG we can read."""
    if not raw.startswith(b"\xff\xd8"):
        return None
    out, pos = bytearray(b"\xff\xd8"), 2
    while pos + 4 <= len(raw):
        if raw[pos] != 0xFF:
            return None
        marker = raw[pos + 1]
        if marker == 0xDA:  # start of scan: entropy-coded data follows to the end
            out += raw[pos:]
            return bytes(out)
        length = int.from_bytes(raw[pos + 2:pos + 4], "big")
        segment = raw[pos:pos + 2 + length]
        if marker not in _JPEG_METADATA_MARKERS:
            out += segment
        pos += 2 + length
    return None
