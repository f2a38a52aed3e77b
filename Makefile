# Two commands: `make run [PORT=5001]` (app with demo data on SQLite; macOS AirPlay takes 5000)
# and `make test` (whole suite); `make prodcheck` runs the app as in production (nginx, two
# gunicorn, PostgreSQL, Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test prodcheck setup setup-dev browser nginx serve clean

run: setup
	@echo "==> Creando o actualizando la base de datos"
	$(BIN)/flask db upgrade
	@echo "==> Cargando los datos de demostración"
	$(BIN)/flask seed-demo
	@echo "==> Abra http://127.0.0.1:$(PORT)/ (Ctrl+C para detener)"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: setup-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

prodcheck: setup nginx
	$(BIN)/python scripts/prodcheck.py

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@echo "==> Creando el entorno virtual en $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --progress-bar on --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	@echo "==> Instalando dependencias (requirements.txt, cerca de un minuto)"
	$(BIN)/pip install --progress-bar on -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	@echo "==> Instalando dependencias de desarrollo (requirements-dev.txt)"
	$(BIN)/pip install --progress-bar on -r requirements-dev.txt
	touch $(VENV)/.installed $@

browser:
	bash scripts/install-browser.sh

nginx:
	bash scripts/install-nginx.sh

serve: setup
	$(BIN)/gunicorn -w 2 -b 127.0.0.1:8000 wsgi:app

clean:
	rm -rf $(VENV) instance
