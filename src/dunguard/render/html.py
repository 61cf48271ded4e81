"""Self-contained HTML: one file that opens anywhere, offline, and cannot load or run anything.

Templates live in ``render/templates/*.html.j2`` and are rendered with autoescaping,
so message text (which may contain ``<script>`` or links) is shown as text. Images
are embedded as ``data:`` URIs, CSS is inline, and a Content-Security-Policy meta
tag forbids scripts, frames and every network fetch; URLs from messages are never
turned into links.

    >>> html = render_template("case_report.html.j2", view=view)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

# Nothing may be fetched or executed: only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

MIME_BY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


def data_uri(data: bytes, mime: str | None = None) -> str:
    """``data:`` URI for embedding bytes; the type is sniffed from the bytes when not given.

    Only image types are sniffed: anything else becomes application/octet-stream,
    which a browser will not render inline.
    """
    if mime is None:
        mime = next((m for magic, m in MIME_BY_MAGIC if data.startswith(magic)), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("dunguard.render", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["data_uri"] = data_uri
    env.globals["CSP"] = CSP
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of our templates with autoescaping on."""
    return _env().get_template(name).render(**context)


def render_case_report(view: Mapping[str, Any]) -> str:
    """The case report (``report.html`` of the evidence package) from export.build_view's view."""
    return render_template("case_report.html.j2", view=view, w=view["w"])
