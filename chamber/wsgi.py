"""WSGI entry point, used by gunicorn: `gunicorn chamber.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber.settings")
application = get_wsgi_application()
