"""Extension points: how a lower app uses what a higher app provides without importing it.

Apps import only downward (docs/architecture.md). Where a lower app needs a
higher app's work (a new case starts a pathway; the case page shows the NRM
panel), the lower app declares a ``Provided`` function or a ``PanelRegistry``
and the higher app fills it in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class Provided:
    """One function a lower app calls and exactly one higher app provides."""

    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._function: Callable | None = None

    def provide(self, function: Callable) -> Callable:
        self._function = function
        return function

    def __call__(self, **kwargs):
        if self._function is None:
            raise ImproperlyConfigured(f"No installed app provides {self.name}.")
        return self._function(**kwargs)


@dataclass(frozen=True)
class Panel:
    """A section a higher app puts on a lower app's page.

    ``context(request, obj)`` returns the template's context, or None to leave
    the panel out for this user. ``order`` sorts panels within a slot.
    """

    key: str
    slot: str
    order: int
    template: str
    context: Callable


class PanelRegistry:
    """The panels of one page, by slot, filled by the apps above it."""

    def __init__(self, page: str, slots: tuple[str, ...]):
        self.page = page
        self.slots = slots
        self._panels: dict[str, Panel] = {}

    def register(self, *, key: str, slot: str, order: int, template: str, context: Callable):
        if slot not in self.slots:
            raise ImproperlyConfigured(f"The {self.page} has no panel slot {slot!r}.")
        # Keyed, so a second ready() (as in some test runners) replaces rather than repeats.
        self._panels[key] = Panel(key, slot, order, template, context)

    def render(self, *, request, obj) -> dict[str, SafeString]:
        """Each slot's panels rendered in order, as HTML for the page's template."""
        html = {slot: [] for slot in self.slots}
        for panel in sorted(self._panels.values(), key=lambda p: (p.slot, p.order, p.key)):
            context = panel.context(request, obj)
            if context is None:
                continue
            html[panel.slot].append(render_to_string(panel.template, context, request=request))
        return {slot: mark_safe("".join(parts)) for slot, parts in html.items()}  # noqa: S308
