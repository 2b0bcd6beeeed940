"""Grouped tables: group codes, the group x answer count table, and ``summarize``."""
