"""The audit log: ``from lakeflow.audit import audit; audit.record(actor, action, ...)``."""
