from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    """1673 -> 1,673; leaves anything that is not a number alone."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return f"{value:,}"
