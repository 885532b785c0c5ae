"""`python manage.py load_demo`: both demo councils and sample records; running it twice changes nothing."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from council.demo import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the Cassington and Bassingbourn demo councils, their members and sample records (idempotent)."

    def handle(self, *args, **options):
        councils = demo_load()
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
        self.stdout.write(self.style.SUCCESS("Demo councils ready: " + ", ".join(f"{c.name} ({c.slug})" for c in councils)))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, name, roles in demo_logins():
            self.stdout.write(f"  {username:<24} {name:<18} {roles}")
        self.stdout.write(f"Site: {settings.SITE_URL}/")
