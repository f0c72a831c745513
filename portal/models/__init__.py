"""The data model, one module per aggregate; importing this registers every table."""

from portal.models.attachment import Attachment
from portal.models.case import OPEN_STATUSES, Case, CaseCounter, CaseEvent
from portal.models.contact import ReporterContact
from portal.models.delivery import Delivery
from portal.models.enums import (
    ActorType,
    CaseStatus,
    CaseType,
    Channel,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    Visibility,
)
from portal.models.office import Category, District, Office, School, WorkGroup
from portal.models.user import Role, User, UserRole

__all__ = [
    "OPEN_STATUSES", "ActorType", "Attachment", "Case", "CaseCounter", "CaseEvent", "CaseStatus",
    "CaseType", "Category", "Channel", "Delivery", "DeliveryChannel", "DeliveryStatus", "District",
    "EventKind", "Office", "ReporterContact", "Role", "School", "User", "UserRole", "Visibility",
    "WorkGroup",
]
