"""Public endpoints of the built-in counter: a 1×1 GIF and the tiny script that requests it.

Both are open to anyone (``@public``), exempt from CSRF, and never read or set a cookie.
"""
import base64

from flask import Blueprint, Response, current_app, request

from app.auth.decorators import public
from app.extensions import csrf, limiter
from app.timeutil import utcnow
from app.visits.counter import allowed_origin, is_bot, record_hit

bp = Blueprint("counter", __name__)
csrf.exempt(bp)
limiter.exempt(bp)

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Cross-Origin-Resource-Policy": "cross-origin"}
SCRIPT = """(function(d,n){var s=d.currentScript;if(!s||n.webdriver)return;
var i=new Image(1,1);i.referrerPolicy="origin";
i.src=s.src.replace(/contador\\.js.*$/,"contador/pixel.gif")+"?r="+Date.now();})(document,navigator);
"""


@bp.route("/contador/pixel.gif")
@public
def pixel():
    """Always the GIF (an embedding page never shows a broken image); the X-Counter header says
    whether the hit was counted or why not: foreign origin, bot, prefetch or Do Not Track."""
    site = allowed_origin(request.headers.get("Origin"), request.headers.get("Referer"),
                          current_app.config["COUNTER_ALLOWED_ORIGINS"])
    user_agent = request.headers.get("User-Agent", "")
    purpose = request.headers.get("Sec-Purpose", request.headers.get("Purpose", ""))
    if site is None:
        status = "refused-origin"
    elif is_bot(user_agent):
        status = "ignored-bot"
    elif "prefetch" in purpose:
        status = "ignored-prefetch"
    elif request.headers.get("DNT") == "1":
        status = "ignored-dnt"
    else:
        record_hit(ip=request.remote_addr or "", user_agent=user_agent, site=site, now=utcnow())
        status = "counted"
    return Response(PIXEL, mimetype="image/gif", headers={**NO_STORE, "X-Counter": status})


@bp.route("/contador.js")
@public
def script():
    return Response(SCRIPT, mimetype="text/javascript",
                    headers={"Cache-Control": "public, max-age=86400",
                             "Cross-Origin-Resource-Policy": "cross-origin"})
