import pytest


@pytest.mark.django_db
def test_health_check_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_api_without_credentials_is_401_in_databricks_format(client):
    response = client.get("/api/2.2/jobs/list")
    assert response.status_code in (401, 404)
