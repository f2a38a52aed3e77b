"""Login (with its optional second step), logout, the user's own password and second factor."""
from datetime import timedelta

from flask import (Blueprint, current_app, flash, make_response, redirect, render_template,
                   request, session, url_for)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.auth import services, two_factor
from app.auth.decorators import login_required, permission_required, public
from app.auth.forms import ChangePasswordForm, CodeForm, LoginForm
from app.auth.permissions import Permission
from app import demo_data
from app.auth.qr import qr_svg
from app.extensions import db, limiter
from app.forms import ConfirmForm
from app.settings import DEMO_DATA, get_setting
from app.timeutil import utcnow
from app.viewutil import commit_or_explain

bp = Blueprint("auth", __name__, url_prefix="/cuenta")
two_factor_users = permission_required(Permission.USE_TWO_FACTOR)
# What a user who must replace their password may still open.
OPEN_DURING_PASSWORD_CHANGE = {"auth.change_password", "auth.logout", "static", "bootstrap.static"}
PENDING = "pending_second_factor"
PENDING_MINUTES = 5


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
            if user.totp_enabled:
                session[PENDING] = {"user": user.get_id(), "at": utcnow().timestamp(),
                                    "next": _safe_next(request.args.get("next"))}
                return redirect(url_for("auth.login_code"))
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, demo_accounts=_demo_accounts(),
                           demo_password=demo_data.DEMO_PASSWORD)


def _demo_accounts() -> list[tuple[str, str]]:
    """The demo accounts (username, name), only where `flask seed-demo` loaded them."""
    if get_setting(DEMO_DATA) != "1":
        return []
    return [(username, name) for username, name, _role, _unit in demo_data.ACCOUNTS]


def _pending_user():
    """The user who gave the right password moments ago and still owes the code."""
    pending = session.get(PENDING) or {}
    started = pending.get("at", 0)
    if utcnow().timestamp() - started > timedelta(minutes=PENDING_MINUTES).total_seconds():
        return None
    return services.load_user(pending.get("user"))


@bp.route("/entrar/codigo", methods=["GET", "POST"])
@public
@limiter.limit(_limit("LOGIN_IP_RATE_LIMIT"), methods=["POST"], deduct_when=_failed)
def login_code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash("La verificación expiró. Inicie sesión de nuevo.", "warning")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.verify_login_code(user, form.code.data, utcnow())
        except services.LoginError as exc:
            db.session.commit()  # keep the failure count
            flash(str(exc), "danger")
        else:
            db.session.commit()
            login_user(user)
            return redirect(session.pop(PENDING)["next"])
    return render_template("auth/login_code.html", form=form)


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


@bp.route("/verificacion")
@two_factor_users
def two_factor_status():
    unused = two_factor.count_unused_recovery_codes(current_user)
    return render_template("auth/two_factor.html", unused=unused, confirm=ConfirmForm(),
                           form=CodeForm())


@bp.route("/verificacion/nueva-clave", methods=["POST"])
@two_factor_users
def two_factor_start():
    if ConfirmForm().validate_on_submit() and commit_or_explain(
            lambda: two_factor.begin_enrollment(current_user))[0]:
        return redirect(url_for("auth.two_factor_confirm"))
    return redirect(url_for("auth.two_factor_status"))


@bp.route("/verificacion/confirmar", methods=["GET", "POST"])
@two_factor_users
def two_factor_confirm():
    if current_user.totp_enabled or not current_user.totp_secret:
        return redirect(url_for("auth.two_factor_status"))
    form = CodeForm()
    if form.validate_on_submit():
        done, codes = commit_or_explain(lambda: two_factor.confirm_enrollment(
            current_user, form.code.data, utcnow()), form)
        if done:
            login_user(current_user._get_current_object())  # keep this session; others end
            response = make_response(render_template("auth/recovery_codes.html", codes=codes))
            response.headers["Cache-Control"] = "no-store"  # shown once, never cached
            return response
    uri = two_factor.provisioning_uri(current_user)
    return render_template("auth/two_factor_confirm.html", form=form, uri=uri, qr=qr_svg(uri))


@bp.route("/verificacion/desactivar", methods=["POST"])
@two_factor_users
def two_factor_disable():
    form = CodeForm()
    if form.validate_on_submit() and commit_or_explain(lambda: two_factor.disable(
            current_user, form.code.data, utcnow()), form, category="danger")[0]:
        flash("La verificación en dos pasos quedó desactivada.", "success")
        return redirect(url_for("auth.two_factor_status"))
    for error in form.code.errors:
        flash(error, "danger")
    return redirect(url_for("auth.two_factor_status"))
