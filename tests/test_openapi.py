"""The OpenAPI schema (/api/schema/) and its browsable docs (/api/docs/)."""

from __future__ import annotations

import pytest
import yaml
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_and_valid_openapi(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = (
        response.json() if response["Content-Type"].endswith("json") else yaml.safe_load(response.content)
    )
    validate_schema(schema)
    for path in ("/api/2.0/token/create", "/api/2.0/workspace/import", "/api/ui/auth/login"):
        assert path in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_docs_page_is_served(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_docs_need_credentials(client, path):
    assert client.get(path).status_code == 401


def test_schema_generation_warns_about_nothing():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    problems = sorted({*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache})
    GENERATOR_STATS.reset()
    assert problems == [], "\n".join(problems)
