"""Providers give clusters their workers; see base.py for the interface."""

from __future__ import annotations

from importlib import import_module

from compute.providers.base import Provider, WorkerStatus

# provider name -> "module:Class"
PROVIDERS: dict[str, str] = {
    "local": "compute.providers.local:LocalProvider",
}
_INSTANCES: dict[str, Provider] = {}


def get_provider(name: str) -> Provider:
    if name not in _INSTANCES:
        module, _, cls = PROVIDERS[name].partition(":")
        _INSTANCES[name] = getattr(import_module(module), cls)()
    return _INSTANCES[name]


__all__ = ["PROVIDERS", "Provider", "WorkerStatus", "get_provider"]
