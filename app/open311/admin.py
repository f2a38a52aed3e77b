"""Administrator screens for Open311 API keys: issue (shown once), list with usage, revoke."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.open311 import queries, services
from app.open311.forms import ApiKeyForm, RevokeForm
from app.open311.models import ApiKey
from app.timeutil import utcnow
from app.viewutil import commit_or_explain, get_or_404

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
    issued, new_key = commit_or_explain(
        lambda: services.issue_api_key(form.name.data, current_user, now=utcnow()), form)
    if not issued:
        return _page(form)
    return _page(ApiKeyForm(formdata=None), new_key=new_key)


@bp.route("/<int:key_id>/revocar", methods=["POST"])
@admin_only
def revoke(key_id):
    key = get_or_404(ApiKey, key_id)
    if RevokeForm().validate_on_submit():
        if commit_or_explain(lambda: services.revoke_api_key(key, now=utcnow()),
                             category="warning")[0]:
            flash(f"Clave «{key.name}» revocada: ya no puede crear solicitudes.", "success")
    return redirect(url_for("api_keys.index"))
