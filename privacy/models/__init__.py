"""The privacy app's models, one module per kind, re-exported here."""

from .consent import ConsentRecord
from .exports import DataExport, DataExportQuerySet, RequestAction
from .guardians import GuardianRequest
from .journal import ErasureJournalEntry
from .notices import LanguagePreference, NoticeDelivery, PolicyAcknowledgement
from .pages import (
    LocalizedVersion,
    PolicyVersion,
    PolicyVersionTranslation,
    PrivacyPolicyPage,
)
from .rectifications import Rectification, RectificationQuerySet
from .requests import RightsRequest, RightsRequestEvent
from .restrictions import RestrictedAddress, Restriction
from .settings import PrivacySettings

__all__ = [
    "ConsentRecord",
    "DataExport",
    "DataExportQuerySet",
    "ErasureJournalEntry",
    "GuardianRequest",
    "LanguagePreference",
    "NoticeDelivery",
    "PolicyAcknowledgement",
    "LocalizedVersion",
    "PolicyVersion",
    "PolicyVersionTranslation",
    "PrivacyPolicyPage",
    "PrivacySettings",
    "Rectification",
    "RectificationQuerySet",
    "RequestAction",
    "RestrictedAddress",
    "Restriction",
    "RightsRequest",
    "RightsRequestEvent",
]
