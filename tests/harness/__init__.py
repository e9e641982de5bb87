"""Simulated hosts for deploy tests, the demo and the benchmarks (see sim.py)."""
