"""Time-based status, derived when a resource is read instead of changed by background timers.

A resource stores when a transition started (e.g. `_ready_at`); its presenter asks `done(req, at)`. With
`--action-seconds 0` everything completes at once, and nothing runs between requests.
"""

from datetime import datetime, timezone


def iso(ts):
    """DigitalOcean's timestamp format: 2020-07-21T18:37:44Z."""
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ready_at(req):
    """When something started now completes."""
    return req.now + req.app.config.action_seconds


def done(req, at):
    return at is None or req.now >= at


def public(doc):
    """A stored document without its private bookkeeping (keys starting with "_")."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}
