"""Forms of the weekly reports: they shape input; the rules are in the services."""
from flask_wtf.file import FileField
from wtforms import (BooleanField, FieldList, FormField, HiddenField, SelectField, StringField,
                     SubmitField, TextAreaField, TimeField)
from wtforms.validators import DataRequired

from app.forms import BaseForm, SubForm
from app.reports.progress import ProgressInput
from app.timeutil import WEEKDAYS_ES

MAX_ROWS = 200  # a week's rows: far more actions than a program holds
WEEKDAY_CHOICES = [(str(i), day.capitalize()) for i, day in enumerate(WEEKDAYS_ES)]


class ProgressRowForm(SubForm):
    """The progress of one work-program action (a row per action active in the week)."""

    action_id = HiddenField()
    value = StringField("Avance acumulado", render_kw={"inputmode": "decimal"})
    comment = StringField("Comentario", render_kw={"maxlength": 1000})
    note = StringField("Nota (obligatoria si el avance baja)", render_kw={"maxlength": 1000})
    evidence = StringField("Evidencia (opcional): enlace o dónde consultarla",
                           render_kw={"maxlength": 1000})
    confirmed = BooleanField("Confirmo que el avance supera la meta")


class ReportForm(BaseForm):
    summary = TextAreaField("Resumen de las acciones de la semana", render_kw={"rows": 6})
    progress = FieldList(FormField(ProgressRowForm), max_entries=MAX_ROWS)
    file = FileField("Archivo (opcional): PDF, Word (DOCX) o Excel (XLSX), máximo 20 MB")
    remove_file = BooleanField("Quitar el archivo de la versión anterior")
    submit = SubmitField("Entregar informe")

    @classmethod
    def for_actions(cls, actions, report=None, current=None):
        """The form of a week: one row per action, with the report's current values."""
        current = current or {}
        rows = []
        for action in actions:
            row = current.get(action.id)
            rows.append({"action_id": str(action.id),
                         "value": "" if row is None else format(row.value, "g"),
                         "comment": row.comment if row else "", "note": row.note if row else "",
                         "evidence": row.evidence if row else ""})
        return cls(data={"summary": report.summary if report else None, "progress": rows})

    def progress_rows(self) -> list[ProgressInput]:
        return [ProgressInput(e.form.action_id.data, e.form.value.data, e.form.comment.data,
                              e.form.note.data, e.form.evidence.data, bool(e.form.confirmed.data))
                for e in self.progress.entries]


class DeadlineForm(BaseForm):
    weekday = SelectField("Día límite", choices=WEEKDAY_CHOICES,
                          validators=[DataRequired("Elija el día límite.")])
    time = TimeField("Hora límite (hora del centro de México)",
                     validators=[DataRequired("Indique la hora límite en formato HH:MM.")])
    submit = SubmitField("Guardar")


class ExcuseForm(BaseForm):
    reason = TextAreaField("Motivo de la justificación", render_kw={"rows": 3})
    submit = SubmitField("Justificar semana")
