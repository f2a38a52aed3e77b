"""Administrator screens: units, users, service catalog (and its extra questions) and
non-working days."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app.admin.forms import (AttributeForm, AttributeStatusForm, CategoryForm, ContactForm,
                             NonWorkingDayForm, UnitForm)
from app.auth import services as auth_services
from app.businessdays import list_official_holidays
from app.auth.decorators import permission_required
from app.auth.forms import ResetPasswordForm, UserForm
from app.auth.models import User
from app.auth.permissions import ROLE_LABELS, Permission
from app.extensions import db
from app.forms import ConfirmForm
from app.settings import Contact, get_contact, set_contact
from app.timeutil import local_today, utcnow
from app.units import queries as unit_queries
from app.units import services as unit_services
from app.units.attributes import DATATYPES, choices_text
from app.units.models import Category, CategoryAttribute, NonWorkingDay, Unit
from app.validators import db_int
from app.viewutil import commit_or_explain, get_or_404, page_arg, validate_all

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = permission_required(Permission.MANAGE_ADMIN)


def _commit_or_show(form, action, success: str, target: str, **target_args):
    """Run a service call, commit and redirect; on a domain error roll back and re-render."""
    if not commit_or_explain(action, form)[0]:
        return None
    flash(success, "success")
    return redirect(url_for(target, **target_args))


@bp.route("/unidades")
@admin_only
def units():
    return render_template("admin/units.html", units=unit_queries.list_units())


@bp.route("/unidades/nueva", methods=["GET", "POST"], defaults={"unit_id": None})
@bp.route("/unidades/<int:unit_id>/editar", methods=["GET", "POST"])
@admin_only
def unit_form(unit_id):
    unit = get_or_404(Unit, unit_id) if unit_id else None
    form = UnitForm(obj=unit)
    if unit and not form.is_submitted():
        form.report_deadline_weekday.data = (
            "" if unit.report_deadline_weekday is None else str(unit.report_deadline_weekday))
    if form.validate_on_submit():
        weekday = form.report_deadline_weekday.data
        done = _commit_or_show(form, lambda: unit_services.save_unit(
            unit, name=form.name.data, code=form.code.data, head_name=form.head_name.data,
            email=form.email.data, active=form.active.data, now=utcnow(),
            report_deadline_weekday=int(weekday) if weekday not in (None, "") else None,
            report_deadline_time=form.report_deadline_time.data,
        ), "Unidad guardada.", "admin.units")
        if done:
            return done
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.route("/usuarios")
@admin_only
def users():
    return render_template("admin/users.html", pagination=auth_services.list_users(page_arg()),
                           role_labels=ROLE_LABELS, confirm=ConfirmForm(), now=utcnow())


@bp.route("/usuarios/nuevo", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/usuarios/<int:user_id>/editar", methods=["GET", "POST"])
@admin_only
def user_form(user_id):
    user = get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.unit_id.choices = unit_queries.unit_choices(active_only=False, blank="— Ninguna —")
    if user and not form.is_submitted():
        form.unit_id.data = user.unit_id or 0
    if validate_all(form, lambda: auth_services.user_problems(
            username=form.username.data, role=form.role.data, unit_id=form.unit_id.data,
            user_id=user.id if user else None, name=form.name.data,
            password=None if user else form.password.data or "")):
        fields = dict(username=form.username.data, name=form.name.data,
                      email=form.email.data or None, role=form.role.data,
                      unit_id=form.unit_id.data or None, active=form.active.data)
        if user:
            action = lambda: auth_services.update_user(user, **fields)  # noqa: E731
        else:
            action = lambda: auth_services.create_user(  # noqa: E731
                password=form.password.data or "", must_change_password=True, **fields)
        done = _commit_or_show(form, action, "Usuario guardado.", "admin.users")
        if done:
            return done
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/usuarios/<int:user_id>/contrasena", methods=["GET", "POST"])
@admin_only
def user_password(user_id):
    user = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        done = _commit_or_show(
            form, lambda: auth_services.reset_password(user, form.password.data),
            f"Contraseña de {user.username} restablecida: la cambiará al iniciar sesión.",
            "admin.users")
        if done:
            return done
    return render_template("admin/user_password.html", form=form, user=user)


@bp.route("/usuarios/<int:user_id>/cerrar-sesiones", methods=["POST"])
@admin_only
def user_end_sessions(user_id):
    user = get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        auth_services.end_sessions(user)
        db.session.commit()
        flash(f"Se cerraron todas las sesiones de {user.username}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/usuarios/<int:user_id>/desbloquear", methods=["POST"])
@admin_only
def user_unlock(user_id):
    user = get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        auth_services.unlock_user(user)
        db.session.commit()
        flash(f"La cuenta {user.username} fue desbloqueada.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/catalogo")
@admin_only
def categories():
    return render_template("admin/categories.html", categories=unit_queries.list_categories())


@bp.route("/catalogo/nueva", methods=["GET", "POST"], defaults={"category_id": None})
@bp.route("/catalogo/<int:category_id>/editar", methods=["GET", "POST"])
@admin_only
def category_form(category_id):
    category = get_or_404(Category, category_id) if category_id else None
    form = CategoryForm(obj=category)
    form.default_unit_id.choices = unit_queries.unit_choices(blank="— Sin unidad —")
    if form.validate_on_submit():
        done = _commit_or_show(form, lambda: unit_services.save_category(
            category, code=form.code.data, name=form.name.data,
            description=form.description.data, default_unit_id=form.default_unit_id.data or None,
            due_days=form.due_days.data, active=form.active.data, public=form.public.data,
        ), "Categoría guardada.", "admin.categories")
        if done:
            return done
    attributes = unit_queries.list_attributes(category.id) if category else []
    return render_template("admin/category_form.html", form=form, category=category,
                           attributes=attributes, datatypes=DATATYPES,
                           status_form=AttributeStatusForm())


def _attribute_of(category: Category, attribute_id) -> CategoryAttribute:
    """The category's extra question, or 404 (also when it belongs to another category)."""
    attribute = get_or_404(CategoryAttribute, attribute_id)
    if attribute.category_id != category.id:
        abort(404)
    return attribute


