"""Which URLs a client sends to the app's own server."""
from __future__ import annotations

import re

# `http://localhost:8000/api/items`, `ws://${window.location.host}/ws`: the app's own server (during
# development, or whichever host served the page), by its path.
LOCAL_ORIGIN = re.compile(r"^(?:https?|wss?)://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\{\})(?::\d+)?(?=/|$)",
                          re.I)
