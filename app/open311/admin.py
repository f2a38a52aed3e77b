"""Administrator screens for Open311 API keys: issue (shown once), list with usage, revoke."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.extensions import db
from app.open311 import queries, services
from app.open311.forms import ApiKeyForm, RevokeForm
from app.open311.models import ApiKey
from app.timeutil import utcnow
from app.validators import ValidationError
from app.viewutil import get_or_404, show_error

bp = Blueprint("api_keys", __name__, url_prefix="/admin/claves-api")
admin_only = permission_required(Permission.MANAGE_ADMIN)


def _page(form, new_key=None, status=200):
    response = render_template("open311/api_keys.html", form=form, revoke=RevokeForm(),
                               keys=queries.list_api_keys(), new_key=new_key)
    # The new key appears in this response only: keep it out of every cache.
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/")
@admin_only
def index():
    return _page(ApiKeyForm())


@bp.route("/nueva", methods=["POST"])
@admin_only
def issue():
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        key, raw_key = services.issue_api_key(form.name.data, current_user, now=utcnow())
    except ValidationError as exc:
        db.session.rollback()
        show_error(form, exc)
        return _page(form)
    db.session.commit()
    return _page(ApiKeyForm(formdata=None), new_key=(key, raw_key))


@bp.route("/<int:key_id>/revocar", methods=["POST"])
@admin_only
def revoke(key_id):
    key = get_or_404(ApiKey, key_id)
    if RevokeForm().validate_on_submit():
        try:
            services.revoke_api_key(key, now=utcnow())
        except ValidationError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(f"Clave «{key.name}» revocada: ya no puede crear solicitudes.", "success")
    return redirect(url_for("api_keys.index"))
