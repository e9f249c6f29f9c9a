"""Contract §1.5, §2.5, §3: rate limits, proxy failures, committed-then-lost writes."""

from __future__ import annotations

import httpx
import pytest

from ocop.sandbox import Sandbox
from tests.sandbox.conftest import PostmartClient, VosoClient, postmart_listing, voso_product

NEVER_REFILLS = 0.001  # tokens per second: a bucket that stays empty for the whole test


def test_voso_429_with_whole_second_retry_after(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", rate_limit=NEVER_REFILLS, burst=2)
    assert [voso.call("GET", "/shop").status_code for _ in range(2)] == [200, 200]
    limited = voso.call("GET", "/shop")
    assert limited.status_code == 429 and limited.json()["error"] == "error_rate_limit"
    assert limited.headers["retry-after"].isdigit() and int(limited.headers["retry-after"]) >= 1


def test_voso_auth_failures_do_not_count(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", rate_limit=NEVER_REFILLS, burst=1)
    forger = VosoClient(sandbox["voso"].api_url, partner_key="wrong")
    assert {forger.call("GET", "/shop").status_code for _ in range(5)} == {401}
    assert voso.call("GET", "/shop").status_code == 200
    assert voso.call("GET", "/shop").status_code == 429


def test_voso_limit_is_per_partner(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", rate_limit=NEVER_REFILLS, burst=1)
    other = VosoClient(sandbox["voso"].api_url, 100002, "sandbox-voso-other-key", 200002)
    assert voso.call("GET", "/shop").status_code == 200
    assert other.call("GET", "/shop").status_code == 200
    assert voso.call("GET", "/shop").status_code == 429


def test_postmart_429_has_body_code_and_no_retry_after(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    sandbox.set_faults("postmart", rate_limit=NEVER_REFILLS, burst=1)
    assert postmart.call("GET", "/store").status_code == 200
    limited = postmart.call("GET", "/store")
    assert limited.status_code == 429 and "retry-after" not in limited.headers
    assert limited.json()["code"] == 42900 and limited.json()["message"] == "ApiCallLimit"
    assert all(postmart.fetch_token().status_code == 200 for _ in range(3))  # token: never limited


def test_contract_limits_are_on_by_default() -> None:
    with Sandbox.start() as sb:
        assert sb.set_faults("voso")["rate_limit"] == 10 and sb.set_faults("voso")["burst"] == 10
        assert (
            sb.set_faults("postmart")["rate_limit"] == 5 and sb.set_faults("postmart")["burst"] == 5
        )


def test_voso_proxy_failure_is_html_and_has_no_effect(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", fail_before_rate=1)
    response = voso.call("POST", "/products", json=voso_product())
    assert response.status_code in (502, 503)
    assert response.headers["content-type"].startswith("text/html") and "<html>" in response.text
    sandbox.set_faults("voso", fail_before_rate=0)
    assert voso.call("GET", "/products").json()["data"]["total"] == 0


def test_postmart_5xx_is_empty_and_has_no_effect(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    sandbox.set_faults("postmart", fail_before_rate=1)
    response = postmart.call("POST", "/listings", json=postmart_listing())
    assert response.status_code in (502, 503) and response.content == b""
    sandbox.set_faults("postmart", fail_before_rate=0)
    assert postmart.call("GET", "/listings").json()["data"]["items"] == []


def test_voso_commit_then_504_really_committed(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", commit_then_504_rate=1)
    response = voso.call("POST", "/products", json=voso_product())
    assert response.status_code == 504 and "<html>" in response.text
    assert voso.call("GET", "/products").status_code == 200  # reads are not affected
    found = voso.call("GET", "/products", params={"sku": "TN-CHE-001"}).json()["data"]["items"]
    assert len(found) == 1


def test_postmart_commit_then_504_really_committed(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    sandbox.set_faults("postmart", commit_then_504_rate=1)
    response = postmart.call("POST", "/listings", json=postmart_listing())
    assert response.status_code == 504 and response.content == b""
    items = postmart.call("GET", "/listings", params={"seller_sku": "TN-CHE-001"}).json()["data"][
        "items"
    ]
    assert len(items) == 1


def test_drop_after_commit_closes_the_connection_after_the_write(
    sandbox: Sandbox, voso: VosoClient
) -> None:
    sandbox.set_faults("voso", drop_after_commit_rate=1)
    with pytest.raises(httpx.RemoteProtocolError):
        voso.call("POST", "/products", json=voso_product())
    assert voso.call("GET", "/products").json()["data"]["total"] == 1


def test_failed_writes_are_not_turned_into_504(sandbox: Sandbox, voso: VosoClient) -> None:
    sandbox.set_faults("voso", commit_then_504_rate=1)
    response = voso.call("POST", "/products", json=voso_product(price=1))
    assert response.status_code == 400  # nothing committed, so the real answer arrives


def test_seeded_faults_repeat_exactly() -> None:
    def statuses(seed: int) -> list[int]:
        with Sandbox.start(seed=seed) as sb:
            sb.set_faults("voso", fail_before_rate=0.5, rate_limit=0)
            voso = VosoClient(sb["voso"].api_url)
            return [voso.call("GET", "/shop").status_code for _ in range(12)]

    first = statuses(7)
    assert first == statuses(7)
    assert 200 in first and set(first) - {200}  # a mix, not all or nothing


def test_unknown_fault_knob_is_refused(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="unknown fault setting"):
        sandbox.set_faults("voso", flakiness=1)


def test_write_calls_are_counted(sandbox: Sandbox, voso: VosoClient) -> None:
    voso.call("GET", "/products")
    assert sandbox["voso"].stats()["writes"] == 0
    pid = voso.call("POST", "/products", json=voso_product()).json()["data"]["product_id"]
    voso.call("PATCH", f"/products/{pid}", json={"stock": 1})
    stats = sandbox["voso"].stats()
    assert stats["writes"] == 2 and stats["PATCH /products/{id}"] == 1 and stats["requests"] == 3
    sandbox["voso"].reset_stats()
    assert sandbox["voso"].stats()["writes"] == 0


def test_added_latency_does_not_serialise_requests(sandbox: Sandbox, voso: VosoClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sandbox.set_faults("voso", latency_ms=300)
    client = httpx.Client(limits=httpx.Limits(max_connections=8))
    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda _: client.get(sandbox["voso"].storefront_url + "/").status_code, range(8)
            )
        )
    assert statuses == [200] * 8
    assert sandbox["voso"].stats()["max_in_flight"] >= 4  # the sleeps overlapped


def test_postmart_drop_after_commit_applied_the_offer(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    listing_id = sandbox["postmart"].create_listing("A", price=100_000)["listing_id"]
    sandbox.set_faults("postmart", drop_after_commit_rate=1)
    with pytest.raises(httpx.RemoteProtocolError):
        batch = {"offers": [{"listing_id": listing_id, "price": 90_000}]}
        postmart.call("POST", "/listings/offers:batchUpdate", json=batch)
    assert postmart.call("GET", f"/listings/{listing_id}").json()["data"]["price"] == 90_000


def test_storefront_defences_block_lie_and_redirect_on_demand(sandbox: Sandbox) -> None:
    voso = sandbox["voso"]
    made = voso.create_product("HD-1", name="Chè Tân Cương hộp 100 g")
    page = made["url"]
    base = voso.storefront_url
    with httpx.Client(timeout=10) as http:
        assert http.get(page).status_code == 200
        for status in (403, 429):
            voso.set_faults(page_status=status)
            assert http.get(page).status_code == status
        voso.set_faults(page_status=0, page_captcha=1)
        lying = http.get(page)
        assert lying.status_code == 200 and 'property="og:title"' in lying.text
        assert "g-recaptcha" in lying.text and "HD-1" not in lying.text
        voso.set_faults(page_captcha=0, page_captcha_redirect=1)
        moved = http.get(page)
        assert moved.status_code == 302 and moved.headers["location"].startswith("/xac-minh?")
        assert "g-recaptcha" in http.get(base + moved.headers["location"]).text
        voso.set_faults(page_captcha_redirect=0, robots_disallow=1)
        assert http.get(base + "/robots.txt").text == "User-agent: *\nDisallow: /\n"
        assert http.get(page).status_code == 200  # robots.txt asks; it does not enforce
    # seven pages and one robots.txt, counted apart from the API
    assert voso.stats()["pages"] == 7 and voso.stats()["robots.txt"] == 1
    assert voso.stats()["requests"] == 0


def test_a_share_of_pages_gets_the_storefront_fault(sandbox: Sandbox) -> None:
    voso = sandbox["voso"]
    page = voso.create_product("HD-1", name="Chè Tân Cương hộp 100 g")["url"]
    sandbox.seed(7)
    voso.set_faults(page_status=403, page_fault_rate=0.5)
    with httpx.Client(timeout=10) as http:
        codes = [http.get(page).status_code for _ in range(40)]
    assert 5 < codes.count(403) < 35 and codes.count(403) + codes.count(200) == 40
