"""A replica health whose answers a test sets, and a clock it moves by hand."""

from __future__ import annotations

from ops.dbrouting.health import ReplicaHealth


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ScriptedHealth(ReplicaHealth):
    """Says each replica is usable unless ``down`` names it, with the reason given."""

    def __init__(self, **down: str) -> None:
        super().__init__()
        self.down = down
        self.asked: list[str] = []

    def unusable_because(self, alias: str) -> str | None:
        self.asked.append(alias)
        return self.down.get(alias)
