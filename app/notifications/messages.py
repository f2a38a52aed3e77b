"""Rendering mails from the Jinja templates in templates/notifications/mail/.

Each mail has ``<name>.txt`` (plain text, not escaped) and ``<name>.html`` (escaped). They are
rendered with the bare Jinja environment: no request, no logged-in user, no context processors,
so a mail never depends on who caused it.
"""
from flask import current_app

from app.notifications.outbox import enqueue

FOOTER = ("Secretaría Técnica · H. Ayuntamiento de Fresnillo 2024-2027. "
          "Este correo se envió automáticamente; por favor no lo responda.")


def render(template: str, **context) -> tuple[str, str]:
    """(plain text, HTML) of a mail template."""
    env = current_app.jinja_env
    context.setdefault("footer", FOOTER)
    text = env.get_template(f"notifications/mail/{template}.txt").render(**context)
    html = env.get_template(f"notifications/mail/{template}.html").render(**context)
    return text.strip() + "\n", html


def queue_mail(template: str, recipient: str, subject: str, *, dedupe_key: str | None = None,
               now=None, **context) -> bool:
    """Render a template and put the mail in the outbox (the caller's transaction); the
    template's name is the mail's kind."""
    text, html = render(template, subject=subject, **context)
    return enqueue(template, recipient, subject, text, html, dedupe_key=dedupe_key, now=now)
