"""ASGI entry point of the ``realtime`` process: the live budget board's WebSockets.

uvicorn serves this (Procfile ``realtime``); the balancer sends it ``/ws/``
and nothing else, while plain HTTP still works here so the health probes
(``/healthz``, ``/readyz``) answer as they do on a web node.  A WebSocket must
come from one of ``ALLOWED_HOSTS`` (``AllowedHostsOriginValidator``, which
refuses a page on another site opening one with our cookies) and is
authenticated by the session cookie (``AuthMiddlewareStack``); the consumer
then applies the budget page's own rule (newsbudget.budget.consumers).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django is set up (by get_asgi_application) before anything imports a model.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from newsbudget.budget.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
