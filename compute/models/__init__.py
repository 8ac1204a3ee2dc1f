"""Compute models: clusters (clusters.py) and SQL warehouses (warehouses.py)."""

from compute.models.clusters import *  # noqa: F403
from compute.models.warehouses import *  # noqa: F403
