"""Gunicorn entry point: ``gunicorn wsgi:app``; APP_ENV chooses the configuration."""
from app import create_app
from config import config_for_environment

app = create_app(config_for_environment())
