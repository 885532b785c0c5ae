from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = "Social media pages"

    def ready(self):
        # moderation sits below social: it asks the registry, and social fills it in here (no import upward).
        from moderation.social_page import social_page_register

        from .hooks import FacebookPage

        social_page_register(FacebookPage())
