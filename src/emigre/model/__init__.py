"""The shared vocabulary: every subpackage speaks in these pydantic models."""

from emigre.model.bundle import CaseBundle
from emigre.model.case import Case, Wave
from emigre.model.claim import EVAL_FIELDS, Claim, Counting, FoundIn
from emigre.model.country import CountryCode, country_name, lookup_country
from emigre.model.event import EVENT_COLUMNS, Event
from emigre.model.jurisdiction import Jurisdiction, members
from emigre.model.policy import POLICY_COLUMNS, Policy
from emigre.model.query import ClaimQuery
from emigre.model.source import Source

JSON_SCHEMA_MODELS = {
    "case": Case,
    "source": Source,
    "claim": Claim,
    "event": Event,
    "policy": Policy,
    "bundle": CaseBundle,
}

__all__ = [
    "EVAL_FIELDS",
    "EVENT_COLUMNS",
    "JSON_SCHEMA_MODELS",
    "POLICY_COLUMNS",
    "Case",
    "CaseBundle",
    "Claim",
    "ClaimQuery",
    "Counting",
    "CountryCode",
    "Event",
    "FoundIn",
    "Jurisdiction",
    "Policy",
    "Source",
    "Wave",
    "country_name",
    "lookup_country",
    "members",
]
