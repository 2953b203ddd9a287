"""A local stand-in for a browser vendor's push service, at the HTTP boundary only.

It records every request (path, headers, body) and answers 201, or 410 for endpoints under
/gone/ (a subscription the browser dropped). The browser's side of the encryption is made
here too: a P-256 key pair and an auth secret, so a test can decrypt what arrived.
"""

from __future__ import annotations

import base64
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

PORTS = range(8450, 8500)  # this worktree's port range


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class BrowserKeys:
    """What a browser keeps for one subscription: its private key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> bytes:
        import http_ece

        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )


def vapid_signature_valid(public_key: str, authorization: str) -> bool:
    """Check a `vapid t=<JWT>, k=<key>` header (RFC 8292) against the site's public key."""
    from py_vapid import Vapid01

    fields = dict(part.strip().split("=", 1) for part in authorization[6:].split(","))
    if fields.get("k") != public_key:
        return False
    signed, signature = fields["t"].rsplit(".", 1)
    return Vapid01.from_raw_public(public_key.encode()).verify_token(signed.encode(), signature)


class PushService:
    def __init__(self) -> None:
        self.received: list[Received] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                service.received.append(
                    Received(
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        self.rfile.read(length),
                    )
                )
                self.send_response(410 if self.path.startswith("/gone/") else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        last_error: OSError | None = None
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError as exc:
                last_error = exc
        else:
            raise RuntimeError(f"no free port in {PORTS}") from last_error
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
