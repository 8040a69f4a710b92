"""The specialist support directory (domain guide section 6)."""
