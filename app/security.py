"""Security headers: the one place that sets them, on every response.

Pages (HTML) get a Content Security Policy that allows only this site's own files: no inline
script or style (they live in app/static/), no plugins, no foreign form targets. ``img-src``
also allows ``data:`` because Bootstrap's stylesheet draws its icons (menu button, select
arrows, check marks) as data: SVG images.

Other responses get a policy for what they are: JSON, XML and CSV are never pages, so they may
load nothing and be framed by no one; PDFs and images open in the browser's own viewer, which
Chrome builds as a page with inline styles and a plugin, so they only get ``frame-ancestors``.

The citizen portal may be framed by the municipal website (``FRAME_ANCESTORS``); every other
page only by this site.
"""
from flask import Flask, current_app, request

DOCUMENT_POLICY = ("default-src 'self'; img-src 'self' data:{tiles}; object-src 'none'; "
                   "base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}")
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
VIEWER_POLICY = "frame-ancestors {ancestors}"
EMBEDDABLE_BLUEPRINTS = {"portal"}


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)


def set_security_headers(response):
    """Add the security headers a response does not set itself."""
    config = current_app.config
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", content_security_policy(
        response.mimetype or "", embeddable=request.blueprint in EMBEDDABLE_BLUEPRINTS,
        frame_ancestors=config["FRAME_ANCESTORS"],
        tiles=tile_origin(config.get("MAP_TILE_URL"))))
    if config.get("HSTS_MAX_AGE"):
        headers.setdefault("Strict-Transport-Security",
                           f"max-age={config['HSTS_MAX_AGE']}; includeSubDomains")
    return response


def tile_origin(url: str | None) -> str:
    """The map tile server's origin for ``img-src`` (``{s}`` subdomains as ``*``); empty
    when the tiles are served by this site or none are configured."""
    if not url or "://" not in url:
        return ""
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}" if host and " " not in host and ";" not in host else ""


def content_security_policy(mimetype: str, *, embeddable: bool, frame_ancestors: str,
                            tiles: str = "") -> str:
    """The policy for a response of this type; ``embeddable`` pages take the configured
    frame ancestors, the others only this site. ``tiles``: the map tiles' origin."""
    ancestors = frame_ancestors if embeddable else "'self'"
    if mimetype == "text/html":
        return DOCUMENT_POLICY.format(ancestors=ancestors, tiles=f" {tiles}" if tiles else "")
    if mimetype == "application/pdf" or mimetype.startswith("image/"):
        return VIEWER_POLICY.format(ancestors=ancestors)
    return DATA_POLICY
