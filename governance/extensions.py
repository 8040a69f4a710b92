"""What the apps above governance provide to it (see core.registry).

Governance anonymises a case and builds a subject access pack, but NRM
episodes, service referrals, SERAC items and pathways belong to apps above it,
which it may not import. Each such app registers, in its ``AppConfig.ready()``:

- an anonymiser, ``anonymise(case=, people=)``, that removes the personal data
  its own tables (and their history rows) hold about the case, keeping
  everything reports count; ``people`` are the people being anonymised with it;
- a subject access section, ``section(case=, person=)``, returning
  ``{"title": ..., "rows": [dict, ...], "third_party": [str, ...]}``: what it
  holds about the person on the case, with anything about other people or
  agencies' opinions named for redaction review.
"""

from collections.abc import Callable

_anonymisers: dict[str, Callable] = {}
_subject_access_sections: dict[str, Callable] = {}


def register_anonymiser(key: str, function: Callable) -> None:
    # Keyed, so a second ready() replaces rather than repeats.
    _anonymisers[key] = function


def register_subject_access_section(key: str, function: Callable) -> None:
    _subject_access_sections[key] = function


def anonymisers() -> list[Callable]:
    return [_anonymisers[key] for key in sorted(_anonymisers)]


def subject_access_sections() -> list[tuple[str, Callable]]:
    return sorted(_subject_access_sections.items())
