"""The data boundary: where answers, columns, dates and weights enter cxkit and are checked."""
