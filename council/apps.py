from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = "Councils"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_clock_start  # circular: the app registry is not ready at import

        user_logged_in.connect(session_clock_start, dispatch_uid="council.session_clock_start")
