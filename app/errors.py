"""Spanish error pages."""
from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from app.extensions import db
from app.observability import report_error

MESSAGES = {
    400: ("Solicitud no válida", "La solicitud no se pudo procesar. Revise los datos e intente de nuevo."),
    403: ("Acceso denegado", "No tiene permiso para ver esta página."),
    404: ("Página no encontrada", "La página o el registro que busca no existe."),
    405: ("Método no permitido", "Esta acción no está permitida en esta página."),
    413: ("Archivo demasiado grande", "El archivo o el formulario excede el tamaño permitido."),
    429: ("Demasiadas solicitudes", "Ha realizado demasiadas solicitudes. Espere un momento e intente de nuevo."),
    500: ("Error del servidor", "Ocurrió un error inesperado. Si el problema continúa, "
          "comuníquelo al equipo técnico con el número de reporte que aparece abajo."),
}
# Shown only when report_error queued the mail (ERROR_MAIL_TO is set).
SERVER_ERROR_REPORTED = ("Ocurrió un error inesperado. El equipo técnico recibirá un aviso "
                         "con el número de reporte que aparece abajo.")
BAD_DATA = ("Algún dato no tiene un formato válido o excede lo permitido (por ejemplo, un número "
            "demasiado grande). Revise los datos e intente de nuevo.")


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def register_error_handlers(app) -> None:
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda exc, code=code: render_error(code))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, "El formulario expiró o no es válido. Recargue la página e intente de nuevo.")

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def bad_data(exc):
        """Input the forms did not catch and the database refused (NUL byte, number out of
        range on PostgreSQL; an integer SQLite cannot bind): the request was bad, not the
        server. Nothing of it is kept."""
        db.session.rollback()
        return render_error(400, BAD_DATA)

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        reported = report_error(getattr(exc, "original_exception", None) or exc)
        return render_error(500, SERVER_ERROR_REPORTED if reported else None)
