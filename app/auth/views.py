"""Login, logout and the user's own password."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.auth import services
from app.auth.decorators import login_required, public
from app.auth.forms import ChangePasswordForm, LoginForm
from app.extensions import db, limiter
from app.timeutil import utcnow
from app.viewutil import commit_or_explain

bp = Blueprint("auth", __name__, url_prefix="/cuenta")
# What a user who must replace their password may still open.
OPEN_DURING_PASSWORD_CHANGE = {"auth.change_password", "auth.logout", "static", "bootstrap.static"}


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")


def _login_name() -> str:
    return (request.form.get("username") or "").strip().lower()[:64]


def _failed(response) -> bool:
    """Only refused attempts count: a success redirects, a refusal re-renders the form."""
    return response.status_code != 302


def _limit(config_key: str):
    return lambda: current_app.config[config_key]


@bp.before_app_request
def require_password_change():
    if (request.endpoint not in OPEN_DURING_PASSWORD_CHANGE and current_user.is_authenticated
            and current_user.must_change_password):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/entrar", methods=["GET", "POST"])
@public
@limiter.limit(_limit("LOGIN_IP_RATE_LIMIT"), methods=["POST"], deduct_when=_failed)
@limiter.limit(_limit("LOGIN_ACCOUNT_RATE_LIMIT"), methods=["POST"], deduct_when=_failed,
               key_func=lambda: f"cuenta:{_login_name()}")
@limiter.limit(_limit("LOGIN_ACCOUNT_IP_RATE_LIMIT"), methods=["POST"], deduct_when=_failed,
               key_func=lambda: f"cuenta:{_login_name()}@{get_remote_address()}")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data, utcnow())
        except services.LoginError as exc:
            db.session.commit()  # keep the failure count
            flash(str(exc), "danger")
        else:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/salir", methods=["POST"])
@login_required
def logout():
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("Sesión cerrada.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/contrasena", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if commit_or_explain(lambda: services.change_own_password(
                current_user, form.current.data, form.new.data),
                form, field_alias={"password": "new"})[0]:
            login_user(current_user._get_current_object())  # new token here; the others end
            flash("Su contraseña fue actualizada. Se cerraron sus otras sesiones.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
