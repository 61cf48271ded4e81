"""dunguard: read a debt-collection text message and tell the borrower what it means.

    >>> from dunguard import analyze, Message
    >>> report = analyze(Message("请于明日中午12点前归还"))

The public names are resolved on first use so that `dunguard --help`, which
only needs the CLI module, does not load the extractors and rule packs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["analyze", "Context", "Message", "Report", "__version__"]

if TYPE_CHECKING:
    from dunguard.model import Context, Message, Report
    from dunguard.pipeline import analyze


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from dunguard.pipeline import analyze

        return analyze
    if name in ("Context", "Message", "Report"):
        from dunguard import model

        return getattr(model, name)
    raise AttributeError(f"module 'dunguard' has no attribute {name!r}")
