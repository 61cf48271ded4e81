"""dunguard: read a debt-collection text message and tell the borrower what it means.

    >>> from dunguard import analyze, Message
    >>> report = analyze(Message("请于明日中午12点前归还"))
"""

from dunguard.analyze import analyze
from dunguard.model import Context, Message, Report

__version__ = "0.1.0"

__all__ = ["analyze", "Context", "Message", "Report", "__version__"]
