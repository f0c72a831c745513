"""Staff replies: limited formatting, nothing that runs."""

from __future__ import annotations

import pytest

from portal.security.sanitize import clean_html, html_to_text, safe_html


@pytest.mark.parametrize("dirty", [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">คลิก</a>',
    '<a href="JaVaScRiPt:alert(1)">คลิก</a>',
    '<a href="java&#x09;script:alert(1)">คลิก</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">คลิก</a>',
    '<p onclick="alert(1)" style="x">ข้อความ</p>',
    '<svg onload=alert(1)><iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
])
def test_nothing_executable_survives(dirty):
    clean = clean_html(dirty).lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "data:", "<iframe",
                "<svg", "<img", "style", "alert(1)"):
        assert bad not in clean, (dirty, clean)


def test_allowed_formatting_stays_and_links_get_rel():
    html = ('<p>เรียน ผู้แจ้ง<br><strong>ผล</strong> <em>สรุป</em></p>'
            '<ul><li>หนึ่ง</li></ul><ol><li>สอง</li></ol>'
            '<a href="https://www.obec.go.th" target="_blank" rel="opener">สพฐ.</a> '
            '<a href="mailto:info@example.go.th">อีเมล</a>')
    clean = clean_html(html)
    for kept in ("<p>", "<br>", "<strong>ผล</strong>", "<em>สรุป</em>", "<ul><li>หนึ่ง</li></ul>",
                 "<ol><li>สอง</li></ol>"):
        assert kept in clean
    assert '<a href="https://www.obec.go.th" rel="nofollow noopener">สพฐ.</a>' in clean
    assert '<a href="mailto:info@example.go.th" rel="nofollow noopener">อีเมล</a>' in clean
    assert "target" not in clean


def test_relative_links_and_other_tags_become_text():
    assert clean_html('<a href="/staff/cases/1">ดู</a>') == "ดู"
    assert clean_html("<h1>หัวข้อ</h1><div>ย่อหน้า</div>").split() == ["หัวข้อ", "ย่อหน้า"]


def test_safe_html_cleans_again_and_text_helper():
    assert str(safe_html('<p>ok</p><script>x</script>')) == "<p>ok</p>"
    assert html_to_text("<p> </p><br>") == ""
    assert html_to_text("<p>A &amp; B</p>") == "A & B"
