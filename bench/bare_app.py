"""The framework's floor for bench/benchmark.py: a Flask app with one route that returns a
short text, served by the same gunicorn as the real app. A page's time over this one's is what
the app itself costs (queries, templates, session, headers)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare():
    return "ok"
