"""The report PDF: Thai text read back from it, A4, Thai digits, Buddhist era, and a look."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from portal.extensions import db
from portal.models import Case, Satisfaction
from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from portal.reports.render import render_report_pdf
from tests.reports import dataset
from tests.reports.dataset import AS_OF

A4 = (595.3, 841.9)  # points


def pdf_text(pdf_bytes: bytes) -> list[str]:
    """Each page's text, as composed Thai (portal/reports/pdf_text.py)."""
    document = pdfium.PdfDocument(pdf_bytes)
    return [document[i].get_textpage().get_text_range().replace("\r\n", "\n")
            for i in range(len(document))]


def font_names(document) -> set[str]:
    """The base names of the fonts the text of every page is drawn with (subset tag removed)."""
    names = set()
    for page in document:
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(size)
                pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
                names.add(buffer.value.decode().split("+")[-1])
    return names


@pytest.fixture
def data(app):
    return dataset.build()


def test_pdf_is_a4_thai_with_one_digit_style_and_buddhist_era(app, data, tmp_path):
    office = data["office"]
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period("2026-10"), public=True, now=AS_OF)
        pdf = render_report_pdf(office, figures)
    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    assert len(document) >= 2
    width, height = document[0].get_size()
    assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    pages = pdf_text(pdf)
    first = pages[0]
    assert "สำนักงานทดสอบ NP2" in first  # the office's header
    assert "รายงานสถิติเรื่องร้องเรียน" in first
    assert "ตุลาคม 2569" in first  # one digit style (Arabic) throughout
    assert "ข้อมูล ณ วันที่ 2 พฤศจิกายน 2569" in first  # Buddhist era
    assert "เรื่องร้องเรียนทั่วไป" in first and "ดำเนินการแล้วเสร็จ" in first
    assert f"หน้า 1 / {len(document)}" in first
    assert f"หน้า {len(document)} / {len(document)}" in pages[-1]
    whole = "\n".join(pages)
    assert "3. ความรวดเร็วในการดำเนินการ" in whole
    assert "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ" in whole
    assert font_names(document) == {"Sarabun", "Sarabun-Bold"}
    # Rendered to an image: a real page with ink in the header area.
    image = document[0].render(scale=2).to_pil().convert("L")
    image.save(tmp_path / "report-page-1.png")
    assert image.size == (round(width * 2), round(height * 2))
    header = image.crop((0, 100, image.width, 500))
    assert header.getextrema()[0] < 80  # dark text is there


def test_frozen_figures_print_the_same_after_the_cases_change(app, data):
    office = data["office"]
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period("2026-10"), public=True, now=AS_OF)
        before = pdf_text(render_report_pdf(office, figures))
    db.session.execute(db.delete(Satisfaction))
    db.session.execute(db.update(Case).values(subject="changed", status="closed"))
    db.session.commit()
    with app.test_request_context():
        after = pdf_text(render_report_pdf(office, figures))
    assert after == before


def test_empty_month_says_no_complaints(app, data):
    office = data["office"]
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period("2026-08"), public=True, now=AS_OF)
        text = "\n".join(pdf_text(render_report_pdf(office, figures)))
    assert "ไม่มีเรื่องร้องเรียน" in text
    assert "สิงหาคม 2569" in text


def test_english_pdf(app, data):
    office = data["office"]
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period("2026-10"), public=True, now=AS_OF)
        text = pdf_text(render_report_pdf(office, figures, locale="en"))[0]
    assert "Complaint statistics report" in text and "October 2026" in text
    assert "Data as of 2 November 2026" in text and "Page 1 / " in text



def test_a_document_printed_again_is_the_same_bytes_without_a_second_layout(app, data,
                                                                           monkeypatch):
    from weasyprint import HTML

    from portal.reports import render

    layouts = []
    write_pdf = HTML.write_pdf
    monkeypatch.setattr(HTML, "write_pdf", lambda self, *a, **k: layouts.append(1)
                        or write_pdf(self, *a, **k))
    monkeypatch.setattr(render, "_PRINTED", render.OrderedDict())
    office = data["office"]
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period("2026-10"), public=True, now=AS_OF)
        first = render_report_pdf(office, figures)
        again = render_report_pdf(office, figures)
        assert again == first and len(layouts) == 1
        # What is kept is what a new layout gives: the same HTML prints the same bytes.
        render._PRINTED.clear()
        assert render_report_pdf(office, figures) == first and len(layouts) == 2
        # Anything that changes the HTML is laid out anew; the oldest kept goes first.
        monkeypatch.setattr(render, "PRINTED_KEPT", 2)
        marked = render_report_pdf(office, figures, restricted=True)
        assert marked != first and len(layouts) == 3
        render_report_pdf(office, figures, locale="en")
        assert len(layouts) == 4 and len(render._PRINTED) == 2
        assert render_report_pdf(office, figures) == first and len(layouts) == 5
