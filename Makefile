# The two commands a fresh clone needs (see README):
#   make deck   set everything up and build the sample deck into decks/
#   make test   set everything up (test tools included) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: deck test setup setup-test browser lint typecheck bench clean

deck: setup
	$(BIN)/flashcards build --sample --force

# The aligner's modules, the lexicon's lookups and the records are compiled with mypyc (setup.py): a change
# to them needs a new build, or the compiled ones run instead. FLASHCARDS_PURE=1 make setup
# installs them uncompiled.
NATIVE := flashcards/models.py $(wildcard flashcards/align/*.py) $(addprefix flashcards/lexicon/,core.py glossary.py compose.py senses.py hangul.py hanjaindex.py)

setup: $(VENV)/.setup
$(VENV)/.setup: pyproject.toml setup.py $(NATIVE)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test extra's requirements alone: ``pip install -e '.[test]'`` would compile again.
setup-test: $(VENV)/.setup-test
$(VENV)/.setup-test: $(VENV)/.setup
	$(BIN)/python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['test'], sep=chr(10))" > $(VENV)/test-requirements.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/test-requirements.txt
	touch $@

# Card screenshots need Debian's Chromium; the render tests skip without it. Installed only
# where we may (root with apt-get), as on CI.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "note: could not install chromium; render tests will be skipped"; \
	  else echo "note: no chromium; render tests will be skipped"; fi; }

test: setup-test browser
	$(BIN)/python -m pytest

lint: setup-test
	$(BIN)/ruff check flashcards tests benchmarks setup.py
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m flashcards.bench align

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
	rm -f flashcards_native__mypyc.*.so flashcards/*/*.so
