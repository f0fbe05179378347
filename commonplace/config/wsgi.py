"""The WSGI application that Granian serves (`granian --interface wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonplace.config.settings")

application = get_wsgi_application()
