"""Forms of the work programs: they shape input; the rules are in ``lifecycle.py``."""
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import Optional

from app.forms import BaseForm
from app.programs.lifecycle import CURVES, GOAL_KINDS, TARGETS


class ActionForm(BaseForm):
    key = StringField("Clave", render_kw={"maxlength": 20})
    name = StringField("Nombre de la acción", render_kw={"maxlength": 300})
    axis = SelectField("Eje del Plan Municipal de Desarrollo", coerce=str, validate_choice=False)
    goal_kind = SelectField("Tipo de meta", choices=list(GOAL_KINDS.items()),
                            validate_choice=False)
    goal = StringField("Meta", render_kw={"inputmode": "decimal"})
    measure = StringField("Unidad de medida (luminarias, km, m²…)", render_kw={"maxlength": 60})
    starts_on = DateField("Inicio", validators=[Optional()],
                          render_kw={"type": "date"})
    ends_on = DateField("Término", validators=[Optional()], render_kw={"type": "date"})
    curve = SelectField("Curva planeada", choices=list(CURVES.items()), validate_choice=False)
    target_q1 = StringField("Meta acumulada al 31 de marzo", render_kw={"inputmode": "decimal"})
    target_q2 = StringField("Meta acumulada al 30 de junio", render_kw={"inputmode": "decimal"})
    target_q3 = StringField("Meta acumulada al 30 de septiembre",
                            render_kw={"inputmode": "decimal"})
    target_q4 = StringField("Meta acumulada al 31 de diciembre",
                            render_kw={"inputmode": "decimal"})
    reason = TextAreaField("Motivo del cambio (el programa ya está aprobado)",
                           render_kw={"rows": 2})
    submit = SubmitField("Guardar")

    def raw(self) -> dict:
        """The raw values the service cleans (a missing date reads as empty)."""
        data = {name: getattr(self, name).data for name in (
            "key", "name", "goal_kind", "goal", "measure", "starts_on", "ends_on", "curve",
            *TARGETS)}
        data["axis"] = self.axis.data
        return data

    def load(self, action) -> None:
        for name in ("key", "name", "goal_kind", "measure", "starts_on", "ends_on", "curve"):
            getattr(self, name).data = getattr(action, name)
        self.axis.data = str(action.axis_id)
        self.goal.data = format(action.goal, "g")
        for name in TARGETS:
            value = getattr(action, name)
            getattr(self, name).data = "" if value is None else format(value, "g")


class ReasonForm(BaseForm):
    reason = TextAreaField("Motivo", render_kw={"rows": 3})
    submit = SubmitField("Confirmar")


class ImportForm(BaseForm):
    file = FileField("Hoja de cálculo del programa (XLSX o CSV, máximo 2 MB)")
    submit = SubmitField("Ver la vista previa")


class ConfirmImportForm(BaseForm):
    token = HiddenField()
    submit = SubmitField("Importar todas las acciones")


class AxisForm(BaseForm):
    code = StringField("Clave del eje", render_kw={"maxlength": 20})
    name = StringField("Nombre", render_kw={"maxlength": 200})
    objective = TextAreaField("Objetivo", render_kw={"rows": 3})
    active = BooleanField("Vigente", default=True)
    submit = SubmitField("Guardar")


class ProgressFilterForm(BaseForm):
    class Meta(BaseForm.Meta):
        csrf = False

    unidad = SelectField("Unidad", coerce=str, validate_choice=False)
    eje = SelectField("Eje", coerce=str, validate_choice=False)
