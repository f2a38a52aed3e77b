"""The home page each role lands on after login."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import public
from app.navigation import nav_for

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("main/index.html", items=nav_for(current_user))
