# The two commands of the README:
#   make map    installs argmap in .venv and draws the bundled debate to map.html
#   make test   installs argmap with its test tools (Chromium, Graphviz, Oxigraph server,
#               Argdown's parser) and runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: map test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

map: install
	$(BIN)/argmap draw -o map.html
	@echo "wrote map.html — open it in a browser"

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	bash scripts/install-test-deps.sh

test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider --durations=15

clean:
	rm -rf $(VENV) build *.egg-info node_modules map.html
