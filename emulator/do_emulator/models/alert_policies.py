"""Monitoring alert policies: the "alert_policies" kind, keyed by uuid; stored as shown."""

from .collection import Collection

ALERT_POLICIES = Collection("alert_policies", key="uuid")
KIND = ALERT_POLICIES.kind
