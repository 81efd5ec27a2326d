"""App configs that give third-party apps a translated name in the Arabic admin (axes and Procrastinate have none)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.apps import ProcrastinateConfig as BaseProcrastinateConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class ProcrastinateConfig(BaseProcrastinateConfig):
    verbose_name = _("Background jobs")
