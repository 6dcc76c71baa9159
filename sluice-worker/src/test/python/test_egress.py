"""Unit tests of sluice_egress: which addresses are private, and that the wrapped socket refuses public ones."""

import errno
import socket
import threading
import unittest

import sluice_egress


def fake_resolver(table):
    def resolve(host, port, family, kind):
        return [(family, kind, 0, "", (address, port)) for address in table[host]]
    return resolve


class PrivateNetworksTest(unittest.TestCase):

    def test_private_and_public_addresses(self):
        for address in ("127.0.0.1", "10.1.2.3", "172.31.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                        "::1", "fd00::1", "fe80::1%eth0", "::ffff:10.0.0.1"):
            with self.subTest(address):
                self.assertTrue(sluice_egress.is_private(address))
        for address in ("8.8.8.8", "172.32.0.1", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"):
            with self.subTest(address):
                self.assertFalse(sluice_egress.is_private(address))

    def test_names_are_refused_when_any_of_their_addresses_is_public(self):
        resolve = fake_resolver({"inside": ["10.0.0.5"], "mixed": ["10.0.0.5", "8.8.4.4"]})
        sluice_egress.check(socket.AF_INET, ("inside", 80), resolve)
        with self.assertRaises(PermissionError) as refused:
            sluice_egress.check(socket.AF_INET, ("mixed", 443), resolve)
        self.assertEqual(refused.exception.errno, errno.EACCES)
        self.assertIn("8.8.4.4:443", str(refused.exception))
        sluice_egress.check(socket.AF_UNIX, "/tmp/some.sock", resolve)


class InstalledGuardTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        sluice_egress.install()
        sluice_egress.install()  # idempotent

    def test_public_connections_are_refused_before_any_packet(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            with self.assertRaises(PermissionError):
                s.connect(("8.8.8.8", 53))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            with self.assertRaises(PermissionError):
                s.sendto(b"x", ("1.1.1.1", 53))
        with self.assertRaises(PermissionError):
            socket.create_connection(("9.9.9.9", 443), timeout=1)

    def test_loopback_still_works(self):
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        accepted.join(5)
        server.close()


if __name__ == "__main__":
    unittest.main()
