"""Notes the request's source (API with a Bearer token, else UI) for ``audit.record``."""

from __future__ import annotations

from lakeflow.audit import services


class AuditSourceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = services.set_source(services.source_of_request(request))
        try:
            return self.get_response(request)
        finally:
            services.reset_source(token)
