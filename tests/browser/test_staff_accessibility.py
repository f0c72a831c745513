"""The administrator's and staff account pages pass axe in Thai and English, on a desk and a phone.

An administrator (who must use two-factor sign-in) and a case officer sign in through the real
pages; every admin section, the school list's second page, the import form with an error, and
the account and password pages are checked by axe-core, plus the page checks axe cannot make
alone (ids used twice, fields no label names, sideways scrolling at 320 px).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import District, Office, Role, School
from tests.browser.flows import describe, page_width
from tests.browser.test_triage import PASSWORD, add_staff, blocking, sign_in

pytestmark = pytest.mark.browser

ADMIN_PAGES = ("/admin/", "/admin/users", "/admin/work-groups", "/admin/categories",
               "/admin/schools", "/admin/schools?page=2", "/admin/schools/import",
               "/admin/deadlines", "/admin/holidays", "/admin/templates", "/admin/deliveries")
ACCOUNT_PAGES = ("/staff/account", "/staff/password")
PHONE_PAGES = ("/admin/schools", *ACCOUNT_PAGES)


@pytest.fixture
def admin_page(contexts, live_server) -> Page:
    """An administrator signed in with password and authenticator code; 60 more schools."""
    staff = add_staff("admin@test.example", "อรทัย ดูแลระบบ", Role.ADMIN)
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    district = db.session.scalar(select(District).where(District.office_id == office.id))
    db.session.add_all(School(office_id=office.id, district_id=district.id, code=f"X{i:03d}",
                              name_th=f"โรงเรียนบ้านทดสอบ {i}", name_en=f"Ban Thotsop {i} School")
                       for i in range(60))
    db.session.commit()
    db.session.remove()
    page = contexts.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff)  # the password, then the authenticator's code
    expect(page.get_by_role("navigation", name="เมนูผู้ดูแลระบบ")).to_be_visible()
    return page


def _check(page: Page, paths, found: dict, label: str) -> None:
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        if path == "/admin/schools/import":
            page.get_by_role("button", name=("นำเข้า" if label.startswith("th") else "Import"),
                             exact=True).click()
            expect(page.locator("#error-summary")).to_be_visible()
            assert page.locator('[aria-invalid="None"]').count() == 0
        found[f"{label} {path}"] = blocking_or_empty(page)


def blocking_or_empty(page: Page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return blocking(Axe(), page)


def test_admin_and_account_pages_pass_axe_in_both_languages(admin_page):
    found: dict[str, list] = {}
    for language in ("th", "en"):
        admin_page.set_viewport_size({"width": 1366, "height": 900})
        admin_page.goto(f"/lang/{language}?next=/admin/")
        _check(admin_page, ADMIN_PAGES + ACCOUNT_PAGES, found, f"{language} desktop")
        admin_page.set_viewport_size({"width": 360, "height": 740})
        _check(admin_page, PHONE_PAGES, found, f"{language} 360px")
    found = {name: problems for name, problems in found.items() if problems}
    assert not found, "axe-core found serious problems:\n" + describe(found)


def test_school_list_pages_and_names_its_buttons_by_their_words(admin_page):
    admin_page.goto("/lang/en?next=/admin/schools")
    rows = admin_page.locator("table tbody tr")
    expect(rows).to_have_count(50)
    first = rows.first.locator("th").inner_text()
    # WCAG 2.5.3: the words shown begin the button's name; the school's name completes it.
    button = rows.first.get_by_role("button", name=f"Deactivate school {first}", exact=True)
    expect(button).to_have_count(1)
    expect(button.locator(".visually-hidden")).to_have_text(f" {first}")
    admin_page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next page").click()
    expect(rows).to_have_count(13)  # 63 schools: the factory's three and sixty more
    expect(admin_page.locator("caption")).to_contain_text("Page 2 of 2")


# axe reports text in narrow scrolling tables as "partially obscured" and cannot decide its
# contrast; this computes it as WCAG 2.x does, from each cell's text colour and the first
# opaque background behind it.
TABLE_CONTRAST = """() => {
  const channel = c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const texts = "main table th, main table td, main table a, main table button, main table .badge";
  for (const el of document.querySelectorAll(texts)) {
    if (!el.innerText.trim() || el.closest(".visually-hidden")) continue;
    const fg = luminance(rgb(getComputedStyle(el).color)), bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const text = el.innerText.trim().slice(0, 30);
    if (ratio < 4.5) low.push(`${el.tagName} "${text}" ${ratio.toFixed(2)}`);
  }
  return low;
}"""


def test_text_in_scrolled_tables_meets_four_and_a_half_to_one(admin_page):
    admin_page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/admin/schools", "/admin/users", "/admin/categories", "/staff/password"):
        admin_page.goto(path)
        wrap = admin_page.locator(".table-wrap").first
        wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")  # as a reader scrolls it
        assert admin_page.locator("main table td, main table th").count() > 0, path
        assert admin_page.evaluate(TABLE_CONTRAST) == [], path


def test_password_page_fits_a_narrow_phone_and_names_the_account(admin_page):
    admin_page.set_viewport_size({"width": 320, "height": 640})
    admin_page.goto("/staff/password")
    expect(admin_page.locator("#sign-in-records")).to_be_visible()
    assert page_width(admin_page) <= 320
    username = admin_page.locator('input[autocomplete="username"]')
    expect(username).to_have_value("admin@test.example")
    expect(username).to_be_hidden()


def test_account_pages_use_the_staff_menu_and_officers_see_only_their_links(contexts,
                                                                             live_server):
    officer = add_staff("officer@test.example", "วิชัย ส่งเสริม", Role.CASE_OFFICER,
                        groups=("promotion",))
    page = contexts.new_page()
    sign_in(page, officer, PASSWORD)
    menu = page.get_by_role("navigation", name="เมนูเจ้าหน้าที่")
    expect(menu.get_by_role("link", name="กล่องเรื่อง")).to_be_visible()
    expect(menu.get_by_role("link", name="บันทึกเรื่องจากช่องทางอื่น")).to_have_count(0)
    menu.get_by_role("link", name="บัญชีของฉัน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("บัญชีของฉัน")
    menu = page.get_by_role("navigation", name="เมนูเจ้าหน้าที่")
    expect(menu.get_by_role("link", name="บัญชีของฉัน")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("navigation", name="เมนูหลัก")).to_have_count(0)
    menu.get_by_role("link", name="กล่องเรื่อง").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")
