"""The shared vocabulary: every subpackage speaks in these pydantic models.

The names below are imported on first use (PEP 562), so that importing one submodule, such as
emigre.model.scenario for a simulation, does not build every other model's schema as well.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emigre.model.bundle import CaseBundle
    from emigre.model.case import Case, Wave
    from emigre.model.claim import EVAL_FIELDS, Claim, Counting, FoundIn
    from emigre.model.country import CountryCode, country_name, lookup_country
    from emigre.model.event import EVENT_COLUMNS, Event
    from emigre.model.jurisdiction import Jurisdiction, members
    from emigre.model.policy import POLICY_COLUMNS, Policy
    from emigre.model.query import ClaimQuery
    from emigre.model.source import Source

_WHERE = {
    "CaseBundle": "bundle",
    "Case": "case",
    "Wave": "case",
    "EVAL_FIELDS": "claim",
    "Claim": "claim",
    "Counting": "claim",
    "FoundIn": "claim",
    "CountryCode": "country",
    "country_name": "country",
    "lookup_country": "country",
    "EVENT_COLUMNS": "event",
    "Event": "event",
    "Jurisdiction": "jurisdiction",
    "members": "jurisdiction",
    "POLICY_COLUMNS": "policy",
    "Policy": "policy",
    "ClaimQuery": "query",
    "Source": "source",
}


def __getattr__(name: str) -> Any:
    if name == "JSON_SCHEMA_MODELS":
        value: Any = {
            "case": __getattr__("Case"),
            "source": __getattr__("Source"),
            "claim": __getattr__("Claim"),
            "event": __getattr__("Event"),
            "policy": __getattr__("Policy"),
            "bundle": __getattr__("CaseBundle"),
        }
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"emigre.model.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module 'emigre.model' has no attribute {name!r}")
    globals()[name] = value
    return value


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
