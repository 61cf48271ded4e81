"""The local web app (``dunguard serve``) and its JSON API; see docs/web.md.

Importing this package is cheap; FastAPI loads when ``create_app`` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dunguard.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from dunguard.web.app import create_app

        return create_app
    raise AttributeError(f"module 'dunguard.web' has no attribute {name!r}")
