"""The data model, one module per aggregate; importing this registers every table."""

from portal.models.accounts_audit import AccountAuditEntry, OneTimeMark, RoleGrant
from portal.models.attachment import Attachment
from portal.models.case import OPEN_STATUSES, Case, CaseCounter, CaseEvent, CaseRead
from portal.models.channel import ChannelAccount, PostEngagement
from portal.models.contact import ReporterContact
from portal.models.delivery import Delivery
from portal.models.enums import (
    AccountAction,
    ActorType,
    CaseStatus,
    CaseType,
    CaseViewKind,
    Channel,
    DeclineReason,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    GrantStatus,
    OneTimePurpose,
    Outcome,
    Priority,
    RecusalReason,
    Visibility,
)
from portal.models.feedback import Satisfaction
from portal.models.ita import ItaItem
from portal.models.national import (
    NationalCaseGrant,
    NationalLogEntry,
    NationalMember,
    NationalRollup,
)
from portal.models.office import Category, District, Office, School, WorkGroup
from portal.models.oversight import CaseView, Recusal
from portal.models.policy import DeadlinePolicy, Holiday, ResponseTemplate
from portal.models.privacy import (  # noqa: F401  (PDPA duties, portal/privacy)
    Breach,
    BreachEdit,
    CasePurgeState,
    EvidenceMark,
    LegalHold,
    PrivacyRequest,
    Processor,
    PurgeLogEntry,
    PurgeRun,
    RetentionSchedule,
    RopaVersion,
)
from portal.models.publication import (
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
    VersionState,
)
from portal.models.report import (
    Report,
    ReportFile,
    ReportFileKind,
    ReportVersion,
    ReportView,
    ReportViewKind,
)
from portal.models.submission_key import SubmissionKey
from portal.models.user import (
    TWO_FACTOR_ROLES,
    Passkey,
    Role,
    SignInRecord,
    User,
    UserRole,
    WorkGroupMember,
)

__all__ = [
    "AccountAction", "AccountAuditEntry", "CaseViewKind", "GrantStatus", "OneTimeMark",
    "OneTimePurpose", "RoleGrant", "OPEN_STATUSES", "TWO_FACTOR_ROLES", "ActorType", "Attachment",
    "Case", "CaseCounter", "CaseEvent", "CaseRead", "CaseStatus", "CaseType", "CaseView",
    "Category",
    "Channel", "DeadlinePolicy", "DeclineReason", "Delivery", "DeliveryChannel", "DeliveryStatus",
    "District", "EventKind", "Holiday", "Office", "Outcome", "Priority", "Recusal",
    "RecusalReason", "ReporterContact", "ResponseTemplate", "Role", "Satisfaction", "School",
    "SignInRecord", "User", "UserRole", "Visibility", "WorkGroup", "WorkGroupMember",
    "ChannelAccount", "DeliveryAction", "PostEngagement", "Publication", "PublicationKind",
    "PublicationState", "PublicationVersion", "VersionState", "ItaItem",
    "Report", "ReportFile", "ReportFileKind", "ReportVersion", "ReportView", "ReportViewKind",
    "Passkey", "NationalCaseGrant", "NationalLogEntry", "NationalMember", "NationalRollup",
    "SubmissionKey",
]
