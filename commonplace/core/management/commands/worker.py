from django.core.management.base import BaseCommand

from commonplace.core.worker import Supervisor, drain


class Command(BaseCommand):
    help = (
        "Run background tasks and the scheduler of periodic jobs. Start one "
        "or more beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-empty",
            action="store_true",
            help="Run the tasks that are ready now, then exit (tests, cron).",
        )
        parser.add_argument(
            "--scheduler-interval",
            type=float,
            default=30.0,
            help="Seconds between checks for due periodic jobs (default 30).",
        )

    def handle(self, *args, until_empty, scheduler_interval, **options):
        if until_empty:
            drain()
            return
        self.stdout.write("Commonplace worker: running tasks and periodic jobs.")
        Supervisor(scheduler_interval=scheduler_interval).run()
