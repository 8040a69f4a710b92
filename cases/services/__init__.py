"""Everything that writes to cases and concerns.

Functions are named ``<entity>_<verb>``, take keyword-only arguments with a
required ``actor`` (None only for system work: the beat task, seeding), run in
one transaction, and write their own timeline and audit rows.
"""
