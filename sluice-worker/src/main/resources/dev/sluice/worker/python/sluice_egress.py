"""egress_public_network_access: disabled, for score.py.

When the worker sets SLUICE_EGRESS_PUBLIC_NETWORK_ACCESS=disabled, the runner calls install() before it imports the
scoring script: from then on Python's socket.socket.connect, connect_ex and sendto refuse any address that is not on
a private network (loopback, RFC 1918, link-local, carrier-grade NAT, IPv6 unique-local and link-local), with a
PermissionError naming the address. Host names are resolved first and refused when any of their addresses is public.

Limits, stated plainly: this guards Python code that goes through the socket module (urllib, http.client, requests,
most client libraries). Native code (C extensions, ctypes, a subprocess) opens sockets without Python and is not
stopped, and name lookups themselves still reach the system's resolver. It is a guard against accidents and
ordinary libraries, not a sandbox; a network namespace or firewall is the tool for that.
Standard library only.
"""

import errno
import ipaddress
import socket

VARIABLE = "SLUICE_EGRESS_PUBLIC_NETWORK_ACCESS"

PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
    "::1/128", "fc00::/7", "fe80::/10"))

_INET_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def is_private(address):
    """True for an IP address (text) on a private network; an IPv4-mapped IPv6 address counts as its IPv4 one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in PRIVATE_NETWORKS)


def _addresses(host, port, family, resolve):
    try:
        return [host] if ipaddress.ip_address(host.split("%", 1)[0]) else []
    except ValueError:
        return [info[4][0] for info in resolve(host, port, family, socket.SOCK_STREAM)]


def check(family, address, resolve=socket.getaddrinfo):
    """Raises PermissionError when address (a socket address of family) is public; Unix sockets always pass."""
    if family not in _INET_FAMILIES or not isinstance(address, tuple) or not address:
        return
    host, port = address[0], address[1] if len(address) > 1 else 0
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    for resolved in _addresses(str(host), port, family, resolve):
        if not is_private(resolved):
            raise PermissionError(errno.EACCES, "egress_public_network_access is disabled: Sluice refused a"
                                                " connection to %s:%s (a public address)" % (resolved, port))


def install():
    """Wraps the socket methods that reach out; idempotent."""
    cls = socket.socket
    if getattr(cls, "_sluice_egress_guarded", False):
        return
    resolve = socket.getaddrinfo
    connect, connect_ex, sendto = cls.connect, cls.connect_ex, cls.sendto

    def guarded_connect(self, address):
        check(self.family, address, resolve)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        check(self.family, address, resolve)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *rest):
        check(self.family, rest[-1], resolve)
        return sendto(self, data, *rest)

    cls.connect = guarded_connect
    cls.connect_ex = guarded_connect_ex
    cls.sendto = guarded_sendto
    cls._sluice_egress_guarded = True
