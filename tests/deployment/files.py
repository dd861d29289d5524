"""Readers for the deployment files: the Procfile, the Dockerfile, compose.yaml, systemd units.

No Docker engine or systemd runs where the tests do, so the files are read as
data and compared with what the site really runs: the Procfile's commands,
the variables the settings read, the grace periods the processes honour.  The
Dockerfile reader knows just enough of the format (comments, line
continuations, exec-form JSON, stages) for these checks.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "scheduler", "realtime", "release")


def procfile() -> dict[str, str]:
    """Process type → command line."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {
        kind.strip(): command.strip()
        for kind, _, command in (line.partition(":") for line in lines if line.strip())
    }


def procfile_argv(kind: str) -> list[str]:
    return shlex.split(procfile()[kind])


def release_steps() -> list[list[str]]:
    """The release line's commands, which it chains with ``&&``."""
    return [shlex.split(step) for step in procfile()["release"].split("&&")]


@dataclass
class Instruction:
    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        """The JSON array of an exec-form CMD/ENTRYPOINT (or HEALTHCHECK's CMD)."""
        text = self.arguments
        if self.keyword == "HEALTHCHECK":
            text = text[text.index(" CMD ") + len(" CMD ") :] if " CMD " in text else ""
        parsed = json.loads(text)
        assert isinstance(parsed, list)
        return [str(item) for item in parsed]


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction:
        found = self.all(keyword)
        assert found, f"no {keyword} in the stage FROM {self.image}"
        return found[-1]

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            for pair in shlex.split(instruction.arguments):
                name, _, value = pair.partition("=")
                values[name] = value
        return values


def dockerfile_stages(path: Path = ROOT / "Dockerfile") -> list[Stage]:
    stages: list[Stage] = []
    logical = ""
    for line in path.read_text().splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):  # a comment inside a continued instruction
            continue
        logical += line.rstrip()
        if logical.endswith("\\"):
            logical = logical[:-1] + " "
            continue
        keyword, _, arguments = logical.strip().partition(" ")
        logical = ""
        arguments = re.sub(r"\s+", " ", arguments.strip())
        if keyword.upper() == "FROM":
            image, _, name = arguments.partition(" AS ")
            stages.append(Stage(image=image.strip(), name=name.strip() or None))
        else:
            stages[-1].instructions.append(Instruction(keyword.upper(), arguments))
    return stages


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}``."""

    def replace(match: re.Match[str]) -> str:
        name, operator, word = match.group(1), match.group(2), match.group(3)
        if name in variables and variables[name] != "":
            return variables[name]
        if operator == ":-":
            return word or ""
        raise KeyError(f"compose needs {name}: {word}")

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}", replace, value)


def service_environment(name: str, variables: dict[str, str]) -> dict[str, str]:
    environment = compose()["services"][name].get("environment", {})
    return {key: interpolate(str(value), variables) for key, value in environment.items()}


def systemd_unit(name: str) -> configparser.RawConfigParser:
    """A unit file; a key given several times (ExecStart, Environment) keeps every value."""

    class MultiValues(dict[str, Any]):
        def __setitem__(self, key: str, value: Any) -> None:
            if key in self and isinstance(value, list) and isinstance(self[key], list):
                self[key].extend(value)
            else:
                super().__setitem__(key, value)

    parser = configparser.RawConfigParser(
        strict=False,
        dict_type=MultiValues,  # type: ignore[arg-type]
        empty_lines_in_values=False,
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "deploy/systemd" / name)
    return parser


def unit_values(unit: configparser.RawConfigParser, section: str, key: str) -> list[str]:
    return unit.get(section, key, fallback="").splitlines()


def unit_environment(unit: configparser.RawConfigParser) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in unit_values(unit, "Service", "Environment"):
        for pair in shlex.split(line):
            name, _, value = pair.partition("=")
            values[name] = value
    return values


def environment_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def seconds(text: str) -> float:
    """A systemd or compose duration: ``30``, ``30s``, ``1min 30s``, ``1m30s``, ``1h``."""
    units = {"h": 3600, "min": 60, "m": 60, "s": 1, "": 1}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(h|min|m|s|)", text):
        total += float(number) * units[unit]
    return total
