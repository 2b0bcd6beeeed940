"""Comparisons: two samples, a panel, periods and groups of a table, and fixed benchmarks."""
