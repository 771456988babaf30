"""Which network addresses the feed poller may connect to: the SSRF guard's pure part.

A feed, an entry link or a redirect names a host; an attacker who controls any of them could point
the poller at a loopback admin page, the cloud metadata service (169.254.169.254) or a private
network, and the page's text would be published. So every host is resolved here, every address it
resolves to is checked, and the fetcher connects to the address that was checked (never resolving
the name a second time, which DNS rebinding would exploit).

Resolving through ``getaddrinfo`` is also what makes the encoded forms of a literal harmless: the C
resolver decodes ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` to 127.0.0.1 exactly as a
connection would, so the decoded address is what gets checked.

Refused unless the operator allows it (``CLAIMWIRE_FETCH_ALLOW``): every address that is not
globally routable (loopback, private, link-local, unique-local fc00::/7, site-local, multicast,
unspecified, reserved, shared 100.64/10, documentation ranges ...), and IPv6 addresses that embed
such an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64 64:ff9b::/96, Teredo).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence

__all__ = ["AddressRefused", "Network", "Resolver", "checked_address", "refusal", "resolve"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) -> the addresses the host resolves to, as strings; raises OSError when it cannot."""

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix: the IPv4 is the last 32 bits
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d (:: and ::1 are checked as such)


class AddressRefused(Exception):
    """The host resolves to an address the poller must not connect to; the message says which and why."""


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver: /etc/hosts, DNS, numeric forms)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # An IPv6 sockaddr may carry a zone ("fe80::1%eth0"); the address is what is checked.
    return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos
                              if info[0] in (socket.AF_INET, socket.AF_INET6)))


def _own_refusal(address: Address) -> str | None:
    """Why ``address`` itself is not a public destination, None when it is. The named categories come
    first so that the message is precise; ``is_global`` then catches the rest (shared 100.64/10,
    documentation, benchmarking ... ranges) whatever this Python's tables add."""
    categories = [
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),  # before private: Python counts 240.0.0.0/4 as both
        ("private", address.is_private),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
    ]
    for name, applies in categories:
        if applies:
            return name
    return None if address.is_global else "not globally routable"


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is one of the forms that reach it: a
    connection to one of them may end at that IPv4 address (a kernel, a gateway or a relay translates)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address; the server's is the relay
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: Address, allow: Iterable[Network] = ()) -> str | None:
    """Why the poller must not connect to ``address``, None when it may. An address inside one of the
    ``allow`` networks is allowed whatever it is (the operator said so); the check is on the exact
    address, so allowing 127.0.0.1/32 does not allow ::ffff:127.0.0.1."""
    if any(address.version == network.version and address in network for network in allow):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        inner_reason = _own_refusal(inner) if inner is not None else None
        if inner_reason is not None:
            return f"{inner_reason} (IPv6 form of {inner})"
    return _own_refusal(address)


def checked_address(host: str, port: int, allow: Iterable[Network] = (), resolver: Resolver = resolve) -> str:
    """The address to connect to for ``host``: the first it resolves to, once every address it
    resolves to was checked (one bad address refuses the host: a resolver answering with a public
    and a loopback address must not get a chance to have the second one used). Raises
    AddressRefused, or OSError when the host does not resolve."""
    allowed = tuple(allow)
    addresses = [ipaddress.ip_address(text) for text in resolver(host, port)]
    if not addresses:
        raise OSError(f"{host} resolves to no address")
    for address in addresses:
        reason = refusal(address, allowed)
        if reason is not None:
            shown = "" if host == str(address) else f" ({address})"
            raise AddressRefused(f"refusing to fetch from {host}{shown}: not a public address ({reason}); "
                                 "CLAIMWIRE_FETCH_ALLOW can allow it")
    return str(addresses[0])
