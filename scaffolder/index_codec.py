"""Columnar JSON forms of the repository index's parts (see `scaffolder.repo_index`).

Paths become positions in the index's file list and repeated strings positions in a small table,
and each part is a few long flat lists rather than thousands of little records: on a large
repository that decodes, and is checked, in bulk rather than one Python call per record.
Every decoder checks what it reads (types, positions in range) and raises `Damaged` otherwise.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from analyzers.model import ClientCall, Route
from analyzers.resolve import Link, Relay, Resolution, ResolvedCall
from rules.evidence import Evidence
from rules.propagate import Neighbour, Neighbours

MAX_COUNT = 10_000_000
# A stem's postings, column by column: files, fields, counts, sample words; and one part of them
# as JSON text, column by column.
PostingColumns = tuple[list[int], list[int], list[int], list[str]]
PostingPart = tuple[bytes, bytes, bytes, bytes]


class Damaged(ValueError):
    """A part of the index that is not what this code writes."""


def check(ok: bool) -> None:
    if not ok:
        raise Damaged("not an index this code wrote")


def of_type(values: Any, kind: type) -> list[Any]:
    check(type(values) is list and set(map(type, values)) <= {kind})
    return values  # type: ignore[no-any-return]


def positions(values: Any, size: int) -> list[int]:
    """A list of positions into a table of `size` entries."""
    of_type(values, int)
    check(not values or (min(values) >= 0 and max(values) < size))
    return values  # type: ignore[no-any-return]


def string_table(values: Iterable[str]) -> tuple[list[str], dict[str, int]]:
    table = sorted(set(values))
    return table, {text: number for number, text in enumerate(table)}


# --- resolution -----------------------------------------------------------------------------

# Field names of the records stored column by column, each column of one type ("file" a position).
_ROUTE = ("method", "path", "handler", "file", "line", "router", "params", "types")
_CALL = ("method", "url", "via", "function", "line")
_RELAY = ("file", "callee", "function", "line", "module")
_TYPES = {"line": int, "file": int, "module": int, "params": list, "types": list}
_NAME_LISTS = ("params", "types")


def encode_resolution(resolution: Resolution, number: dict[str, int]) -> list[Any]:
    kinds, kind_ids = string_table(link.kind for link in resolution.links)
    route_ids = {route: n for n, route in enumerate(resolution.routes)}
    links = resolution.links
    return [kinds, [kind_ids[x.kind] for x in links], [number[x.source] for x in links],
            [number[x.target] for x in links], [x.line for x in links],
            [[getattr(r, name) if name != "file" else number[r.file] for r in resolution.routes] for name in _ROUTE],
            *_encode_calls(resolution.calls, number, route_ids),
            [[number[path] for path, _ in resolution.packages], [name for _, name in resolution.packages]],
            _encode_relayed(resolution.relayed, number, route_ids)]


def _encode_relayed(relayed: tuple[Relay, ...], number: dict[str, int], route_ids: dict[Route, int]) -> list[Any]:
    check(all(r.route in route_ids for r in relayed))
    return [[getattr(r, name) if name not in ("file", "module") else number[getattr(r, name)] for r in relayed]
            for name in _RELAY] + [[route_ids[r.route] for r in relayed]]


def _encode_calls(calls: tuple[ResolvedCall, ...], number: dict[str, int],
                  route_ids: dict[Route, int]) -> list[Any]:
    # A call reaches one of the resolved routes (the same object); stored as its position.
    check(all(c.route is None or c.route in route_ids for c in calls))
    return [[number[c.file] for c in calls], [[getattr(c.call, name) for c in calls] for name in _CALL],
            [-1 if c.route is None else route_ids[c.route] for c in calls]]


def decode_resolution(raw: Any, paths: tuple[str, ...]) -> Resolution:
    kinds, kind_ids, sources, targets, lines, routes_raw, call_files, calls_raw, call_routes, packages_raw, relayed = raw
    size = len(paths)
    of_type(kinds, str)
    columns = (positions(kind_ids, len(kinds)), positions(sources, size), positions(targets, size),
               of_type(lines, int))
    check(len({len(c) for c in columns}) == 1)
    links = tuple(map(Link, [kinds[k] for k in kind_ids], [paths[s] for s in sources],
                      [paths[t] for t in targets], lines))
    route_columns = _columns(routes_raw, _ROUTE, size)
    at = _ROUTE.index("file")
    route_columns[at] = [paths[f] for f in route_columns[at]]
    for name in _NAME_LISTS:
        at = _ROUTE.index(name)
        route_columns[at] = [tuple(of_type(names, str)) for names in route_columns[at]]
    routes = tuple(map(Route, *route_columns))
    calls = _decode_calls([call_files, calls_raw, call_routes], paths, routes)
    package_files, package_names = packages_raw
    check(len(positions(package_files, size)) == len(of_type(package_names, str)))
    packages = tuple(zip([paths[p] for p in package_files], package_names))
    return Resolution(links, routes, calls, packages, _decode_relayed(relayed, paths, routes))


def _decode_relayed(raw: Any, paths: tuple[str, ...], routes: tuple[Route, ...]) -> tuple[Relay, ...]:
    check(type(raw) is list and len(raw) == len(_RELAY) + 1)
    columns = _columns(raw[:-1], _RELAY, len(paths))
    for name in ("file", "module"):
        at = _RELAY.index(name)
        columns[at] = [paths[p] for p in columns[at]]
    found = positions(raw[-1], len(routes))
    check(all(len(column) == len(found) for column in columns))
    return tuple(map(Relay, *columns, [routes[r] for r in found]))


def _decode_calls(raw: Any, paths: tuple[str, ...], routes: tuple[Route, ...]) -> tuple[ResolvedCall, ...]:
    check(type(raw) is list and len(raw) == 3)
    call_files, calls_raw, call_routes = raw
    call_facts = list(map(ClientCall, *_columns(calls_raw, _CALL, len(paths))))
    check(len(call_files) == len(call_facts) == len(call_routes))
    files = [paths[f] for f in positions(call_files, len(paths))]
    of_type(call_routes, int)
    check(not call_routes or (min(call_routes) >= -1 and max(call_routes) < len(routes)))
    found = [None if r < 0 else routes[r] for r in call_routes]
    return tuple(map(ResolvedCall, files, call_facts, found))


def _columns(raw: Any, names: tuple[str, ...], size: int) -> list[list[Any]]:
    """Equal-length columns, each of its field's type (a "file" column: positions among `size`)."""
    check(type(raw) is list and len(raw) == len(names))
    for name, column in zip(names, raw):
        of_type(column, _TYPES.get(name, str))
        if name in ("file", "module"):
            positions(column, size)
    check(len({len(column) for column in raw}) <= 1)
    return list(raw)


