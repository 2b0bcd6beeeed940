"""Customer lifetime value: the source formula, transactions, BG/NBD, Gamma-Gamma, sBG and ROI scenarios."""
