import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as
# the worker. Frozen, it is left out of the collector's full passes, which
# then walk only what requests make: on a page of a 216-item SERAC agenda
# those passes had made one request in five take twice as long (README,
# "Load data and the benchmark").
gc.collect()
gc.freeze()