def rows(values: Any, types: tuple[type, ...], path_at: int, size: int) -> list[list[Any]]:
    """Rows of exactly these scalar types; column `path_at` (if >= 0) a position among `size` files."""
    check(type(values) is list)
    for row in values:
        check(type(row) is list and len(row) == len(types) and all(type(v) is t for v, t in zip(row, types)))
        check(path_at < 0 or 0 <= row[path_at] < size)
    return values  # type: ignore[no-any-return]


# --- neighbours -----------------------------------------------------------------------------

def encode_near(near: Neighbours, number: dict[str, int]) -> list[Any]:
    """Each neighbour's relation (a verb, and the route for a route call) is stored once, in a table."""
    relations: dict[tuple[str, str], int] = {}
    targets, ends, sources, weights, words = [], [], [], [], []
    for path, entries in near.items():
        targets.append(number[path])
        for neighbour in entries:
            sources.append(number[neighbour.path])
            weights.append(neighbour.weight)
            words.append(relations.setdefault((neighbour.verb, neighbour.route), len(relations)))
        ends.append(len(sources))
    return [targets, ends, sources, weights, words, [list(r) for r in relations]]


def decode_near(raw: Any, paths: tuple[str, ...]) -> Neighbours:
    targets, ends, sources, weights, words, relations = raw
    size = len(paths)
    positions(targets, size)
    of_type(ends, int)
    check(len(targets) == len(ends) and all(a <= b for a, b in zip([0, *ends], ends)))
    check(len(sources) == len(weights) == len(words) == (ends[-1] if ends else 0))
    positions(sources, size)
    check(all(0.0 <= w <= 1.0 for w in of_type(weights, float)))  # also rules out NaN and infinities
    positions(words, len(rows(relations, (str, str), -1, 0)))
    entries = [Neighbour(paths[s], w, *relations[r]) for s, w, r in zip(sources, weights, words)]
    out: Neighbours = {}
    start = 0
    for target, end in zip(targets, ends):
        out[paths[target]] = tuple(entries[start:end])
        start = end
    return out


# --- roles, lengths, postings ---------------------------------------------------------------

