"""The editorial workflow as data: which moves exist, from where, to where, and who may make them.

    Idea → Draft → Edited → Scheduled → Live → Archived
                 ↖ return   ↘ publish ↗  ↘ unpublish (back to Edited)
    any of Idea, Draft, Edited, Scheduled → Spiked → restore (to Draft)

This module only describes the graph; ``services.transition_story`` is the one
place that applies a move, and ``policies`` decides whether a person may.

>>> [t.name for t in available_from(Status.EDITED)]
['return', 'schedule', 'publish', 'spike']
>>> get_transition("publish").target
Status.LIVE
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbudget.stories.models import Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status
    permission: str
    """Codename of the permission an editor needs, on a desk they work."""
    bylined_reporter_may: bool = False
    """Whether a reporter with a byline on the story may make the move without ``permission``."""


def _move(
    name: str, label: str, sources: set[Status], target: Status, permission: str, **kw: bool
) -> Transition:
    return Transition(name, label, frozenset(sources), target, permission, **kw)


PRE_PUBLICATION = {Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED}

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _move("draft", "Start draft", {Status.IDEA}, Status.DRAFT, "edit_desk_stories",
              bylined_reporter_may=True),
        _move("file", "File for editing", {Status.DRAFT}, Status.EDITED, "edit_desk_stories",
              bylined_reporter_may=True),
        _move("return", "Return to reporter", {Status.EDITED}, Status.DRAFT, "edit_desk_stories"),
        _move("schedule", "Schedule", {Status.EDITED}, Status.SCHEDULED, "schedule_story"),
        _move("unschedule", "Unschedule", {Status.SCHEDULED}, Status.EDITED, "schedule_story"),
        _move("publish", "Publish now", {Status.EDITED, Status.SCHEDULED}, Status.LIVE,
              "publish_story"),
        _move("unpublish", "Unpublish", {Status.LIVE}, Status.EDITED, "publish_story"),
        _move("archive", "Archive", {Status.LIVE}, Status.ARCHIVED, "publish_story"),
        _move("spike", "Spike", PRE_PUBLICATION, Status.SPIKED, "spike_story"),
        _move("restore", "Restore from spike", {Status.SPIKED}, Status.DRAFT, "spike_story"),
    ]
}  # fmt: skip


def get_transition(name: str) -> Transition:
    """The transition called ``name``; KeyError names the valid ones."""
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise KeyError(f"Unknown transition {name!r}; valid: {', '.join(TRANSITIONS)}") from None


def available_from(status: Status | str) -> list[Transition]:
    """Transitions whose source includes ``status``, in workflow order."""
    return [t for t in TRANSITIONS.values() if status in t.sources]
