"""Rule packs: `rules/packs/<pack>/<rule-id>.toml` files → Rule values."""
from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache

from rules.model import Example, Rule, Variant
from rules.terms import phrase_terms

PACKS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "packs")
_RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
KNOWN_KEYS = frozenset({"id", "description", "keywords", "synonyms", "roles", "weight", "edge_cases",
                        "acceptance", "libraries", "new_modules", "example", "benefit", "companions",
                        "untouched", "endpoint", "variant", "record_keywords", "audience"})
VARIANT_KEYS = frozenset({"keywords", "edge_cases", "acceptance", "libraries", "left_alone", "route_takes"})
ENDPOINT_KINDS = ("new", "extend")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the fix."""


@lru_cache(maxsize=8)
def load_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """All rules of the built-in packs and of `extra_dirs`, sorted by pack and id."""
    rules: list[Rule] = []
    for base in (PACKS_DIR, *extra_dirs):
        rules.extend(_load_dir(base))
    return tuple(sorted(rules, key=lambda r: (r.pack, r.id)))


def _load_dir(base: str) -> list[Rule]:
    if not os.path.isdir(base):
        raise RuleError(f"{base}: rule folder not found; check the rule-pack path")
    out = []
    for pack in sorted(os.listdir(base)):
        folder = os.path.join(base, pack)
        if os.path.isdir(folder):
            out.extend(load_rule(os.path.join(folder, name), pack)
                       for name in sorted(os.listdir(folder)) if name.endswith(".toml"))
    return out


def load_rule(path: str, pack: str) -> Rule:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule ({exc}); fix the TOML") from None
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise RuleError(f"{path}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(KNOWN_KEYS))}")
    rule_id = data.get("id", "")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise RuleError(f"{path}: 'id' must be a kebab-case name")
    if os.path.basename(path) != rule_id + ".toml":
        raise RuleError(f"{path}: file name must be '{rule_id}.toml' to match the id")
    endpoint = data.get("endpoint", "new")
    if endpoint not in ENDPOINT_KINDS:
        raise RuleError(f"{path}: 'endpoint' must be one of {', '.join(map(repr, ENDPOINT_KINDS))}")
    roles = data.get("roles", {})
    if not isinstance(roles, dict) or not all(isinstance(v, (int, float)) for v in roles.values()):
        raise RuleError(f"{path}: 'roles' must map role names to numbers")
    return Rule(
        id=rule_id, pack=pack, description=str(data.get("description", "")),
        keywords=tuple(t for t in (phrase_terms(k) for k in _strings(data, "keywords", path)) if t),
        synonyms=_strings(data, "synonyms", path),
        record_keywords=tuple(t for t in (phrase_terms(k) for k in _strings(data, "record_keywords", path)) if t),
        roles=tuple(sorted((str(k), float(v)) for k, v in roles.items())),
        weight=float(data.get("weight", 1.0)), benefit=str(data.get("benefit", "")),
        audience=str(data.get("audience", "")),
        edge_cases=_strings(data, "edge_cases", path), acceptance=_strings(data, "acceptance", path),
        libraries=_strings(data, "libraries", path), new_modules=_strings(data, "new_modules", path),
        companions=_companions(data, path), untouched=_strings(data, "untouched", path), endpoint=endpoint,
        examples=tuple(Example(str(e.get("fixture", "")), str(e.get("feature", "")),
                               tuple(str(x) for x in e.get("expect", [])), tuple(str(x) for x in e.get("absent", [])))
                       for e in data.get("example", []) if isinstance(e, dict)),
        source=path, variants=_variants(data, path),
    )


def _variants(data: dict[str, object], path: str) -> tuple[Variant, ...]:
    """`[[variant]]` tables: keywords, the edge cases, acceptance and libraries they bring, and the
    roles they leave alone when the client already calls a route taking one of `route_takes`."""
    tables = data.get("variant", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RuleError(f"{path}: 'variant' must be a list of tables ([[variant]])")
    out = []
    for table in tables:
        unknown = sorted(set(table) - VARIANT_KEYS)
        if unknown:
            raise RuleError(f"{path}: unknown variant key {unknown[0]!r}; allowed: {', '.join(sorted(VARIANT_KEYS))}")
        keywords = tuple(t for t in (phrase_terms(k) for k in _strings(table, "keywords", path)) if t)
        if not keywords:
            raise RuleError(f"{path}: a [[variant]] needs 'keywords', the words of the title that select it")
        left_alone, route_takes = _strings(table, "left_alone", path), _strings(table, "route_takes", path)
        if bool(left_alone) != bool(route_takes):
            raise RuleError(f"{path}: a [[variant]] with 'left_alone' needs 'route_takes' (and the other way "
                            "round): the annotation that shows the client already sends what the roles would")
        out.append(Variant(keywords, _strings(table, "edge_cases", path), _strings(table, "acceptance", path),
                           _strings(table, "libraries", path), left_alone, route_takes))
    return tuple(out)


def _companions(data: dict[str, object], path: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[companions]` maps a role to roles that change with it (`client-entry = ["stylesheet"]`)."""
    table = data.get("companions", {})
    if not isinstance(table, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                              for v in table.values()):
        raise RuleError(f"{path}: 'companions' must map a role to a list of roles")
    return tuple(sorted((str(k), tuple(v)) for k, v in table.items()))


def _strings(data: dict[str, object], key: str, path: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)
