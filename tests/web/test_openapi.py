"""The OpenAPI document at /api/openapi.json says what the API really does: schemathesis checks it.

The document is loaded from the module (schemathesis' lazy fixture loader does not run on pytest 9),
and a test checks that the app serves exactly that document.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from searchapp.web.openapi import openapi_document

# Schema-valid requests may still be refused (page * per_page over 1000, from after to, query
# syntax, an unknown id): a documented 400 or 404 is an answer too. Everything else is checked as is.
CONFIG = {"checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400", "404"]}}}
EXAMPLES = 60  # per operation and phase; the whole run takes about 20 s
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

schema = schemathesis.openapi.from_dict(openapi_document(), config=SchemathesisConfig.from_dict(CONFIG))


@pytest.fixture(scope="module")
def seed_app(seed_index):
    from searchapp import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture(scope="module")
def unavailable_app(tmp_path_factory):
    from searchapp import create_app

    return create_app({"INDEX_DIR": str(tmp_path_factory.mktemp("no-index") / "index"), "TESTING": True})


@schema.parametrize()
@SETTINGS
def test_the_api_does_what_its_openapi_document_says(case, seed_app):
    case.call_and_validate(app=seed_app)


@schema.parametrize()
@settings(SETTINGS, max_examples=10)
def test_without_an_index_the_api_answers_the_documented_503(case, unavailable_app):
    response = case.call_and_validate(app=unavailable_app, excluded_checks=[  # a documented 503 is the answer
        schemathesis.checks.not_a_server_error, schemathesis.checks.positive_data_acceptance])
    if case.method == "GET":  # schemathesis also tries other methods (405, or 200 for OPTIONS)
        assert response.status_code in (400, 404, 503)


def test_the_app_serves_this_document(client):
    assert client.get("/api/openapi.json").get_json() == openapi_document()


def test_the_document_describes_both_endpoints():
    document = openapi_document()
    assert document["openapi"] == "3.0.3"
    assert {path: sorted(ops["get"]["responses"]) for path, ops in document["paths"].items()} == {
        "/api/search": ["200", "400", "503"], "/api/articles/{id}": ["200", "404", "503"]}
    assert [p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]] == [
        "q", "page", "per_page", "sort", "year", "month", "from", "to", "province", "district", "source"]
