"""`manage.py vapid_keys`: a new VAPID key pair for Web Push, printed as environment lines."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand, CommandError


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_key_pair() -> tuple[str, str]:
    """(public, private): the uncompressed P-256 point browsers take as applicationServerKey,
    and the raw 32-byte private number pywebpush signs with, both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public), b64url(private)


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push as VAPID_* environment lines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--subject",
            default="mailto:admin@example.org",
            help="A mailto: or https: contact for push services (VAPID_SUBJECT).",
        )

    def handle(self, *args, subject: str, **options):
        if not subject.startswith(("mailto:", "https:")):
            raise CommandError("--subject must start with mailto: or https:")
        public, private = new_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"VAPID_SUBJECT={subject}")
