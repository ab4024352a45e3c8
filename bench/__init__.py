"""The benchmark: python -m bench --speeches 100 1000 2000 (see bench/run.py)."""
