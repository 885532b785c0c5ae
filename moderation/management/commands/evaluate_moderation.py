"""`python manage.py evaluate_moderation [ARGS...]`: runs moderation.training.evaluate.main with ARGS (see --help there)."""  # noqa: E501

import argparse
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run moderation.training.evaluate (arguments after -- are passed to it, e.g. -- --help)."

    def add_arguments(self, parser):
        parser.add_argument("engine_args", nargs=argparse.REMAINDER, help="arguments for moderation.training.evaluate")

    def handle(self, *args, engine_args=(), **options):
        try:
            module = import_module("moderation.training.evaluate")
        except ModuleNotFoundError as exc:
            raise CommandError(f"The evaluate entry point is not available: {exc}") from None
        argv = list(engine_args)
        if argv and argv[0] == "--":
            argv = argv[1:]
        try:
            module.main(argv)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise CommandError(f"moderation.training.evaluate stopped with status {exc.code}") from None
