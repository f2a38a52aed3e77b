"""Login, password and account forms."""
from app.forms import BaseForm as FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Email
from wtforms.widgets import PasswordInput

from app.auth.permissions import ROLE_LABELS

REQUIRED = "Este campo es obligatorio."


class LoginForm(FlaskForm):
    username = StringField("Usuario", validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField("Contraseña", validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField("Iniciar sesión")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Contraseña actual", validators=[DataRequired(REQUIRED)])
    new = PasswordField("Nueva contraseña", validators=[DataRequired(REQUIRED), Length(max=200)])
    confirm = PasswordField(
        "Confirme la nueva contraseña",
        validators=[DataRequired(REQUIRED), EqualTo("new", "Las contraseñas no coinciden.")],
    )
    submit = SubmitField("Cambiar contraseña")


class UserForm(FlaskForm):
    username = StringField("Usuario", validators=[
        DataRequired(REQUIRED), Length(max=64, message="Máximo 64 caracteres.")])
    name = StringField("Nombre completo", validators=[
        DataRequired(REQUIRED), Length(max=120, message="Máximo 120 caracteres.")])
    email = EmailField("Correo electrónico", validators=[
        Optional(), Email("Correo electrónico no válido."), Length(max=254)])
    role = SelectField("Rol", choices=list(ROLE_LABELS.items()))
    unit_id = SelectField("Unidad administrativa", coerce=int, choices=[])
    active = BooleanField("Activo", default=True)
    # Temporary: the user must replace it at the first login (must_change_password). Kept in
    # the page after an error so the administrator does not type it again.
    password = PasswordField("Contraseña temporal", validators=[Optional(), Length(max=200)],
                             widget=PasswordInput(hide_value=False),
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Guardar")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("Contraseña temporal", validators=[DataRequired(REQUIRED), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Restablecer contraseña")


class CodeForm(FlaskForm):
    """A six-digit code of the authenticator app, or a recovery code."""

    code = StringField("Código", validators=[DataRequired(REQUIRED), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})
    submit = SubmitField("Verificar")
