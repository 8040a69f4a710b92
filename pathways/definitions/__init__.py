"""The eleven pathway definitions, in protocol order.

Counting the three NRM stages separately, Coventry's nine protocol pathways are
eleven state machines (docs/domain.md section 4).
"""

from pathways.engine import Pathway

from . import (
    adult_social_care,
    during_nrm,
    health,
    housing,
    initial_identification,
    post_nrm,
    pre_nrm,
    skills_employment,
    specialist_support,
    trading_standards,
    transition_to_adulthood,
)

PATHWAYS: dict[str, Pathway] = {
    module.PATHWAY.key: module.PATHWAY
    for module in (
        initial_identification,
        pre_nrm,
        during_nrm,
        post_nrm,
        specialist_support,
        skills_employment,
        housing,
        adult_social_care,
        health,
        transition_to_adulthood,
        trading_standards,
    )
}


def get_pathway(key: str) -> Pathway:
    """The pathway with this key; ``KeyError`` naming the valid keys if there is none."""
    try:
        return PATHWAYS[key]
    except KeyError:
        raise KeyError(f"No pathway {key!r}; valid keys: {', '.join(PATHWAYS)}") from None
