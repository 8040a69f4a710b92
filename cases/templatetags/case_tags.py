import pycountry
from django import template

register = template.Library()


@register.filter
def country_names(codes) -> str:
    """ISO 3166 alpha-2 codes as country names: ["VN", "GB"] -> "Viet Nam, United Kingdom"."""
    names = []
    for code in codes or []:
        country = pycountry.countries.get(alpha_2=code)
        names.append(getattr(country, "common_name", None) or (country.name if country else code))
    return ", ".join(names)


@register.filter
def risk_tag_class(risk_level: str) -> str:
    return {
        "high": "govuk-tag--red",
        "medium": "govuk-tag--orange",
        "low": "govuk-tag--green",
    }.get(risk_level, "govuk-tag--grey")


@register.filter
def status_tag_class(status: str) -> str:
    return "govuk-tag--blue" if status == "open" else "govuk-tag--grey"
