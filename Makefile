# Shafaf: `make run` for the quick start, `make test` for the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# Web server and django-q2 worker on SQLite, with demo data; Ctrl-C stops both.
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Shafaf is starting: log in at http://$(HOST):$(PORT)/accounts/login/ (Ctrl-C stops the web server and the worker)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(BIN)/python manage.py qcluster & \
	DEBUG=1 $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# The whole suite; on PostgreSQL when DATABASE_URL is set, else on SQLite.
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# Refresh locale/ar after changing strings (needs GNU gettext).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ar --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages -l ar --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var staticfiles
