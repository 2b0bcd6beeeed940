"""The survey metrics: NPS, CSAT, CSI, CES (share and mean) and CLI, each with its interval."""