@bp.route("/catalogo/<int:category_id>/atributos/nuevo", methods=["GET", "POST"],
          defaults={"attribute_id": None})
@bp.route("/catalogo/<int:category_id>/atributos/<int:attribute_id>/editar",
          methods=["GET", "POST"])
@admin_only
def attribute_form(category_id, attribute_id):
    category = get_or_404(Category, category_id)
    attribute = _attribute_of(category, attribute_id) if attribute_id else None
    form = AttributeForm(obj=attribute)
    if attribute and not form.is_submitted():
        form.choices.data = choices_text(attribute.choices)
    if form.validate_on_submit():
        done = _commit_or_show(form, lambda: unit_services.save_attribute(
            category, attribute, code=form.code.data, description=form.description.data,
            datatype=form.datatype.data, required=form.required.data,
            position=form.position.data, choices=form.choices.data, active=form.active.data,
        ), "Atributo guardado.", "admin.category_form", category_id=category.id)
        if done:
            return done
    return render_template("admin/attribute_form.html", form=form, category=category,
                           attribute=attribute)


@bp.route("/catalogo/<int:category_id>/atributos/<int:attribute_id>/estado", methods=["POST"])
@admin_only
def attribute_status(category_id, attribute_id):
    category = get_or_404(Category, category_id)
    attribute = _attribute_of(category, attribute_id)
    form = AttributeStatusForm()
    if not form.validate_on_submit():
        flash("Acción no válida.", "danger")
    else:
        if commit_or_explain(lambda: unit_services.set_attribute_active(
                attribute, form.active.data == "1"), category="warning")[0]:
            flash(f"Atributo «{attribute.code}» " + (
                "activado." if attribute.active else "desactivado: ya no se pregunta."), "success")
    return redirect(url_for("admin.category_form", category_id=category.id))


@bp.route("/dias-inhabiles", methods=["GET", "POST"])
@admin_only
def non_working_days():
    form = NonWorkingDayForm()
    if form.validate_on_submit():
        done = _commit_or_show(form, lambda: unit_services.add_non_working_days(
            form.day.data, form.last_day.data, form.description.data),
            "Días inhábiles agregados." if form.last_day.data not in (None, form.day.data)
            else "Día inhábil agregado.", "admin.non_working_days")
        if done:
            return done
    year = request.args.get("anio", type=db_int) or local_today().year
    year = min(max(year, 2000), 2100)
    return render_template("admin/non_working_days.html", form=form, confirm=ConfirmForm(),
                           days=unit_queries.list_non_working_days(), year=year,
                           holidays=list_official_holidays(year))


@bp.route("/dias-inhabiles/<int:day_id>/eliminar", methods=["POST"])
@admin_only
def delete_non_working_day(day_id):
    row = get_or_404(NonWorkingDay, day_id)
    if ConfirmForm().validate_on_submit():
        unit_services.remove_non_working_day(row)
        db.session.commit()
        flash("Día inhábil eliminado.", "success")
    return redirect(url_for("admin.non_working_days"))


@bp.route("/contacto", methods=["GET", "POST"])
@admin_only
def contact():
    form = ContactForm(obj=get_contact())
    if form.validate_on_submit():
        done = _commit_or_show(form, lambda: set_contact(Contact(
            phone=form.phone.data, email=form.email.data, address=form.address.data,
            hours=form.hours.data)), "Datos de contacto guardados.", "admin.contact")
        if done:
            return done
    return render_template("admin/contact.html", form=form)
