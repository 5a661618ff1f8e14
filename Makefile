# The two commands of the quick start: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# The origin printed into QR codes and every absolute address; the app refuses to start without
# it. `make run` serves on this machine, so its own address unless you set another.
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
export PUBLIC_BASE_URL
FLASK := $(BIN)/flask --app wsgi
CATALOGS := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench lint typecheck format js-check translations extract-messages update-messages compile-messages new-language db-upgrade demo-data clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

%.mo: %.po
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

compile-messages: $(COMPILED)

run: $(VENV)/.runtime compile-messages
	$(FLASK) db upgrade
	@if $(FLASK) db-is-empty; then $(FLASK) demo-data; fi
	@echo ""
	@echo "Stoepbezoek runs on http://127.0.0.1:$(PORT)"
	@echo "Demo logins (password stoepbezoek-demo): admin@demo.gent coordinator@demo.gent worker@demo.gent worker2@demo.gent provider@demo.gent"
	@echo ""
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

test: $(VENV)/.dev compile-messages js-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r app -c pyproject.toml
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r app -c pyproject.toml
	$(BIN)/mypy

# The browser scripts (app/static/js/, app/offline/sw.js): ESLint, and their unit tests in tests/js/
# on node's test runner. The tools are pinned in package.json / package-lock.json; npm ci installs
# them into node_modules/ when it is missing or older than the lock file.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

js-check: node_modules/.package-lock.json
	npx --no-install eslint
	node --test tests/js/

# The type check of app/ (settings in pyproject.toml, [tool.mypy]).
typecheck: $(VENV)/.dev
	$(BIN)/mypy

# Rewrites the Python files in ruff's format (settings in pyproject.toml, [tool.ruff.format]).
format: $(VENV)/.dev
	$(BIN)/ruff format .

extract-messages: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location --sort-output -o app/translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

translations: update-messages compile-messages

# A catalogue for a new language: make new-language CODE=pl
new-language: extract-messages
	@test -n "$(CODE)" || (echo "usage: make new-language CODE=xx" && exit 1)
	$(BIN)/pybabel init -i app/translations/messages.pot -d app/translations -l $(CODE)

db-upgrade: $(VENV)/.runtime
	$(FLASK) db upgrade

demo-data: $(VENV)/.runtime
	$(FLASK) demo-data

clean:
	rm -rf $(VENV) $(COMPILED)

# Benchmarks (BENCHMARKS.md): BENCH_QUICK=1 (or BENCH_ARGS=--quick) for a quick run at a tenth of
# the city; PostgreSQL too with BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench (the
# benchmark's own database, created when missing). Needs wrk, nginx, redis-server, chromium, npm.
bench: $(VENV)/.dev compile-messages
	@command -v wrk >/dev/null || (apt-get install -y wrk || sudo apt-get install -y wrk)
	$(BIN)/python -m benchmarks.run $(if $(filter 1,$(BENCH_QUICK)),--quick) $(BENCH_ARGS)
