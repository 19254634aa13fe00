# Shortcuts for the scripts in scripts/ (which need nothing but python3 and pip).
.PHONY: demo test docs bench clean

demo:
	scripts/demo

test:
	scripts/test

docs:
	scripts/install dev
	.venv/bin/typer chinabrief.cli utils docs --name chinabrief --title "chinabrief CLI reference" --output docs/cli.md

bench:
	scripts/install dev
	.venv/bin/python bench/ingest.py

clean:
	rm -rf .venv build *.egg-info .pytest_cache .ruff_cache
