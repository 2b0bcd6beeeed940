"""Report notebooks: parameters, data, what the reports compute, formatting, labels, rendering."""
