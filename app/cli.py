"""One-off click commands (demo data, accounts, the statistics' backfill and check); the scheduled jobs are in ``app/jobs.py``."""
import click
from flask import Flask

from app.extensions import db
from app.timeutil import utcnow


def register_cli(app: Flask) -> None:
    from app.jobs import DAY_RANGE_OPTIONS, NOW_OPTION, echo_days, register_jobs

    register_jobs(app)

    @app.cli.command("stats-backfill")
    @DAY_RANGE_OPTIONS
    @NOW_OPTION
    def stats_backfill_command(desde, hasta, now):
        """(Re)write the daily rollups of desde..hasta (default: from the first ticket)."""
        from app.stats.rollups import close_days, first_day

        first = desde or first_day()
        if first is None:
            click.echo("No hay solicitudes: no hay días que cerrar.")
            return
        echo_days(close_days(now or utcnow(), first, hasta), "Días de estadística reescritos")

    @app.cli.command("stats-check")
    @DAY_RANGE_OPTIONS
    @NOW_OPTION
    def stats_check_command(desde, hasta, now):
        """Compare the closed days' rollups with the rows (default: the last 35 days, as the
        recount of a past day's states reads the history since then); exit 1 on a difference."""
        from datetime import timedelta

        from app.stats.rollups import check_days
        from app.timeutil import local_today

        now = now or utcnow()
        last = hasta or local_today(now)
        differences = check_days(desde or last - timedelta(days=34), last, now)
        for line in differences:
            click.echo(line)
        if differences:
            raise click.ClickException(f"{len(differences)} diferencias entre los acumulados "
                                       "diarios y las solicitudes.")
        click.echo("Los acumulados diarios coinciden con las solicitudes.")

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load Fresnillo's demo units, catalog, accounts and a year of data."""
        from app.demo import seed_demo
        from app.stats.rollups import close_days, first_day

        now = utcnow()
        created = seed_demo(now)
        db.session.commit()
        # The demo's past days are closed as the nightly job would have (rewritten if rerun).
        closed = close_days(now, first_day()) if first_day() else []
        click.echo(
            "Datos de demostración listos: "
            f"{created['tickets']} tickets, {created['reports']} informes y "
            f"{created['visits']} meses de visitas nuevos; {len(closed)} días de "
            "estadística cerrados."
        )

    @app.cli.command("restore")
    @click.argument("folder", type=click.Path(exists=True, file_okay=False))
    def restore_command(folder):
        """Restore a backup of `flask backup` into this DATABASE_URL and UPLOAD_DIR (empty)."""
        from flask import current_app

        from app.backup import BackupError, restore_backup

        try:
            manifest = restore_backup(folder, current_app.config["SQLALCHEMY_DATABASE_URI"],
                                      current_app.config["UPLOAD_DIR"])
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Respaldo del {manifest['created_at']} restaurado y verificado: "
                   f"{len(manifest['tables'])} tablas, {len(manifest['files'])} archivos.")

    @app.cli.command("create-user")
    @click.option("--username", prompt="Usuario")
    @click.option("--name", prompt="Nombre completo")
    @click.option("--email", default="", prompt="Correo electrónico (opcional)")
    @click.option("--role", type=click.Choice(["admin", "secretary", "frontdesk", "unit"]),
                  prompt="Rol")
    @click.option("--unit-code", default="", help="Clave de la unidad (rol unit)")
    @click.password_option("--password", prompt="Contraseña")
    def create_user_command(username, name, email, role, unit_code, password):
        """Create an account; the password is prompted and never printed."""
        from sqlalchemy import select

        from app.auth.services import create_user
        from app.units.models import Unit
        from app.validators import ValidationError

        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code.upper())) if unit_code else None
        if unit_code and unit is None:
            raise click.ClickException(f"No existe la unidad con clave {unit_code}.")
        try:
            create_user(username=username, name=name, email=email or None, role=role,
                        unit_id=unit.id if unit else None, password=password)
        except ValidationError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo(f"Usuario {username} creado.")

    @app.cli.command("import-colonias")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_colonias_command(path):
        """Import the SEPOMEX catalogue file (TXT, Latin-1) filtered to the municipality."""
        from pathlib import Path

        from app.colonias import catalogue, sepomex
        from app.places import services

        municipality, state = catalogue.municipality()
        try:
            result = sepomex.parse(sepomex.decode(Path(path).read_bytes()), municipality, state)
        except sepomex.SepomexError as exc:
            raise click.ClickException("\n".join(exc.errors)) from None
        added, kept = services.import_settlements(result.settlements, None, now=utcnow())
        db.session.commit()
        click.echo(f"{added} colonias nuevas de {municipality}; {kept} ya estaban en el catálogo.")

    @app.cli.command("match-colonias")
    @click.option("--dry-run", is_flag=True, help="Solo el informe: no cambia ningún ticket.")
    def match_colonias_command(dry_run):
        """Link the tickets' free-text colonias to the catalogue (accents and case aside)."""
        from app.places.services import match_free_texts

        report = match_free_texts(None, now=utcnow(), dry_run=dry_run)
        db.session.commit()
        verb = "se asignarían" if dry_run else "asignados"
        click.echo(f"Cotejados: {len(report.matched)} textos, "
                   f"{sum(n for _t, _c, n in report.matched)} tickets {verb}.")
        for text, label, count in report.matched:
            click.echo(f"  «{text}» → {label} ({count})")
        click.echo(f"Sin cotejar: {len(report.unmatched)} textos, "
                   f"{sum(n for _t, n, _w in report.unmatched)} tickets.")
        for text, count, why in report.unmatched:
            click.echo(f"  «{text}» ({count}): {why}")
