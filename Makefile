# Everything a fresh machine needs (Python 3.11 and make) is set up here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean docs system-deps model derived

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/dunguard analyze --received-at 2025-02-26T10:30 \
	  "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。如有疑问,请联系客服95188。"

# Browser tests drive Debian's Chromium; screenshots and PDFs need CJK fonts, and the PDF
# draws emoji and symbols the CJK font lacks from DejaVu Sans (src/dunguard/render/pdf.py,
# SYMBOL_CANDIDATES; without it they become named markers such as [表情：pouting face]).
# Installed once with apt when we are root on Debian; elsewhere the tests that need them say so and skip.
SYSTEM_PKGS := chromium fonts-noto-cjk fonts-wqy-microhei fonts-dejavu-core
SYMBOL_FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

system-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto sans cjk" && [ -f $(SYMBOL_FONT) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PKGS)) >/dev/null \
	  || echo "system-deps: apt-get failed; browser and font tests will be skipped"; \
	else echo "system-deps: not root or no apt-get; browser and font tests will be skipped"; fi

test: $(TEST_STAMP) system-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

# Retrain the statistical layer from the development part of the labelled corpus (deterministic).
model: $(TEST_STAMP)
	$(BIN)/python -m dunguard.classify.train

# After editing a regex in the grammar or a rule pack: regenerate what is derived from them (tests check both).
derived: $(TEST_STAMP)
	$(BIN)/python -m dunguard.regexcache
	$(BIN)/python -c "from dunguard.grammar import freeze; freeze('zh')"
	$(BIN)/python -m dunguard.grammar.docs > docs/grammar.md
	$(BIN)/python -m dunguard.rules.docs > docs/rules.md

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
