"""Lakeflow: a self-hosted job orchestrator speaking the Databricks Jobs API."""

from lakeflow.celery import app as celery_app

__all__ = ["celery_app"]
