"""Staff words for the states of published items and their versions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import PublicationKind, PublicationState, VersionState

KIND_LABELS = {
    PublicationKind.OUTCOME: _l("สรุปผลการดำเนินการ"),
    PublicationKind.NEWS: _l("ข่าว"),
    PublicationKind.PARTICIPATION: _l("รายงานการมีส่วนร่วม"),
}

ITEM_STATES = {
    PublicationState.DRAFT: _l("ยังไม่เผยแพร่"),
    PublicationState.PUBLISHED: _l("เผยแพร่อยู่"),
    PublicationState.WITHDRAWN: _l("ถอนการเผยแพร่แล้ว"),
}

VERSION_STATES = {
    VersionState.DRAFT: _l("ฉบับร่าง"),
    VersionState.AWAITING_APPROVAL: _l("รออนุมัติ"),
    VersionState.APPROVED: _l("อนุมัติแล้ว (แสดงบนกระดาน)"),
    VersionState.SUPERSEDED: _l("ถูกแทนที่ด้วยฉบับใหม่"),
}
