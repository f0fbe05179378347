"""The `commonplace` command: Django's management commands for this project.

`python -m commonplace runserver`, `commonplace migrate`, `commonplace demo`:
one entry point, so operators never need a `manage.py` beside the package.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonplace.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
