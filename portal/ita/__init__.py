"""The integrity assessment (ITA) evidence: item codes, the handling manual, participation."""
