"""Governance records are written through services and the register pages,
not the admin: consent and disclosures are append-only in use."""
