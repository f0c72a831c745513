"""The data model, one module per aggregate; importing this registers every table."""

from portal.models.attachment import Attachment
from portal.models.case import OPEN_STATUSES, Case, CaseCounter, CaseEvent
from portal.models.channel import ChannelAccount, PostEngagement
from portal.models.contact import ReporterContact
from portal.models.delivery import Delivery
from portal.models.enums import (
    ActorType,
    CaseStatus,
    CaseType,
    Channel,
    DeclineReason,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    Outcome,
    Priority,
    RecusalReason,
    Visibility,
)
from portal.models.feedback import Satisfaction
from portal.models.office import Category, District, Office, School, WorkGroup
from portal.models.oversight import CaseView, Recusal
from portal.models.policy import DeadlinePolicy, Holiday, ResponseTemplate
from portal.models.publication import (
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
    VersionState,
)
from portal.models.user import TWO_FACTOR_ROLES, Role, SignInRecord, User, UserRole, WorkGroupMember

__all__ = [
    "OPEN_STATUSES", "TWO_FACTOR_ROLES", "ActorType", "Attachment", "Case", "CaseCounter",
    "CaseEvent", "CaseStatus", "CaseType", "CaseView", "Category", "Channel", "ChannelAccount",
    "DeadlinePolicy", "DeclineReason", "Delivery", "DeliveryAction", "DeliveryChannel",
    "DeliveryStatus", "District", "EventKind", "Holiday", "Office", "Outcome", "PostEngagement",
    "Priority", "Publication", "PublicationKind", "PublicationState", "PublicationVersion",
    "Recusal", "RecusalReason", "ReporterContact", "ResponseTemplate", "Role", "Satisfaction",
    "School", "SignInRecord", "User", "UserRole", "VersionState", "Visibility", "WorkGroup",
    "WorkGroupMember",
]
