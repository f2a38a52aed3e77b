"""Form of the weekly cabinet report."""
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm

from app.stats.cabinet import MAX_NOTES


class CabinetForm(BaseForm):
    week = StringField("Semana", validators=[DataRequired("Indique la semana.")],
                       render_kw={"type": "week"})
    notes = TextAreaField("Notas para el gabinete", validators=[
        Length(max=MAX_NOTES, message=f"Máximo {MAX_NOTES} caracteres.")],
        render_kw={"rows": 5})
    submit = SubmitField("Generar y descargar PDF")
