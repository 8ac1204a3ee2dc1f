"""`lakeflow token create --user NAME [--lifetime-days N] [--comment C]`: prints the token alone on the
last line of stdout, so scripts can do `TOKEN=$(lakeflow token create --user x | tail -n1)`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lakeflow.accounts import services
from lakeflow.api.errors import ApiError


class Command(BaseCommand):
    help = "Manage personal access tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a personal access token (printed once).")
        create.add_argument("--user", required=True, help="The user the token acts as.")
        create.add_argument(
            "--lifetime-days", type=int, default=None, help="Expire after N days (default: never)."
        )
        create.add_argument("--comment", default="", help="What the token is for.")

    def handle(
        self, *args, action: str, user: str, lifetime_days: int | None, comment: str, **options
    ) -> None:
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"User {user!r} does not exist.")
        if lifetime_days is not None and lifetime_days <= 0:
            raise CommandError("--lifetime-days must be a positive number of days.")
        try:
            token, raw = services.create_token(
                user=account,
                comment=comment or "lakeflow token create",
                lifetime_seconds=lifetime_days * 86400 if lifetime_days else None,
            )
        except ApiError as error:
            raise CommandError(error.message) from error
        expiry = token.expires_at.isoformat() if token.expires_at else "never"
        self.stdout.write(f"Token {token.pk} for {user!r} (expires: {expiry}). It is shown only now:")
        self.stdout.write(raw)
