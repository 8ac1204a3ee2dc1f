"""`lakeflow users create NAME [--admin] [--password P] [--email E]` and `users set-password NAME`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lakeflow.accounts import services
from lakeflow.api.errors import ApiError


class Command(BaseCommand):
    help = "Manage Lakeflow users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create", help="Create a user (prints a generated password when none is given)."
        )
        create.add_argument("name")
        create.add_argument("--admin", action="store_true", help="Make the user an administrator.")
        create.add_argument("--password", help="The password; generated and printed when omitted.")
        create.add_argument("--email", default="")
        reset = sub.add_parser("set-password", help="Set a user's password (generated when omitted).")
        reset.add_argument("name")
        reset.add_argument("--password")

    def handle(self, *args, action: str, name: str, password: str | None = None, **options) -> None:
        try:
            if action == "create":
                user, password_used = services.create_user(
                    username=name, password=password, email=options["email"], admin=options["admin"]
                )
                role = "admin" if options["admin"] else "user"
                self.stdout.write(f"Created {role} {user.get_username()!r}.")
            else:
                password_used = services.set_password(username=name, password=password)
                self.stdout.write(f"Password of {name!r} changed.")
        except ApiError as error:
            raise CommandError(error.message) from error
        if password is None:
            self.stdout.write(f"Password: {password_used}")
