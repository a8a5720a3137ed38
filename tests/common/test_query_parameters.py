"""Every list endpoint answers a query parameter it does not know with a 422 naming it, for
whoever may call it: a misspelt filter (`?chlid_id=3`) must never silently return everything.

The endpoints are walked from the OpenAPI document, so one added later is checked too: every GET
whose answer is a list (an array or a page of items), and every GET that takes query parameters
(a report's `from`, a chart's `indicator`)."""
import pytest

MISSPELT = "chlid_idd"


def _answer_schema(spec: dict, operation: dict) -> dict:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = (content.get("application/json") or {}).get("schema") or {}
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _is_list(spec: dict, operation: dict) -> bool:
    schema = _answer_schema(spec, operation)
    items = schema.get("properties", {}).get("items", {})
    return schema.get("type") == "array" or items.get("type") == "array"


def _takes_query(operation: dict) -> bool:
    return any(p.get("in") == "query" for p in operation.get("parameters", []))


def list_endpoints(spec: dict) -> list[str]:
    paths = []
    for path, operations in spec["paths"].items():
        operation = operations.get("get")
        if operation is not None and (_is_list(spec, operation) or _takes_query(operation)):
            paths.append(path)
    return sorted(paths)


def _url(path: str) -> str:
    """Path parameters filled with 1: the query is checked before any object is looked up."""
    parts = [("1" if part.startswith("{") else part) for part in path.split("/")]
    return "/api/v1" + "/".join(parts).removeprefix("/api/v1")


@pytest.fixture
def callers(client, login):
    """No token, and one of each role (staff at a real venue)."""
    admin = login("admin")
    venue = client.post("/api/v1/admin/venues", headers=admin, json={
        "name": "双塔街道社区优育课堂", "kind": "社区优育课堂", "district": "姑苏区"})
    assert venue.status_code == 201, venue.get_json()
    return {"anonymous": {}, "parent": login("parent"),
            "venue_staff": login("venue_staff", venue_id=venue.get_json()["id"]), "admin": admin}


def test_the_walk_finds_the_lists_and_reports_parents_staff_and_admins_use(client):
    found = list_endpoints(client.get("/api/v1/openapi.json").get_json())
    for path in ("/api/v1/sessions", "/api/v1/voucher-batches", "/api/v1/me/children",
                 "/api/v1/venue/sessions", "/api/v1/admin/voucher-batches",
                 "/api/v1/places/cities", "/api/v1/admin/stats/overview",
                 "/api/v1/me/children/{child_id}/growth/chart"):
        assert path in found
    assert "/api/v1/me" not in found and "/api/v1/health" not in found


def test_every_list_and_report_names_an_unknown_query_parameter(client, callers):
    spec = client.get("/api/v1/openapi.json").get_json()
    ignored = []
    for path in list_endpoints(spec):
        url = f"{_url(path)}?{MISSPELT}=3"
        answers = {who: client.get(url, headers=headers) for who, headers in callers.items()}
        refused = [who for who, r in answers.items() if r.status_code == 422]
        # Whoever gets past the login check must be told; nobody gets an answer that ignored it.
        if not refused or any(r.status_code < 400 or r.status_code == 404
                              for r in answers.values()):
            ignored.append((path, {who: r.status_code for who, r in answers.items()}))
            continue
        body = answers[refused[0]].get_json()
        assert body["code"] == "validation_error" and MISSPELT in body["errors"], (path, body)
        assert MISSPELT in body["errors"][MISSPELT][0]
    assert not ignored, "lists that ignore an unknown parameter:\n" + "\n".join(map(str, ignored))
