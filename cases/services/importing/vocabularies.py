"""The words a spreadsheet may use for each coded column.

Yes/no, genders, referring agency types, outcomes, NRM routes and decisions,
and nationalities (demonyms, aliases and :func:`country_code`).
"""

from __future__ import annotations

import pycountry

from cases.choices import CaseOutcome, Gender, ReferringAgencyType
from cases.services.importing.columns import _key
from core.choices import YesNoUnknown

# --- Vocabularies --------------------------------------------------------------------------

BLANK_WORDS = frozenset({"", "unknown", "notknown", "nk", "na", "notrecorded", "none"})

YES_NO = {
    "yes": YesNoUnknown.YES,
    "y": YesNoUnknown.YES,
    "no": YesNoUnknown.NO,
    "n": YesNoUnknown.NO,
    "unknown": YesNoUnknown.UNKNOWN,
    "": YesNoUnknown.UNKNOWN,
}
YES_NO_ACCEPTED = "Enter Yes, No, Y, N or Unknown, or leave it blank"

GENDERS = {
    "male": Gender.MALE,
    "m": Gender.MALE,
    "man": Gender.MALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "woman": Gender.FEMALE,
    "other": Gender.OTHER,
    "unknown": Gender.NOT_RECORDED,
    "notrecorded": Gender.NOT_RECORDED,
    "": Gender.NOT_RECORDED,
}
GENDER_ACCEPTED = "Enter Male, Female, Other or Unknown (or M, F, Man, Woman)"


def _agency_types() -> dict[str, str]:
    table = {}
    for value, label in ReferringAgencyType.choices:
        table[_key(label)] = value
        table[_key(value)] = value
        if label.startswith("Local authority - "):
            short = label.removeprefix("Local authority - ")
            table[_key(short)] = value
            table[_key("LA " + short)] = value
    aliases = {
        ReferringAgencyType.LA_ADULT_SOCIAL_CARE: ["ASC", "Adult social care"],
        ReferringAgencyType.LA_HOUSING: ["Housing", "Homelessness", "Local authority - Housing"],
        ReferringAgencyType.LA_CHILDRENS: ["Childrens services", "Children's social care"],
        ReferringAgencyType.LA_TRADING_STANDARDS: ["Trading standards", "Regulatory services"],
        ReferringAgencyType.LA_OTHER: ["Local authority", "LA", "Council"],
        ReferringAgencyType.VOLUNTARY: ["Voluntary", "Charity", "Voluntary sector", "NGO"],
        ReferringAgencyType.GOVERNMENT: [
            "Government",
            "Government agency",
            "Home Office",
            "DWP",
            "GLAA",
            "Immigration Enforcement",
            "Border Force",
        ],
        ReferringAgencyType.PUBLIC: ["Public", "Member of public"],
        ReferringAgencyType.SELF_REFERRAL: ["Self", "Self referral"],
        ReferringAgencyType.OTHER: ["Other", "Unknown", ""],
        ReferringAgencyType.NHS: ["Health"],
    }
    for value, names in aliases.items():
        for name in names:
            table[_key(name)] = value
    return table


AGENCY_TYPES = _agency_types()


def _outcomes() -> dict[str, str]:
    table = {}
    for value, label in CaseOutcome.choices:
        table[_key(label)] = value
        table[_key(value)] = value
    aliases = {
        CaseOutcome.NRM_REFERRAL: ["NRM", "NRM referral"],
        CaseOutcome.DUTY_TO_NOTIFY: ["DtN", "Duty to Notify"],
        CaseOutcome.SAFEGUARDING_ENQUIRY: ["s42", "s42 enquiry", "Safeguarding enquiry"],
        CaseOutcome.NO_FURTHER_ACTION: ["NFA"],
    }
    for value, names in aliases.items():
        for name in names:
            table[_key(name)] = value
    return table


OUTCOMES = _outcomes()

NRM_ROUTES = {"nrm": "nrm", "dtn": "dtn", "dutytonotify": "dtn", "none": "", "": ""}
DECISIONS = {"positive": "positive", "negative": "negative", "pending": "pending", "": ""}

# Nationalities as people write them. pycountry covers names and ISO codes.
DEMONYMS = {
    "afghan": "AF",
    "afghani": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "bangladeshi": "BD",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "cameroonian": "CM",
    "chinese": "CN",
    "czech": "CZ",
    "egyptian": "EG",
    "english": "GB",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "filipina": "PH",
    "french": "FR",
    "gambian": "GM",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guinean": "GN",
    "hungarian": "HU",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "malaysian": "MY",
    "moldovan": "MD",
    "moroccan": "MA",
    "nepalese": "NP",
    "nepali": "NP",
    "nigerian": "NG",
    "northernirish": "GB",
    "pakistani": "PK",
    "palestinian": "PS",
    "polish": "PL",
    "portuguese": "PT",
    "romanian": "RO",
    "russian": "RU",
    "scottish": "GB",
    "senegalese": "SN",
    "serbian": "RS",
    "sierraleonean": "SL",
    "slovak": "SK",
    "slovakian": "SK",
    "somali": "SO",
    "southafrican": "ZA",
    "spanish": "ES",
    "srilankan": "LK",
    "sudanese": "SD",
    "southsudanese": "SS",
    "syrian": "SY",
    "thai": "TH",
    "turkish": "TR",
    "ugandan": "UG",
    "ukrainian": "UA",
    "vietnamese": "VN",
    "welsh": "GB",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}
COUNTRY_ALIASES = {
    "uk": "GB",
    "unitedkingdom": "GB",
    "britain": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "usa": "US",
    "america": "US",
    "unitedstates": "US",
    "russia": "RU",
    "turkey": "TR",
    "ivorycoast": "CI",
    "macedonia": "MK",
    "northmacedonia": "MK",
    "palestine": "PS",
    "vietnam": "VN",
    "drc": "CD",
    "democraticrepublicofcongo": "CD",
}
NOT_NATIONALITIES = {
    "kurdish": "Kurdish is an ethnicity, not a nationality: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kurd": "Kurdish is an ethnicity, not a nationality: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kurdistan": "Kurdistan is not an ISO 3166 country: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kosovo": "Kosovo is not in ISO 3166 yet: enter the nationality the person's "
    "documents show, and note Kosovo in the notes",
    "kosovan": "Kosovo is not in ISO 3166 yet: enter the nationality the person's "
    "documents show, and note Kosovo in the notes",
    "european": "Enter the country, not the continent",
    "african": "Enter the country, not the continent",
    "asian": "Enter the country, not the continent",
    "eu": "Enter the country, not the European Union",
}
NATIONALITY_ACCEPTED = (
    "Enter a country (Vietnam), a nationality (Vietnamese) or an ISO 3166 code (VN or VNM)"
)


def country_code(text: str) -> str | None:
    """ISO alpha-2 for a country name, demonym or ISO code; None if not recognised."""
    key = _key(text)
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        return None
