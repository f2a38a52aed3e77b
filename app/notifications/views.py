"""Outbox screens for the administrator and each user's mail preferences."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import login_required, permission_required
from app.auth.permissions import Permission
from app.extensions import db
from app.forms import ConfirmForm
from app.notifications import queries, services
from app.notifications.forms import PreferencesForm, SenderForm
from app.notifications.models import OutboxMessage
from app.notifications.outbox import STATUS_LABELS
from app.timeutil import utcnow
from app.viewutil import commit_or_explain, get_or_404, page_arg

bp = Blueprint("notifications", __name__)
admin_only = permission_required(Permission.MANAGE_ADMIN)


@bp.route("/admin/correos")
@admin_only
def outbox():
    return render_template(
        "notifications/outbox.html", counts=queries.count_by_status(), labels=STATUS_LABELS,
        pagination=queries.list_failed(page_arg()), confirm=ConfirmForm(),
        sender=services.get_sender(), smtp=_smtp_settings())


def _smtp_settings() -> dict:
    config = current_app.config
    return {"Servidor": config["MAIL_SERVER"], "Puerto": config["MAIL_PORT"],
            "TLS (STARTTLS)": "Sí" if config.get("MAIL_USE_TLS") else "No",
            "Usuario": config.get("MAIL_USERNAME") or "— sin autenticación —"}


@bp.route("/admin/correos/<int:message_id>/reintentar", methods=["POST"])
@admin_only
def retry(message_id):
    message = get_or_404(OutboxMessage, message_id)
    if ConfirmForm().validate_on_submit():
        if commit_or_explain(lambda: services.retry_message(message, utcnow()),
                             category="warning")[0]:
            flash(f"El correo a {message.recipient} se enviará en la próxima corrida.", "success")
    return redirect(url_for("notifications.outbox"))


@bp.route("/admin/correos/reintentar-todos", methods=["POST"])
@admin_only
def retry_all():
    if ConfirmForm().validate_on_submit():
        count = services.retry_all_failed(utcnow())
        db.session.commit()
        flash(f"{count} correo(s) volverán a intentarse en la próxima corrida.", "success")
    return redirect(url_for("notifications.outbox"))


@bp.route("/admin/correos/remitente", methods=["GET", "POST"])
@admin_only
def sender():
    form = SenderForm()
    if not form.is_submitted():
        form.name.data, form.address.data = services.split_sender(services.get_sender())
    if form.validate_on_submit():
        if commit_or_explain(lambda: services.save_sender(form.name.data, form.address.data),
                             form)[0]:
            flash("Remitente guardado.", "success")
            return redirect(url_for("notifications.outbox"))
    return render_template("notifications/sender.html", form=form, smtp=_smtp_settings())


@bp.route("/cuenta/avisos", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if not form.is_submitted():
        form.digest.data = current_user.notify_digest
        form.reminders.data = current_user.notify_reminders
    if form.validate_on_submit():
        services.save_preferences(current_user, digest=form.digest.data,
                                  reminders=form.reminders.data)
        db.session.commit()
        flash("Sus preferencias de correo se guardaron.", "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)
