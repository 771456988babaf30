"""The SSRF guard's pure part: which addresses are refused, how hosts resolve, the allow list.

Nothing here touches the network: the hosts resolved for real are numeric literals (the C resolver
decodes them without asking DNS); names go through a resolver the test controls."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.ingest.address_guard import AddressRefused, checked_address, embedded_ipv4, refusal, resolve
from services.shared.config import parse_fetch_allow

REFUSED = {
    "127.0.0.1": "loopback", "127.255.0.9": "loopback", "::1": "loopback",
    "0.0.0.0": "unspecified", "::": "unspecified",
    "169.254.169.254": "link-local", "fe80::1": "link-local",
    "10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private",
    "fc00::1": "private", "fd12:3456::1": "private",  # unique-local fc00::/7
    "224.0.0.1": "multicast", "ff02::1": "multicast",
    "240.0.0.1": "reserved", "255.255.255.255": "reserved",
    "fec0::1": "site-local",
    "100.64.0.1": "not globally routable",  # shared address space (carrier-grade NAT)
    "::ffff:127.0.0.1": "loopback (IPv6 form of 127.0.0.1)",  # IPv4-mapped
    "::ffff:169.254.169.254": "link-local (IPv6 form of 169.254.169.254)",
    "::127.0.0.1": "loopback (IPv6 form of 127.0.0.1)",  # IPv4-compatible
    "2002:7f00:1::": "loopback (IPv6 form of 127.0.0.1)",  # 6to4 (is_global on Python 3.11)
    "2002:a9fe:a9fe::1": "link-local (IPv6 form of 169.254.169.254)",
    "64:ff9b::7f00:1": "loopback (IPv6 form of 127.0.0.1)",  # NAT64 well-known prefix
    "64:ff9b::a00:1": "private (IPv6 form of 10.0.0.1)",
}
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"]


@pytest.mark.parametrize(("text", "reason"), sorted(REFUSED.items()))
def test_each_kind_of_non_public_address_is_refused_and_named(text: str, reason: str) -> None:
    assert refusal(ipaddress.ip_address(text)) == reason


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_allowed(text: str) -> None:
    assert refusal(ipaddress.ip_address(text)) is None


def test_embedded_ipv4_of_each_form() -> None:
    def embedded(text: str) -> str | None:
        inner = embedded_ipv4(ipaddress.IPv6Address(text))
        return None if inner is None else str(inner)

    assert embedded("::ffff:10.0.0.1") == "10.0.0.1"
    assert embedded("2002:0a00:0001::5") == "10.0.0.1"
    assert embedded("64:ff9b::0a00:1") == "10.0.0.1"
    assert embedded("::10.0.0.1") == "10.0.0.1"
    assert embedded("2001:0:4136:e378:8000:63bf:3fff:fdd2") == "192.0.2.45"  # Teredo client
    assert embedded("::1") is None and embedded("::") is None and embedded("2606:4700::1111") is None


def test_the_allow_list_allows_exactly_its_networks() -> None:
    allow = parse_fetch_allow("10.0.0.0/8, 127.0.0.1/32")
    assert refusal(ipaddress.ip_address("10.200.1.1"), allow) is None
    assert refusal(ipaddress.ip_address("127.0.0.1"), allow) is None
    assert refusal(ipaddress.ip_address("127.0.0.2"), allow) == "loopback"
    assert refusal(ipaddress.ip_address("192.168.0.1"), allow) == "private"
    # The exact address: another spelling of an allowed one is not allowed.
    assert refusal(ipaddress.ip_address("::ffff:127.0.0.1"), allow) is not None


# --------------------------------------------------------------------------- resolving


# Every spelling of 127.0.0.1 that the C resolver (inet_aton) takes; no DNS is asked for any of them.
LOOPBACK_SPELLINGS = ["127.0.0.1", "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "0x7f.1",
                      "127.1", "127.0.1", "0x7f.0.0.0x1", "127.000.000.001"]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_getaddrinfo_decodes_each_loopback_spelling_on_this_machine(host: str) -> None:
    assert resolve(host, 80) == ["127.0.0.1"]


@pytest.mark.parametrize("host", [*LOOPBACK_SPELLINGS, "::1", "0.0.0.0", "0", "169.254.169.254", "10.0.0.1",
                                  "::ffff:127.0.0.1", "fd00::1"])
def test_every_literal_spelling_is_refused_after_resolving(host: str) -> None:
    with pytest.raises(AddressRefused, match=f"refusing to fetch from {host}"):
        checked_address(host, 80)


def fake_resolver(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return table[host]

    resolver.calls = calls  # type: ignore[attr-defined]
    return resolver


def test_one_bad_address_among_good_ones_refuses_the_host() -> None:
    resolver = fake_resolver({"news.example.org": ["93.184.215.14", "127.0.0.1"]})
    with pytest.raises(AddressRefused) as refused:
        checked_address("news.example.org", 443, resolver=resolver)
    message = str(refused.value)
    assert "news.example.org (127.0.0.1): not a public address (loopback)" in message
    assert "CLAIMWIRE_FETCH_ALLOW" in message


def test_the_address_returned_is_the_first_checked_one() -> None:
    resolver = fake_resolver({"news.example.org": ["93.184.215.14", "2606:4700:4700::1111"]})
    assert checked_address("news.example.org", 443, resolver=resolver) == "93.184.215.14"
    assert resolver.calls == ["news.example.org"]


def test_a_host_that_resolves_to_nothing_is_an_os_error() -> None:
    with pytest.raises(OSError, match="no address"):
        checked_address("empty.example.org", 80, resolver=fake_resolver({"empty.example.org": []}))


# --------------------------------------------------------------------------- properties

NON_PUBLIC_V4 = st.one_of(
    st.integers(0x7F000000, 0x7FFFFFFF),  # 127.0.0.0/8
    st.integers(0x0A000000, 0x0AFFFFFF),  # 10.0.0.0/8
    st.integers(0xAC100000, 0xAC1FFFFF),  # 172.16.0.0/12
    st.integers(0xC0A80000, 0xC0A8FFFF),  # 192.168.0.0/16
    st.integers(0xA9FE0000, 0xA9FEFFFF),  # 169.254.0.0/16
    st.integers(0x00000000, 0x00FFFFFF),  # 0.0.0.0/8
)


def _part(value: int, style: str) -> str:
    return {"dec": str(value), "hex": hex(value), "oct": "0" + oct(value)[2:]}[style]


@st.composite
def hostile_spellings(draw: st.DrawFn) -> tuple[int, str]:
    """A non-public IPv4 address and one of the many ways inet_aton lets a URL spell it."""
    value = draw(NON_PUBLIC_V4)
    octets = list(value.to_bytes(4, "big"))
    shape = draw(st.sampled_from(["a", "a.b", "a.b.c", "a.b.c.d"]))
    # a.b: the last part holds 24 bits; a.b.c: 16 bits; a: all 32.
    parts = {"a": [value], "a.b": [octets[0], value & 0xFFFFFF],
             "a.b.c": [octets[0], octets[1], value & 0xFFFF], "a.b.c.d": octets}[shape]
    styles = draw(st.lists(st.sampled_from(["dec", "hex", "oct"]), min_size=len(parts), max_size=len(parts)))
    return value, ".".join(_part(part, style) for part, style in zip(parts, styles, strict=True))


@given(hostile_spellings())
def test_every_inet_aton_spelling_of_a_non_public_address_is_decoded_and_refused(spelled: tuple[int, str]) -> None:
    value, host = spelled
    assert resolve(host, 80) == [str(ipaddress.IPv4Address(value))]
    with pytest.raises(AddressRefused):
        checked_address(host, 80)


@given(NON_PUBLIC_V4, st.sampled_from(["mapped", "compatible", "6to4", "nat64"]), st.integers(0, 0xFFFF))
def test_every_ipv6_form_embedding_a_non_public_ipv4_is_refused(value: int, form: str, low: int) -> None:
    prefix = {"mapped": 0xFFFF << 32, "compatible": 0, "6to4": 0x2002 << 112, "nat64": 0x64FF9B << 96}[form]
    embedded = value << 80 if form == "6to4" else value
    address = ipaddress.IPv6Address(prefix | embedded | (low if form == "6to4" else 0))
    assert refusal(address) is not None


ANY_ADDRESS = (st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
               | st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address))


@given(ANY_ADDRESS)
def test_an_allowed_address_is_always_globally_routable(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if refusal(address) is None:
        assert address.is_global and not (address.is_private or address.is_loopback or address.is_link_local)
