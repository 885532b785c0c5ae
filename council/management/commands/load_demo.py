"""`python manage.py load_demo`: both demo councils and sample records; running it twice changes nothing."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from council.demo import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the Cassington and Bassingbourn demo councils, their members and sample records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with PRODUCTION=1 (new accounts then get random passwords, printed once).",
        )

    def handle(self, *args, **options):
        production = getattr(settings, "PRODUCTION", False)
        if production and not options["force"]:
            raise CommandError(
                "This is a production installation (PRODUCTION=1): the demo would add sample councils and staff "
                "accounts. Run with --force if you really mean it; the accounts then get random passwords."
            )
        passwords: dict[str, str] | None = {} if production else None
        councils = demo_load(passwords=passwords)
        # Other apps add their own sample records through a `demo.demo_records_load(councils)` hook,
        # so this ground-floor app imports none of them.
        for app in apps.get_app_configs():
            if app.name == "council":
                continue
            try:
                module = import_module(f"{app.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.demo":
                    raise
                continue
            hook = getattr(module, "demo_records_load", None)
            if hook:
                hook(councils)
        self.stdout.write(
            self.style.SUCCESS("Demo councils ready: " + ", ".join(f"{c.name} ({c.slug})" for c in councils))
        )
        if passwords is None:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        else:
            self.stdout.write("Demo logins (random passwords, shown once; accounts that existed before keep theirs):")
        for username, name, roles in demo_logins():
            shown = f"  {passwords.get(username, '(unchanged)')}" if passwords is not None else ""
            self.stdout.write(f"  {username:<24} {name:<18} {roles}{shown}")
        self.stdout.write(f"Site: {settings.SITE_URL}/")
