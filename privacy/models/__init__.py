"""The privacy app's models, one module per kind, re-exported here."""

from .consent import ConsentRecord
from .exports import DataExport, DataExportQuerySet, RequestAction
from .notices import LanguagePreference, NoticeDelivery, PolicyAcknowledgement
from .pages import PolicyVersion, PrivacyPolicyPage
from .requests import RightsRequest, RightsRequestEvent
from .restrictions import RestrictedAddress, Restriction
from .settings import PrivacySettings

__all__ = [
    "ConsentRecord",
    "DataExport",
    "DataExportQuerySet",
    "LanguagePreference",
    "NoticeDelivery",
    "PolicyAcknowledgement",
    "PolicyVersion",
    "PrivacyPolicyPage",
    "PrivacySettings",
    "RequestAction",
    "RestrictedAddress",
    "Restriction",
    "RightsRequest",
    "RightsRequestEvent",
]
