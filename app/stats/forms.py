"""Form of the weekly cabinet report."""
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm

from app.stats.cabinet import MAX_NOTES


class DistributionForm(BaseForm):
    recipients = TextAreaField("Lista de distribución", validators=[
        Length(max=20000, message="La lista es demasiado larga.")], render_kw={"rows": 6})
    save = SubmitField("Guardar lista")


class CabinetForm(BaseForm):
    # Rendered by the week_select macro (templates/_macros.html): a list of date ranges.
    week = StringField("Semana", validators=[DataRequired("Indique la semana.")])
    notes = TextAreaField("Notas para el gabinete", validators=[
        Length(max=MAX_NOTES, message=f"Máximo {MAX_NOTES} caracteres.")],
        render_kw={"rows": 5})
    submit = SubmitField("Generar y descargar PDF")
