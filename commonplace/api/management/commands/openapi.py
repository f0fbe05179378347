import json
from pathlib import Path

from django.core.management.base import BaseCommand

from commonplace.api.api import api


def openapi_document() -> str:
    """The API's OpenAPI document as stable, reviewable JSON text."""
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document (default: docs/openapi.json)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path("docs/openapi.json"))

    def handle(self, *args, output: Path, **options):
        output.write_text(openapi_document())
        self.stdout.write(f"Wrote {output}")