def encode_roles(roles: dict[str, tuple[str, ...]], paths: tuple[str, ...]) -> list[Any]:
    """[role table, how many roles each file has, the roles one after another]."""
    table, ids = string_table(r for held in roles.values() for r in held)
    return [table, [len(roles[path]) for path in paths], [ids[r] for path in paths for r in roles[path]]]


def decode_roles(raw: Any, paths: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    table, counts, ids = raw
    of_type(table, str)
    positions(ids, len(table))
    check(len(of_type(counts, int)) == len(paths) and min(counts, default=0) >= 0 and sum(counts) == len(ids))
    names = [table[i] for i in ids]
    out = {}
    start = 0
    for path, count in zip(paths, counts):
        out[path] = tuple(names[start:start + count])
        start += count
    return out


def encode_lengths(evidence: tuple[Evidence, ...]) -> list[int]:
    return [n for ev in evidence for _, n in ev.lengths]


def encode_postings(evidence: Iterable[tuple[int, Evidence]]) -> dict[str, PostingColumns]:
    """stem → its postings over these (file number, evidence) pairs: the file, field, count and
    sample word of each entry, column by column."""
    found: dict[str, PostingColumns] = {}
    for number, ev in evidence:
        for field, (_name, entries) in enumerate(ev.fields):
            for stem, count, sample in entries:
                columns = found.get(stem)
                if columns is None:
                    columns = found[stem] = ([], [], [], [])
                files, fields, counts, samples = columns
                files.append(number)
                fields.append(field)
                counts.append(count)
                samples.append(sample)
    return found


def postings_parts(evidence: Iterable[tuple[int, Evidence]]) -> dict[str, PostingPart]:
    """`encode_postings`, each column as the JSON text of its items (without brackets).

    A stem's postings line is made of such parts, made apart (each batch of files analysed in a
    worker makes its own), by joining the texts column by column (`postings_line`): no reader
    depends on the order of the entries."""
    return {stem: (_ints(files), _ints(fields), _ints(counts),
                   json.dumps(samples, ensure_ascii=False)[1:-1].encode("utf-8", "surrogatepass"))
            for stem, (files, fields, counts, samples) in encode_postings(evidence).items()}


def _ints(values: list[int]) -> bytes:
    return ",".join(map(str, values)).encode()


def postings_line(parts: list[PostingPart]) -> bytes:
    """A stem's postings line from its parts (none empty): [files, fields, counts, samples]."""
    columns = [b",".join([part[column] for part in parts]) for column in range(4)]
    return b"[[" + b"],[".join(columns) + b"]]\n"


def joined_postings(line: Any, size: int, width: int) -> PostingColumns:
    """A stem's postings line, checked: (files, fields, counts, samples)."""
    check(type(line) is list and len(line) == 4 and all(type(column) is list for column in line))
    files, fields, counts, samples = line
    check(len(files) == len(fields) == len(counts) == len(samples))
    # Bounds alone for the numbers (a warm run reads thousands of them): anything but a number
    # fails the comparisons, and one that is not an int fails where it is used as an index.
    check(not files or (min(files) >= 0 and max(files) < size and min(fields) >= 0 and max(fields) < width
                        and min(counts) > 0 and max(counts) < MAX_COUNT))
    of_type(samples, str)
    return files, fields, counts, samples


def decode_evidence(postings: list[tuple[str, Any]], lengths: Any, fields: list[str],
                    paths: tuple[str, ...]) -> tuple[Evidence, ...]:
    """Every file's evidence holding only the given stems' entries (each stem's postings line),
    with its full field lengths."""
    width, size = len(fields), len(paths)
    of_type(lengths, int)
    check(len(lengths) == width * size and (not lengths or min(lengths) >= 0))
    found: dict[int, list[tuple[str, int, str]]] = {}  # file * width + field → entries, by stem
    for stem, line in postings:
        files, field_ids, counts, samples = joined_postings(line, size, width)
        slots = [number * width + field for number, field in zip(files, field_ids)]
        for slot, entry in zip(slots, zip(repeat(stem), counts, samples)):
            held = found.get(slot)
            if held is None:
                found[slot] = [entry]
            else:
                held.append(entry)
    hit = {slot // width for slot in found}
    empty = tuple((name, ()) for name in fields)
    out = []
    for number, path in enumerate(paths):
        base = number * width
        entries = empty if number not in hit else tuple(
            (name, tuple(found.get(base + j, ()))) for j, name in enumerate(fields))
        out.append(Evidence(path, entries, tuple(zip(fields, lengths[base:base + width]))))
    return tuple(out)
