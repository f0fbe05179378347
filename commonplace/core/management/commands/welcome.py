from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print where Commonplace answers and how to sign in."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        has_admin = (
            get_user_model().objects.filter(is_staff=True, is_active=True).exists()
        )
        lines = ["", f"Commonplace answers on {url}", ""]
        if has_admin:
            lines.append(f"Administration: {url}admin/")
        else:
            lines += [
                "No administrator exists yet. In another terminal, create one:",
                "    .venv/bin/python -m commonplace createsuperuser",
                f"then sign in at {url}admin/",
            ]
        lines += [f"API documentation: {url}api/v1/docs", "Stop with Ctrl+C.", ""]
        self.stdout.write("\n".join(lines))
