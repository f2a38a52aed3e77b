# Two commands: `make run` (app with demo data on SQLite) and `make test` (whole suite);
# `make prodcheck` runs the app as in production (nginx, two gunicorn, PostgreSQL, Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test prodcheck setup setup-dev browser nginx serve clean

run: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: setup-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

prodcheck: setup nginx
	$(BIN)/python scripts/prodcheck.py

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

browser:
	bash scripts/install-browser.sh

nginx:
	bash scripts/install-nginx.sh

serve: setup
	$(BIN)/gunicorn -w 2 -b 127.0.0.1:8000 wsgi:app

clean:
	rm -rf $(VENV) instance
