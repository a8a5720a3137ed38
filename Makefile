# make run   : set up and serve the API on http://127.0.0.1:8000 (SQLite, demo content, DEV_LOGIN)
# make test  : the whole suite on SQLite and on a throwaway PostgreSQL
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi.py
PYTHON ?= python3
STAMP  := $(VENV)/.installed

.PHONY: setup run dev test db content clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

db: setup
	$(FLASK) db upgrade

# The demo serves two cities in two provinces (content/ holds both); `CITIES=苏州市 make run`
# serves one, and the content load then skips the other's venues, batch and facilities.
DEMO_CITIES ?= 苏州市,广元市
content run dev: export CITIES ?= $(DEMO_CITIES)

content: db
	$(FLASK) content load
	$(FLASK) consoles demo-accounts

# The notification sender runs beside gunicorn and stops with it.
run: content
	$(FLASK) notifications work & sender=$$!; trap "kill $$sender 2>/dev/null" EXIT INT TERM; \
	DEV_LOGIN=$${DEV_LOGIN:-1} $(VENV)/bin/gunicorn --config gunicorn.conf.py wsgi:app

dev: content
	DEV_LOGIN=$${DEV_LOGIN:-1} $(FLASK) run --port 8000 --reload

test:
	scripts/test.sh

clean:
	rm -rf $(VENV) instance
