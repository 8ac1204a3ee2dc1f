"""Lakeflow: a self-hosted job orchestrator speaking the Databricks Jobs API.

Kept empty on purpose: task code imports ``lakeflow.runtime`` in child processes, and that must
not pull in Django or Celery. The Celery app is loaded by ``LakeflowConfig.ready()``.
"""
