"""Application factory."""
from pathlib import Path

from flask import Flask

from app import observability, security
from app.converters import DbIntConverter
from app.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from config import Config, check_settings

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def create_app(config_class=Config) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR), instance_relative_config=False)
    app.config.from_object(config_class)
    check_settings(app.config)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    observability.init_app(app)
    _init_extensions(app)
    # Replaces werkzeug's unbounded "int" before any route is added: every <int:...> is bounded.
    app.url_map.converters["int"] = DbIntConverter
    _register_blueprints(app)
    _register_template_helpers(app)

    from app.errors import register_error_handlers
    from app.cli import register_cli

    register_error_handlers(app)
    register_cli(app)
    security.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (register every table)
    from app.auth.services import load_user
    from app.notifications import events
    from app.meetings import documents as meeting_documents
    from app.meetings import memo as meeting_memo
    from app.places import memo as places_memo
    from app.programs import memo as program_memo
    from app.stats import delivery

    _tune_postgresql(app)
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Inicie sesión para continuar."
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_user)
    events.init_app(app)  # ticket mails: every TicketEvent a commit writes queues its mails
    delivery.init_app(app)  # the outbox attaches the archived cabinet memo
    meeting_documents.init_app(app)  # ... and the meetings' follow-ups
    meeting_memo.init_app(app)  # the memo's and the dashboard's «Seguimiento de acuerdos»
    places_memo.init_app(app)  # ... and «Colonias con más reportes»
    program_memo.init_app(app)  # ... and «Avance de programas de trabajo»
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _enable_sqlite_foreign_keys(app)


PG_OPTIONS = "-c jit=off -c work_mem=32MB"
PG_CONNECT_TIMEOUT = 5  # seconds


def _tune_postgresql(app: Flask) -> None:
    """PostgreSQL connections (the primary and the replica) without JIT compilation, which
    compiles any plan past ``jit_above_cost`` (on the statistics' short queries at 1,000,000
    tickets it spent 28 ms of the past overdue list's 96), and with room to sort a year's
    resolution times in memory (PostgreSQL's default 4 MB spilled them to disk)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args["options"] = " ".join(filter(None, [connect_args.get("options"),
                                                     PG_OPTIONS]))
    # A database host that does not answer fails a request (and /salud) in seconds, not
    # after the operating system's TCP timeout.
    connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def _enable_sqlite_foreign_keys(app: Flask) -> None:
    from sqlalchemy import event

    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _fk_pragma(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def _register_blueprints(app: Flask) -> None:
    from app.admin.views import bp as admin_bp
    from app.auth.views import bp as auth_bp
    from app.health import bp as health_bp
    from app.main import bp as main_bp
    from app.meetings.views import bp as meetings_bp
    from app.notifications.views import bp as notifications_bp
    from app.open311.admin import bp as api_keys_bp
    from app.open311.views import bp as open311_bp
    from app.places.views import bp as places_bp
    from app.portal.views import bp as portal_bp
    from app.programs.views import bp as programs_bp
    from app.reports.views import bp as reports_bp
    from app.stats.views import bp as stats_bp
    from app.tickets.views import bp as tickets_bp
    from app.visits.counter_views import bp as counter_bp
    from app.visits.views import bp as visits_bp

    for blueprint in (main_bp, auth_bp, admin_bp, notifications_bp, reports_bp, stats_bp,
                      visits_bp, counter_bp, tickets_bp, meetings_bp, programs_bp, open311_bp,
                      api_keys_bp, portal_bp, places_bp, health_bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from flask import request
    from flask_login import current_user

    from app import formatting, forms
    from app.auth.permissions import ROLE_LABELS, Permission, has_permission
    from app.navigation import active_url, nav_for
    from app.timeutil import format_date, format_datetime, week_options, week_range_label

    app.jinja_env.filters["fechahora"] = format_datetime
    app.jinja_env.filters["fecha"] = format_date
    # Numbers as Mexico writes them (1,803 · 80.5 % · 4.5): app/formatting.py.
    app.jinja_env.filters["entero"] = formatting.integer
    app.jinja_env.filters["numero"] = formatting.number
    app.jinja_env.filters["porcentaje"] = formatting.percent
    app.jinja_env.filters["dias"] = formatting.days
    app.jinja_env.filters["celda"] = formatting.display
    app.jinja_env.filters["semana"] = week_range_label  # a Monday → «semana del 1 al 7 de …»
    app.jinja_env.globals["week_options"] = week_options  # the week pickers' choices
    app.jinja_env.globals.update(error_items=forms.error_items, dropped_files=forms.dropped_files)

    @app.context_processor
    def inject():
        items = nav_for(current_user) if current_user.is_authenticated else []
        return {
            "nav_items": items,
            "nav_active": active_url(items, request.path),
            "role_labels": ROLE_LABELS,
            "Permission": Permission,
            "can": lambda permission: has_permission(current_user, permission),
        }
