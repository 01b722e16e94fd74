"""Re-exports: `from pkg import fetch` names pkg.api.fetch."""
from .api import Conn, fetch
from .impl import *  # noqa: F403
