"""ASGI entry point: HTTP through Django, WebSocket through Channels.

Run with `uvicorn config.asgi:application --lifespan off` from site/ (or with site/ on
PYTHONPATH; `make serve` shows the production flags); the import-path fix below lets
launchers started from the repo root work too.
"""

import os
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent.parent
if str(SITE_DIR) not in sys.path:
    sys.path.insert(0, str(SITE_DIR))
if str(SITE_DIR.parent) not in sys.path:
    sys.path.insert(1, str(SITE_DIR.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

# Set up Django (apps, models) before importing anything that touches models.
django.setup(set_prefix=False)

from core.asgi_handler import SyncChainASGIHandler  # noqa: E402

# Django's handler, with the middleware chain called once in the request's thread
django_asgi_app = SyncChainASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from core.concurrency import ConcurrencyLimitMiddleware  # noqa: E402
from core.pagecache import PageCacheASGIMiddleware  # noqa: E402
from core.wsguard import ConnectionCapMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        # anonymous readers' cached pages are answered here, before Django (core/pagecache.py)
        # then at most WORKER_CONCURRENCY requests inside Django at once (core/concurrency.py)
        "http": PageCacheASGIMiddleware(ConcurrencyLimitMiddleware(django_asgi_app)),
        "websocket": AllowedHostsOriginValidator(
            ConnectionCapMiddleware(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
