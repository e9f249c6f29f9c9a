"""A listing's request takes an address Scrapy would not change as it is, and any other
address exactly as Scrapy makes it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ocop_spiders.base import _SAFE_URL, ListingRequest
from scrapy import Request
from w3lib.url import safe_url_string

HOSTS = st.sampled_from(["127.0.0.1", "voso.vn", "a..b", "xn--vso-9na.vn", "A.vn", "a.vn.", ""])
PORTS = st.sampled_from(["", ":80", ":008", ":0", ":34857", ":65535", ":65536", ":99999"])
PARTS = st.text(alphabet="abcAZ09._~!$&'()*+,;=:@/-%? #é\t", max_size=25)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp"]))
    path = draw(PARTS)
    return f"{scheme}://{draw(HOSTS)}{draw(PORTS)}/{path}"


@settings(max_examples=1000, deadline=None)
@given(addresses() | st.from_regex(_SAFE_URL, fullmatch=True))
def test_an_address_is_what_scrapy_makes_of_it(url: str) -> None:
    try:
        expected = Request(url).url
    except ValueError as error:  # a port out of range: the same error either way
        try:
            ListingRequest(url)
        except ValueError as again:
            assert str(again) == str(error)
            return
        raise AssertionError(f"{url!r} accepted, Scrapy refuses it: {error}") from None
    assert ListingRequest(url).url == expected == safe_url_string(url)


def test_the_benchmark_s_addresses_skip_the_rewrite() -> None:
    url = "http://127.0.0.1:34857/che-tan-cuong-dac-biet-p1.html"
    assert _SAFE_URL.fullmatch(url)
    vietnamese = "http://voso.vn/chè-tân-cương-p1.html"
    assert (
        ListingRequest(vietnamese).url == "http://voso.vn/ch%C3%A8-t%C3%A2n-c%C6%B0%C6%A1ng-p1.html"
    )
    moved = ListingRequest(url).replace(url="http://voso.vn/a b")
    assert isinstance(moved, ListingRequest) and moved.url == "http://voso.vn/a%20b"
