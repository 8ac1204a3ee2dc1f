"""The `lakeflow` command: `lakeflow X args` is `manage.py X args` for Lakeflow's own commands.

lakeflow dev [--host H] [--port P]     everything in one process (embedded default)
lakeflow web | worker | scheduler      the production processes
lakeflow users create NAME [--admin] [--password P]
lakeflow token create --user NAME [--lifetime-days N]
lakeflow jobs export JOB_ID | jobs deploy FILE...
lakeflow migrate
"""

from __future__ import annotations

import os
import sys

COMMANDS = ("dev", "web", "worker", "scheduler", "users", "token", "jobs", "migrate", "reconcile")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    if argv[0] not in COMMANDS:
        print(f"lakeflow: unknown command {argv[0]!r}; one of: {', '.join(COMMANDS)}", file=sys.stderr)
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lakeflow", *argv])


if __name__ == "__main__":
    main()
