"""YAML loading that remembers where every value came from.

Content errors are reported as `FILE:LINE: problem`, so the loader keeps the
line of every mapping key and list item. Duplicate keys are errors, not
silently overwritten.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A dict that knows the line of each key (and its own)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of each item (and its own)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# libyaml's C parser when PyYAML was built with it (ten times faster); its nodes carry
# the same start marks, so every value still knows its line
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    duplicates: list[tuple[int, str]]


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise YamlProblem(key_node.start_mark.line + 1, "a mapping key must be a plain value")
        if key in result:
            loader.duplicates.append((key_node.start_mark.line + 1, f"duplicate key '{key}'"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(path: Path) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one file; returns (data, [(line, problem)]). Never raises for bad YAML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [(0, f"cannot read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [(line, "not valid UTF-8 text")]
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [(line, f"YAML syntax error: {exc.problem or exc}")]
    except YamlProblem as exc:
        return None, [(exc.line, exc.message)]
    except yaml.YAMLError as exc:
        return None, [(1, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return data, loader.duplicates
