"""The office's reference data: districts, work groups, categories and demo schools."""

from __future__ import annotations

import random

import geothai

from portal.extensions import db
from portal.models import CaseType, Category, District, Office, School, WorkGroup

DISTRICT_CODES = ("4808", "4809", "4804", "4803", "4810", "4811")  # the six districts, DOPA codes

WORK_GROUPS = [
    ("admin", "กลุ่มอำนวยการ", "General Administration", False),
    ("personnel", "กลุ่มบริหารงานบุคคล", "Personnel Administration", False),
    ("policy", "กลุ่มนโยบายและแผน", "Policy and Planning", False),
    ("promotion", "กลุ่มส่งเสริมการจัดการศึกษา", "Educational Promotion", False),
    ("supervision", "กลุ่มนิเทศติดตามและประเมินผล", "Supervision, Monitoring and Evaluation", False),
    ("finance", "กลุ่มบริหารงานการเงินและสินทรัพย์", "Finance and Assets", False),
    ("legal", "กลุ่มกฎหมายและคดี", "Legal Affairs", True),
    ("audit", "หน่วยตรวจสอบภายใน", "Internal Audit", False),
]

CATEGORIES = {
    CaseType.COMPLAINT: [
        ("อาหารกลางวันและนมโรงเรียน", "School lunch and milk", "promotion"),
        ("การเรียนการสอน", "Teaching and learning", "supervision"),
        ("พฤติกรรมครูและบุคลากร", "Conduct of teachers and staff", "personnel"),
        ("อาคารสถานที่และความปลอดภัย", "Buildings and safety", "policy"),
        ("การรับนักเรียนและค่าใช้จ่าย", "Admissions and fees", "promotion"),
        ("การให้บริการของสำนักงานเขต", "Service of the area office", "admin"),
    ],
    CaseType.SUGGESTION: [
        ("การบริหารจัดการศึกษา", "Education management", "policy"),
        ("การบริการและการประชาสัมพันธ์", "Service and public relations", "admin"),
    ],
    CaseType.QUESTION: [
        ("การรับนักเรียน", "Admissions", "promotion"),
        ("บุคลากรและการบรรจุแต่งตั้ง", "Personnel and appointments", "personnel"),
        ("งบประมาณและการเบิกจ่าย", "Budget and payments", "finance"),
    ],
    CaseType.COMPLIMENT: [
        ("ชมเชยโรงเรียนหรือครู", "Praise for a school or teacher", "admin"),
        ("ชมเชยการให้บริการ", "Praise for a service", "admin"),
    ],
    CaseType.CORRUPTION: [
        ("การจัดซื้อจัดจ้าง", "Procurement", "legal"),
        ("การใช้งบประมาณและทรัพย์สินของราชการ", "Use of public funds and property", "legal"),
        ("การเรียกรับผลประโยชน์", "Soliciting benefits", "legal"),
        ("การบริหารงานบุคคลโดยมิชอบ", "Misconduct in personnel matters", "legal"),
        ("การประพฤติมิชอบอื่น ๆ", "Other misconduct", "legal"),
    ],
}

# What follows a village's name in a school's (Thai, and as the English transliterates it).
SCHOOL_SUFFIXES = (
    ("", ""), ("วิทยา", "Witthaya"), ("ศึกษา", "Suksa"), ("ราษฎร์บำรุง", "Rat Bamrung"),
    ("พัฒนา", "Phatthana"), ("ประชาสรรค์", "Pracha San"), ("ประชาสามัคคี", "Pracha Samakkhi"),
    ("มิตรภาพ", "Mittraphap"), ("เหนือ", "Nuea"), ("ใต้", "Tai"), ("ใหม่", "Mai"),
    ("น้อย", "Noi"), ("ใหญ่", "Yai"), ("โนนสูง", "Non Sung"), ("หนองแวง", "Nong Waeng"),
)
SCHOOLS_PER_DISTRICT = (40, 32, 30, 31, 29, 23)  # 185 in all


def create_office() -> Office:
    office = Office(
        code="NP2",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครพนม เขต 2",
        name_en="Nakhon Phanom Primary Educational Service Area Office 2",
        address_th="อำเภอศรีสงคราม จังหวัดนครพนม (ที่อยู่ตัวอย่าง)",
        address_en="Si Songkhram District, Nakhon Phanom (sample address)",
        phone="042-000-000",  # a sample: no real line answers it
        email="contact@nkp2.example",
        line_id="@nkp2.example",
        dpo_contact="เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (ตัวอย่าง) dpo@nkp2.example",
        dpo_contact_en="Data protection officer (sample) dpo@nkp2.example",
        facebook_url="https://www.facebook.com/nakhonpanom2",  # the page "Nakhonpanom 2"
        reply_due_days=15,
    )
    db.session.add(office)
    db.session.flush()
    return office


def create_reference_data(office: Office, rng: random.Random) -> None:
    """Districts (official codes from geothai), work groups, categories and demo schools."""
    groups = {}
    for code, name_th, name_en, corruption in WORK_GROUPS:
        groups[code] = WorkGroup(office_id=office.id, code=code, name_th=name_th,
                                 name_en=name_en, receives_corruption=corruption)
        db.session.add(groups[code])
    for case_type, items in CATEGORIES.items():
        for order, (name_th, name_en, group) in enumerate(items):
            db.session.add(Category(office_id=office.id, case_type=case_type, name_th=name_th,
                                    name_en=name_en, work_group=groups[group], sort_order=order))
    number = 0
    used: set[str] = set()  # across the office: two districts never share a school's name
    for code, count in zip(DISTRICT_CODES, SCHOOLS_PER_DISTRICT, strict=True):
        info = geothai.district(code)
        district = District(office_id=office.id, code=code, name_th=info.name_th,
                            name_en=info.name_en)
        db.session.add(district)
        db.session.flush()
        for name_th, name_en in demo_school_names(code, count, used, rng):
            number += 1
            db.session.add(School(office_id=office.id, district_id=district.id,
                                  code=f"DEMO{number:04d}", name_th=name_th, name_en=name_en,
                                  is_demo=True))
    db.session.flush()


def demo_school_names(district_code: str, count: int, used: set[str],
                      rng: random.Random) -> list[tuple[str, str]]:
    """``count`` plausible school names after the district's subdistricts, none in ``used``.

    "โรงเรียนบ้าน" + village + suffix, as rural Thai schools are named: never "บ้านบ้าน…"
    for a village already called บ้าน…, never a suffix the village's name already ends with.
    """
    names = []
    for village in geothai.subdistricts(district_code):
        stem_th = village.name_th.removeprefix("บ้าน")
        stem_en = village.name_en.removeprefix("Ban ")
        for suffix_th, suffix_en in SCHOOL_SUFFIXES:
            if suffix_th and stem_th.endswith(suffix_th):
                continue
            name_th = f"โรงเรียนบ้าน{stem_th}{suffix_th}"
            name_en = " ".join(p for p in ("Ban", stem_en, suffix_en, "School") if p)
            names.append((name_th, name_en))
    rng.shuffle(names)
    chosen = [pair for pair in names if pair[0] not in used][:count]
    if len(chosen) < count:
        raise ValueError(f"district {district_code}: only {len(chosen)} school names")
    used.update(name for name, _ in chosen)
    return sorted(chosen)
