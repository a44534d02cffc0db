from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    name = "permissions"
    verbose_name = _("Roles and scope")

    def ready(self):
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
