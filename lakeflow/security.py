"""Security headers Django does not set itself: a Content-Security-Policy for the browser app.

Django's SecurityMiddleware and XFrameOptionsMiddleware already send X-Content-Type-Options,
Referrer-Policy, Cross-Origin-Opener-Policy and X-Frame-Options. The app's HTML gets a strict
CSP: scripts only from this origin plus the exact inline scripts of the page (by SHA-256 hash,
so a rebuilt index.html keeps working), no plugins, no framing. The admin and the Swagger docs
(which load their own assets) keep Django's defaults.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_SKIP = ("/admin/", "/api/docs/")
_BASE = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def content_security_policy(html: bytes) -> str:
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return _BASE.format(hashes=hashes)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(_SKIP) or "Content-Security-Policy" in response:
            return response
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            response["Content-Security-Policy"] = content_security_policy(response.content)
        else:
            response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        return response
