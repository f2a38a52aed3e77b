"""Every scheduled job (the README's crontab) as a thin click command.

Each command calls one service of the feature that owns the job, commits and says what it did;
the mail and ticket jobs take --now for tests. A new job is a command here plus its crontab line
in the README; one-off commands (seed-demo, create-user) live in ``app/cli.py``.
"""
from datetime import datetime, timezone

import click
from flask import Flask

from app.timeutil import LOCAL_TZ, utcnow


class NowParam(click.ParamType):
    """An ISO date-time; without an offset it is Fresnillo's local time."""

    name = "fecha-hora"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(value.strip())
        except (AttributeError, ValueError):
            self.fail("Use una fecha y hora ISO, p. ej. 2026-03-02T08:00 "
                      "(hora de Fresnillo) o 2026-03-02T14:00+00:00.", param, ctx)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=LOCAL_TZ)
        return parsed.astimezone(timezone.utc)


def DAY_RANGE_OPTIONS(command):
    """--desde/--hasta local days (ISO dates)."""
    for name in ("hasta", "desde"):
        command = click.option(f"--{name}", type=click.DateTime(formats=["%Y-%m-%d"]),
                               default=None, callback=_to_date,
                               help=f"Día {'inicial' if name == 'desde' else 'final'} "
                                    "(AAAA-MM-DD).")(command)
    return command


def _to_date(ctx, param, value):
    return value.date() if value is not None else None


def echo_days(days, label: str) -> None:
    if not days:
        click.echo(f"{label}: ninguno (ya estaban al día).")
        return
    click.echo(f"{label}: {len(days)} ({days[0].isoformat()} a {days[-1].isoformat()}).")


NOW_OPTION = click.option("--now", type=NowParam(), default=None,
                          help="Momento a simular (ISO); por omisión, ahora.")


def register_jobs(app: Flask) -> None:
    @app.cli.command("send-mail")
    @NOW_OPTION
    @click.option("--batch-size", default=50, show_default=True, type=click.IntRange(1, 1000))
    def send_mail_command(now, batch_size):
        """Deliver the pending mails of the outbox over SMTP."""
        from app.notifications.sender import send_pending

        result = send_pending(now or utcnow(), batch_size=batch_size)
        click.echo(f"Correos enviados: {result.sent}; por reintentar: {result.retried}; "
                   f"fallidos: {result.failed}.")

    @app.cli.command("report-reminders")
    @NOW_OPTION
    def report_reminders_command(now):
        """Queue weekly-report reminders, the list of units that missed the deadline, and
        the notices of cabinet agreements due within 2 business days or overdue."""
        from app.meetings.reminders import send_agreement_reminders
        from app.notifications.reminders import send_report_reminders

        _queue(send_report_reminders, now, "Recordatorios y avisos de informes en cola")
        _queue(send_agreement_reminders, now, "Avisos de acuerdos de gabinete en cola")

    @app.cli.command("daily-digest")
    @NOW_OPTION
    def daily_digest_command(now):
        """Queue each unit's digest of overdue tickets and tickets due soon (business days)."""
        from app.notifications.digest import send_daily_digest

        _queue(send_daily_digest, now, "Resúmenes diarios en cola")

    @app.cli.command("auto-close")
    @NOW_OPTION
    def auto_close_command(now):
        """Close the tickets atendida whose citizen did not answer in 10 business days."""
        from app.portal.services import close_unanswered

        closed = _in_batches(lambda: close_unanswered(now or utcnow()))
        click.echo(f"Solicitudes cerradas automáticamente: {closed}.")

    @app.cli.command("send-cabinet-memo")
    @NOW_OPTION
    def send_cabinet_memo_command(now):
        """Archive the last complete week's cabinet memo and queue it for the distribution list."""
        from app.extensions import db
        from app.stats.delivery import deliver_cabinet_memo

        delivery = deliver_cabinet_memo(now or utcnow())
        db.session.commit()
        if delivery.report is None:
            click.echo("La lista de distribución del informe de gabinete está vacía: "
                       "no se generó ni se envió nada.")
            return
        archived = "ya estaba archivado" if delivery.reused else "archivado"
        click.echo(f"Informe de gabinete {delivery.week} {archived} (núm. {delivery.report.id}); "
                   f"correos en cola: {delivery.queued}.")

    @app.cli.command("stats-close-days")
    @NOW_OPTION
    def stats_close_days_command(now):
        """Write the statistics' daily rollups of every day ended since the last closed one."""
        from app.stats.rollups import close_days

        echo_days(close_days(now or utcnow()), "Días de estadística cerrados")

    @app.cli.command("purge-counter")
    def purge_counter_command():
        """Delete the built-in counter's visitor hashes and salts of past days."""
        from app.extensions import db
        from app.timeutil import local_today
        from app.visits.counter import purge_before

        deleted = purge_before(local_today())
        db.session.commit()
        click.echo(f"Contador: se borraron {deleted} huellas de visitantes de días anteriores.")

    @app.cli.command("backup")
    @click.argument("destination", type=click.Path(file_okay=False))
    @click.option("--keep", default=14, show_default=True, type=click.IntRange(1, 3650),
                  help="Respaldos que se conservan en la carpeta; los más viejos se borran.")
    @NOW_OPTION
    def backup_command(destination, keep, now):
        """Write a backup (pg_dump -Fc, uploads, manifest of checksums) under DESTINATION."""
        from flask import current_app

        from app.backup import BackupError, prune_backups, write_backup

        config = current_app.config
        try:
            folder = write_backup(config["SQLALCHEMY_DATABASE_URI"], config["UPLOAD_DIR"],
                                  destination, now or utcnow())
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
        removed = prune_backups(destination, keep)
        click.echo(f"Respaldo escrito en {folder}; respaldos antiguos borrados: {len(removed)}.")


def _queue(job, now, label: str) -> None:
    """Run a job that queues mails, commit them, and say how many."""
    from app.extensions import db

    queued = job(now or utcnow())
    db.session.commit()
    click.echo(f"{label}: {queued}.")


def _in_batches(step, attempts: int = 3) -> int:
    """Run ``step`` (returns rows done, 0 when finished) committing after each batch; a batch
    that lost a race with a user (stale ticket) is rolled back and tried again."""
    from app.extensions import db
    from app.tickets.workflow import StaleTicketError

    done, failures = 0, 0
    while True:
        try:
            count = step()
        except StaleTicketError:
            db.session.rollback()
            failures += 1
            if failures >= attempts:
                raise
            continue
        db.session.commit()
        if count == 0:
            return done
        done += count
