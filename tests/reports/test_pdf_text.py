"""The report PDF's text layer: composed Thai that pdftotext and pdfium find, a tagged PDF in
the document's language, one digit style, and no heading stranded at a page's foot."""

from __future__ import annotations

import re
import subprocess

import pikepdf
import pypdfium2 as pdfium
import pytest

from portal.reports.figures import compute_figures
from portal.reports.pdf_text import compose_thai_text
from portal.reports.periods import parse_period
from portal.reports.render import pango_breaks_inside, render_report_html, render_report_pdf
from portal.thai_words import PRINT_WORD_BREAK, keep_cell_words
from tests.reports import dataset
from tests.reports.dataset import AS_OF
from tests.reports.text import report_text

COMMON_WORDS = (
    "สำนักงาน",
    "ดำเนินการ",
    "รายงานสถิติเรื่องร้องเรียน",
    "จำนวน",
    "ร้องเรียนการทุจริตและประพฤติมิชอบ",
    "ความพึงพอใจ",
)
THAI_DIGITS = re.compile("[๐-๙]")


@pytest.fixture
def thai_pdf(app, tmp_path):
    data = dataset.build()
    with app.test_request_context():
        figures = compute_figures(
            data["office"].id, parse_period("2026-10"), public=True, now=AS_OF
        )
        pdf = render_report_pdf(data["office"], figures)
        html = render_report_html(figures)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    (tmp_path / "report.html").write_text(html)
    return path


def titles(html: str) -> list[str]:
    """The text of every heading, caption and figure caption of the printed HTML."""
    found = re.findall(r"<(h[1-3]|caption|figcaption)\b[^>]*>(.*?)</\1>", html, re.S)
    # Tags and the zero-width spaces between words gone, as the text layer reads.
    plain = (report_text(text) for _tag, text in found)
    return [re.sub(r"\s+", " ", text).strip() for text in plain]


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdftotext_and_pdfium_find_common_thai_words(thai_pdf):
    poppler = pdftotext(thai_pdf)
    document = pdfium.PdfDocument(thai_pdf.read_bytes())
    pdfium_text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for text in (poppler, pdfium_text):
        for word in COMMON_WORDS:
            assert word in text, word
        assert "\u0e4d\u0e32" not in text and "\u0e4d" not in text  # no decomposed SARA AM
        assert "าําํ" not in text and "า ํ" not in text  # no stray primer text
    assert "ข้อมูล ณ วันที่ 2 พฤศจิกายน 2569" in poppler


def test_one_digit_style_in_the_pdf(thai_pdf):
    text = pdftotext(thai_pdf)
    assert not THAI_DIGITS.search(text), THAI_DIGITS.findall(text)[:10]
    assert "ตุลาคม 2569" in text and "3. ความรวดเร็วในการดำเนินการ" in text
    assert re.search(r"หน้า 1 / \d+", text)


def test_the_pdf_is_tagged_in_thai(thai_pdf):
    with pikepdf.open(thai_pdf) as pdf:
        assert str(pdf.Root.Lang) == "th"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        kinds = set()

        def walk(node):
            if "/S" in node:
                kinds.add(str(node.S))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds, kinds


def test_no_word_is_split_inside_a_table_cell(thai_pdf):
    text = pdftotext(thai_pdf)
    assert "ประพฤติมิ\nชอบ" not in text and "ประพฤติมิชอบ" in text
    assert not re.search(r"ดำเนิน\n|\nการแล้ว", text)


def test_no_heading_ends_a_page(thai_pdf):
    """The last line of every page but the last is never a heading or a caption."""
    names = titles((thai_pdf.parent / "report.html").read_text())
    assert len(names) > 10
    pages = pdftotext(thai_pdf).split("\f")
    for page in pages[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        last = [line for line in lines if not line.startswith("หน้า ")][-1]
        assert not any(
            name == last or (len(last) > 8 and name.startswith(last)) for name in names
        ), last


def test_a_table_longer_than_a_page_starts_under_its_caption(app, tmp_path):
    """An office of 185 schools: the per-school table runs over the pages from under its
    caption; no page holds a heading or caption alone."""
    data = dataset.build()
    with app.test_request_context():
        figures = compute_figures(
            data["office"].id, parse_period("2026-10"), public=True, now=AS_OF
        )
        row = figures["by_school"][0]
        figures["by_school"] = [
            {**row, "label_th": f"โรงเรียนบ้านตัวอย่าง {n}", "label_en": f"Sample School {n}"}
            for n in range(1, 186)
        ]
        names = titles(render_report_html(figures))
        path = tmp_path / "long.pdf"
        path.write_bytes(render_report_pdf(data["office"], figures))
    pages = pdftotext(path).split("\f")
    caption = next(name for name in names if name.endswith("แยกตามโรงเรียน"))
    [first] = [page for page in pages if caption in page]
    assert "โรงเรียนบ้านตัวอย่าง 1\n" in first + "\n"
    assert sum("โรงเรียนบ้านตัวอย่าง" in page for page in pages) >= 3  # over several pages
    for page in pages:
        body = [line.strip() for line in page.splitlines()[1:] if line.strip()]
        body = [line for line in body if not line.startswith("หน้า ")]
        assert not body or not set(body) <= set(names), body


def test_sara_am_after_a_tone_mark_reads_back_composed(app):
    """น้ำ and ค่ำ (NIKHAHIT drawn before the tone mark) come back in logical order."""
    from weasyprint import HTML

    from portal.reports.render import _print_style

    stylesheet, fonts, base = _print_style()
    html = "<html lang='th'><body><p>ค่ำ น้ำ ทำ ดำ กำลัง <b>น้ำ ลำ</b></p></body></html>"
    raw = HTML(string=html, base_url=base).write_pdf(stylesheets=[stylesheet], font_config=fonts)
    document = pdfium.PdfDocument(compose_thai_text(raw))
    text = document[0].get_textpage().get_text_range()
    assert text.split() == ["ค่ำ", "น้ำ", "ทำ", "ดำ", "กำลัง", "น้ำ", "ลำ"], text


def test_only_the_words_pango_would_break_inside_get_a_span():
    """The printed cell keeps its words whole with as few elements as that takes: Pango (its
    Thai dictionary) breaks ประพฤติมิชอบ after มิ, and none of the other words."""
    cell = keep_cell_words("<td>เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</td>", PRINT_WORD_BREAK,
                           pango_breaks_inside)
    assert re.findall(r'<span class="nobr">([^<]+)</span>', cell) == ["ประพฤติมิชอบ"]
    assert report_text(cell) == "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert cell.count(PRINT_WORD_BREAK) == 5  # a break opportunity between every two words
