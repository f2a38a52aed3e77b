"""Public portal forms: they shape input only; rules live in app/portal/services.py.

Portal forms carry no session CSRF token: the pages are anonymous and must work inside an
iframe on the municipal website, where browsers do not send our (SameSite=Lax) session
cookie. The signed form token of app/portal/antispam.py plays that role.
"""
from flask_wtf.file import MultipleFileField
from wtforms import (BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import (DataRequired, Email, InputRequired, Length, Optional,
                                ValidationError)

from app.forms import BaseForm
from app.portal import rules

REQUIRED = "Este campo es obligatorio."


class PublicForm(BaseForm):
    class Meta:
        csrf = False
        locales = ["es_MX", "es"]


class ComplaintForm(PublicForm):
    category_id = SelectField("¿Sobre qué tema es su denuncia?", coerce=int, choices=[],
                              validate_choice=False,
                              validators=[DataRequired("Seleccione el tema de su denuncia.")])
    description = TextAreaField("Describa el problema", validators=[
        DataRequired("Describa el problema."),
        Length(max=rules.MAX_DESCRIPTION_CHARS,
               message=f"Máximo {rules.MAX_DESCRIPTION_CHARS} caracteres.")])
    address = StringField("Calle y número o referencia", validators=[
        Optional(), Length(max=255, message="Máximo 255 caracteres.")])
    colonia_id = SelectField("Colonia", choices=[], validate_choice=False)
    # Required when no catalogue colonia is chosen (validate_colonia; the service too).
    colonia = StringField("Colonia", validators=[
        Length(max=120, message="Máximo 120 caracteres.")])
    latitude = HiddenField(validators=[Optional(), Length(max=20)])
    longitude = HiddenField(validators=[Optional(), Length(max=20)])
    localidad = StringField("Localidad", default="Fresnillo", validators=[
        Optional(), Length(max=120, message="Máximo 120 caracteres.")])
    photos = MultipleFileField(
        f"Fotografías (opcional, hasta {rules.MAX_PHOTOS}, JPG, PNG, GIF o WebP; las de más de "
        f"{rules.MAX_PHOTO_MB} MB se reducen solas, hasta {rules.PHOTO_CEILING_MB} MB cada una)")
    anonymous = BooleanField("Quiero presentar la denuncia de forma anónima")
    citizen_name = StringField("Nombre completo", validators=[
        Optional(), Length(max=150, message="Máximo 150 caracteres.")])
    citizen_phone = StringField("Teléfono (10 dígitos)", validators=[
        Optional(), Length(max=20, message="Máximo 20 caracteres.")])
    citizen_email = EmailField("Correo electrónico", validators=[
        Optional(), Email("Correo electrónico no válido."), Length(max=254)])
    accept_privacy = BooleanField("He leído y acepto el aviso de privacidad", validators=[
        DataRequired("Para continuar debe aceptar el aviso de privacidad.")])
    # Anti-spam: the signed moment the form was served, and the honeypot.
    form_token = HiddenField()
    website = StringField("Deje este campo vacío")
    submit = SubmitField("Enviar denuncia")

    def validate_colonia(self, field):
        if not (field.data or "").strip() and self.colonia_id.data in (None, "", "otra"):
            raise ValidationError("Indique la colonia.")


class LookupForm(PublicForm):
    folio = StringField("Folio", validators=[
        DataRequired("Escriba su folio."), Length(max=20, message="Máximo 20 caracteres.")])
    code = StringField("Código de consulta", validators=[
        DataRequired("Escriba su código de consulta."),
        Length(max=16, message="Máximo 16 caracteres.")])
    submit = SubmitField("Consultar")


class FeedbackForm(PublicForm):
    folio = HiddenField()
    code = HiddenField()
    version = HiddenField()
    solved = RadioField("¿Se resolvió el problema que reportó?",
                        choices=[("si", "Sí, quedó resuelto"), ("no", "No, sigue pendiente")],
                        validators=[InputRequired("Indique si se resolvió.")])
    rating = RadioField("¿Qué tan satisfecho está con la atención? (1 = nada, 5 = mucho)",
                        choices=[(str(n), str(n)) for n in range(1, 6)],
                        validators=[InputRequired("Elija una calificación del 1 al 5.")])
    comment = TextAreaField("Comentario (opcional)", validators=[
        Optional(), Length(max=rules.MAX_COMMENT_CHARS,
                           message=f"Máximo {rules.MAX_COMMENT_CHARS} caracteres.")])
    submit = SubmitField("Enviar respuesta")
