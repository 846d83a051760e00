"""Facts that need the whole file set: import targets, full route paths, calls → routes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.model import ClientCall, FileFacts, Route
from analyzers.paths import (ASSET_EXTENSIONS, PythonImports, bound_name, join, original_name, parent,
                             resolve_js, tsconfig_aliases)
from analyzers.urls import LOCAL_ORIGIN

JS_LANGUAGES = frozenset({"typescript", "javascript"})
_HOLE = re.compile(r"\{[^}]*\}")
_LEADING_CONSTANT = re.compile(r"^\{([A-Za-z_$][\w$]*)\}")
# A leading name a client URL keeps for lookup: a constant or an object constant's property.
_LEADING_NAME = re.compile(r"^\{([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\}")
_PROPERTY_ONLY = re.compile(r"\{[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*\}")
_NAMED_HOLE = re.compile(r"\{([\w.]*)\}")


@dataclass(frozen=True, slots=True)
class Link:
    """A relation between two files: `imports`, `loads` (HTML → script/style), `mounts`, `mirrors`
    (client types → server models), `exercises` (a test → the module handling a route it requests)."""

    kind: str
    source: str
    target: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """A client call with its URL made absolute where possible, and the route it reaches."""

    file: str
    call: ClientCall
    route: Route | None


@dataclass(frozen=True, slots=True)
class Relay:
    """A route a client file reaches by calling a function of another module that requests it
    (`api.listBooks()` in main.ts → `GET /api/books`, requested in `module` api/client.ts)."""

    file: str
    callee: str
    function: str
    line: int
    module: str
    route: Route


@dataclass(frozen=True, slots=True)
class Resolution:
    """`calls` are the requests a file makes itself; `relayed` the routes it reaches through
    another module's functions: a UI module's use of its API client, which makes it neither an
    API client nor, in ranking, the route's neighbour."""

    links: tuple[Link, ...]
    routes: tuple[Route, ...]
    calls: tuple[ResolvedCall, ...]
    packages: tuple[tuple[str, str], ...]
    relayed: tuple[Relay, ...] = ()


RELAY_DEPTH = 3


def resolve(files: tuple[FileFacts, ...]) -> Resolution:
    paths = frozenset(f.path for f in files)
    by_path = {f.path: f for f in files}
    aliases = _aliases(files)
    links: list[Link] = []
    packages: set[tuple[str, str]] = set()
    bindings: dict[str, dict[str, tuple[str, str]]] = {}
    python = PythonImports(paths)
    for facts in files:
        bindings[facts.path] = _file_links(facts, python, aliases, links, packages)
    routes = _full_routes(files, bindings, links)
    links.extend(_mirrors(files))
    index = RouteIndex(routes)  # shared: it builds its buckets as calls and requests ask for them
    links.extend(_exercised(files, index))
    calls = _client_calls(files, by_path, bindings, index)
    unique = {_link_key(link): link for link in links}  # the key holds every field: one link per key
    return Resolution(tuple(unique[key] for key in sorted(unique)), routes, calls, tuple(sorted(packages)),
                      _relayed_calls(files, bindings, calls))


def _mirrors(files: tuple[FileFacts, ...]) -> list[Link]:
    """Client type declarations that repeat the names of server models (`QueryRequest` in both)."""
    owners: dict[str, set[str]] = {}
    for f in files:
        if f.language == "python":
            for model in f.models:
                owners.setdefault(model.name, set()).add(f.path)
    out = []
    for f in files:
        if f.language != "typescript":
            continue
        shared: dict[str, int] = {}
        for name in {s.name for s in f.symbols if s.kind in ("interface", "type", "enum")}:
            for path in owners.get(name, ()):
                shared[path] = shared.get(path, 0) + 1
        out.extend(Link("mirrors", path, f.path) for path, count in sorted(shared.items()) if count >= 2)
    return out


def _exercised(files: tuple[FileFacts, ...], index: RouteIndex) -> list[Link]:
    """A test that sends a request to a route exercises the module that handles it (one link per
    test and module, at the first such request)."""
    first: dict[tuple[str, str], int] = {}
    for facts in files:
        for request in facts.requests:
            route = index.match(request)
            if route is not None and route.file != facts.path:
                first.setdefault((facts.path, route.file), request.line)
    return [Link("exercises", test, module, line) for (test, module), line in first.items()]


def _link_key(link: Link) -> tuple[str, str, str, int]:
    return (link.source, link.kind, link.target, link.line)


def _aliases(files: tuple[FileFacts, ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """tsconfig aliases by the folder of the tsconfig that declares them."""
    return {parent(f.path): tsconfig_aliases(f) for f in files
            if f.path.rsplit("/", 1)[-1] in ("tsconfig.json", "jsconfig.json") and f.constants}


def _aliases_for(path: str, aliases: dict[str, tuple[tuple[str, str], ...]]) -> tuple[tuple[str, str], ...]:
    folder = parent(path)
    while True:
        if folder in aliases:
            return aliases[folder]
        if not folder:
            return ()
        folder = parent(folder)


def _file_links(facts: FileFacts, python: PythonImports, aliases: dict[str, tuple[tuple[str, str], ...]],
                links: list[Link], packages: set[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Record the file's import links; return its bindings: local name → (file, attribute)."""
    bindings: dict[str, tuple[str, str]] = {}
    paths = python.files
    if facts.language == "python":
        for imp in facts.imports:
            hits = python.resolve(facts.path, imp)
            if not hits and not imp.level:
                packages.add((facts.path, imp.module.split(".")[0]))
            plain = not imp.level and imp.names and original_name(imp.names[0]) == imp.module
            for target, attr in hits:
                links.append(Link("imports", facts.path, target, imp.line))
                if plain:
                    bindings[bound_name(imp.names[0])] = (target, "")
                    continue
                for name in imp.names:
                    if attr and original_name(name) == attr:
                        bindings[bound_name(name)] = (target, attr)
                    elif not attr and (target.endswith("/" + original_name(name) + ".py")
                                       or target.endswith("/" + original_name(name) + "/__init__.py")):
                        bindings[bound_name(name)] = (target, "")
    elif facts.language in JS_LANGUAGES:
        own = _aliases_for(facts.path, aliases)
        for imp in facts.imports:
            target = resolve_js(facts.path, imp.module, paths, own) or _asset(facts.path, imp.module, paths)
            if target is None:
                if not imp.module.startswith((".", "/")):
                    packages.add((facts.path, _package_name(imp.module)))
                continue
            links.append(Link("imports", facts.path, target, imp.line))
            for name in imp.names:
                bindings[bound_name(name)] = (target, original_name(name))
    for ref in facts.scripts + facts.stylesheets:
        # A page's `src="app.js"` is a URL beside the page, never a package name.
        local = ref if ref.startswith((".", "/")) or "://" in ref else "./" + ref
        target = resolve_js(facts.path, local, paths, ()) or _asset(facts.path, ref, paths)
        if target:
            links.append(Link("loads", facts.path, target))
    return bindings


def _asset(importer: str, ref: str, paths: frozenset[str]) -> str | None:
    if not ref.lower().endswith(ASSET_EXTENSIONS):
        return None
    folder = parent(importer)
    candidates = [join(folder, ref)] if not ref.startswith("/") else []
    probe = folder
    while True:
        candidates.append(join(probe, ref.lstrip("/")))
        if not probe:
            break
        probe = parent(probe)
    return next((c for c in candidates if c in paths), None)


def _package_name(specifier: str) -> str:
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") and len(parts) > 1 else parts[0]


def _full_routes(files: tuple[FileFacts, ...], bindings: dict[str, dict[str, tuple[str, str]]],
                 links: list[Link]) -> tuple[Route, ...]:
    """Join every enclosing prefix onto each route: the app's `include_router(..., prefix=)`,
    any router that includes this one, and the router's own `APIRouter(prefix=...)`."""
    constants = _python_constants(files)

    def prefix(path: str, text: str) -> str:
        return _named_prefix(text, bindings.get(path, {}), constants, path)

    declared = {(f.path, r.name): prefix(f.path, r.prefix) for f in files for r in f.routers}
    mounts: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for facts in files:
        for mount in facts.mounts:
            where = _router_of(facts.path, mount.target, bindings.get(facts.path, {}))
            if where:
                # A class handed a router registers its routes on an attribute of its own module's.
                where = (where[0], mount.attribute) if mount.attribute else _declaration(where, bindings, declared)
                mounts.setdefault(where, []).append((facts.path, mount.app, prefix(facts.path, mount.prefix)))
                if where[0] != facts.path:
                    links.append(Link("mounts", facts.path, where[0], mount.line))
    fields = _model_fields(files)
    routes = []
    for facts in files:
        for route in facts.routes:
            # A path given by name (`{paths.ITEMS}`) is looked up like a prefix; unknown, it is no route.
            local = route.path
            if local.startswith("{"):
                local = _named_value(local, bindings.get(facts.path, {}), constants, facts.path)
                if local == "{}":
                    continue
            for outer in _prefixes((facts.path, route.router), mounts, declared, frozenset()):
                routes.append(Route(route.method, join_url(outer, local), route.handler, route.file, route.line,
                                    route.router, _accepted(route, fields), route.types))
    return tuple(sorted(set(routes), key=lambda r: (r.path, r.method, r.file, r.line)))


def _model_fields(files: tuple[FileFacts, ...]) -> dict[str, tuple[str, ...]]:
    """Each Pydantic model's fields, its bases' first (`BookCreate(BookBase)`); the first file in
    path order declaring a name wins."""
    models = {}
    for facts in files:
        for model in facts.models:
            models.setdefault(model.name, model)
    fields: dict[str, tuple[str, ...]] = {}

    def of(name: str, seen: frozenset[str]) -> tuple[str, ...]:
        if name in fields:
            return fields[name]
        model = models[name]
        inherited = [f for base in model.bases if base in models and base not in seen for f in of(base, seen | {name})]
        return tuple(dict.fromkeys([*inherited, *model.fields]))
    for name in models:
        fields[name] = of(name, frozenset({name}))
    return fields


def _accepted(route: Route, fields: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The route's parameter names and the fields of the models its annotations name."""
    return tuple(dict.fromkeys([*route.params, *(f for name in route.types for f in fields.get(name, ()))]))


def _prefixes(router: tuple[str, str], mounts: dict[tuple[str, str], list[tuple[str, str, str]]],
              declared: dict[tuple[str, str], str], seen: frozenset[tuple[str, str]]) -> list[str]:
    own = declared.get(router, "")
    parents = mounts.get(router, [])
    if not parents or router in seen:
        return [join_url("", own)]
    out = set()
    for file, app, prefix in parents:
        for outer in _prefixes((file, app), mounts, declared, seen | {router}):
            out.add(join_url(join_url(outer, prefix), own))
    return sorted(out)


def _python_constants(files: tuple[FileFacts, ...]) -> dict[str, dict[str, set[str]]]:
    """Each Python file's URL-path constants: name → the values it is given there."""
    out: dict[str, dict[str, set[str]]] = {}
    for facts in files:
        if facts.language == "python" and facts.constants:
            named = out.setdefault(facts.path, {})
            for name, value in facts.constants:
                named.setdefault(name, set()).add(value)
    return out


def _named_prefix(prefix: str, own: dict[str, tuple[str, str]], constants: dict[str, dict[str, set[str]]],
                  path: str) -> str:
    """A prefix with its names looked up: `{settings.API_V1_STR}` → `/api/v1` when `settings` is
    imported from the module whose settings class sets it (or the name is this module's or one it
    imports). A name with no single value is a hole, and a prefix that is only such a name is none."""
    filled = _named_value(prefix, own, constants, path)
    return "" if filled == "{}" else filled


def _named_value(text: str, own: dict[str, tuple[str, str]], constants: dict[str, dict[str, set[str]]],
                 path: str) -> str:
    """`text` with each `{name}` replaced by its one value, or by `{}` when it has none."""
    if "{" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        head, _, attr = name.rpartition(".")
        if head:
            bound = own.get(head.split(".", 1)[0])
            found = constants.get(bound[0], {}).get(attr, set()) if bound else set()
        else:
            bound = own.get(name)
            where, key = bound if bound and bound[1] else (path, name)
            found = constants.get(where, {}).get(key, set())
        return next(iter(found)) if len(found) == 1 else "{}"

    return _NAMED_HOLE.sub(value, text)


def _declaration(router: tuple[str, str], bindings: dict[str, dict[str, tuple[str, str]]],
                 declared: dict[tuple[str, str], str]) -> tuple[str, str]:
    """Where a mounted router is declared, following the imports that re-export it: a package's
    `__init__.py` with `from .v1 import router as api_router` hands on v1's router."""
    seen = set()
    while router not in declared and router not in seen:
        seen.add(router)
        bound = bindings.get(router[0], {}).get(router[1])
        if not bound or not bound[1]:
            break
        router = bound
    return router


def _router_of(path: str, target: str, bindings: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head, attr = ".".join(parts[:cut]), ".".join(parts[cut:])
        if head in bindings and not bindings[head][1] and "." not in attr:
            return bindings[head][0], attr
    if target in bindings and bindings[target][1]:
        return bindings[target]
    if len(parts) == 1:
        return path, target
    return None


def join_url(prefix: str, path: str) -> str:
    return "/" + "/".join(p for p in (prefix.strip("/"), path.strip("/")) if p)


def _client_calls(files: tuple[FileFacts, ...], by_path: dict[str, FileFacts],
                  bindings: dict[str, dict[str, tuple[str, str]]], index: RouteIndex) -> tuple[ResolvedCall, ...]:
    constants = _unique_constants(files)
    out: list[ResolvedCall] = []
    for facts in files:
        if facts.language not in JS_LANGUAGES:
            continue
        own = bindings.get(facts.path, {})
        calls = list(facts.client_calls) + _wrapped_calls(facts, own, by_path)
        for call in calls:
            url = LOCAL_ORIGIN.sub("", _substitute(call.url, facts, own, by_path, constants)) or "/"
            if _PROPERTY_ONLY.fullmatch(url):
                continue  # `fetch(config.url)` with no value found: no route to match it to
            fixed = ClientCall(call.method, url, call.via, call.function, call.line)
            out.append(ResolvedCall(facts.path, fixed, index.match(fixed)))
    return tuple(sorted(set(out), key=lambda c: (c.file, c.call.line, c.call.url, c.call.method)))


def _wrapped_calls(facts: FileFacts, own: dict[str, tuple[str, str]],
                   by_path: dict[str, FileFacts]) -> list[ClientCall]:
    """Calls to a wrapper imported from another module, e.g. `request('/items', {method: 'POST'})`."""
    out = []
    for site in facts.call_sites:
        imported = _imported(site.callee, own)
        if imported is None or imported[0] not in by_path:
            continue
        module, wanted = imported
        for wrapper in by_path[module].wrappers:
            if wrapper.name in wanted:
                method = site.method or wrapper.method
                out.append(ClientCall(method, wrapper.prefix + site.url, site.callee, site.function, site.line))
    return out


def _imported(callee: str, own: dict[str, tuple[str, str]]) -> tuple[str, frozenset[str]] | None:
    """The module a called name comes from (`own`: the file's import bindings) and the names the
    function may be defined under there: `api.query()` after `import { api }` calls `api.query`,
    after `import * as api` a plain `query`; both are tried."""
    head, _, rest = callee.partition(".")
    target = own.get(head)
    if not target:
        return None
    module, exported = target
    return module, frozenset({rest, f"{exported}.{rest}" if rest else exported, callee}) - {""}


def _relayed_calls(files: tuple[FileFacts, ...], bindings: dict[str, dict[str, tuple[str, str]]],
                   calls: tuple[ResolvedCall, ...]) -> tuple[Relay, ...]:
    """The routes each client file reaches by calling imported functions that request them, through
    up to RELAY_DEPTH modules (a page → its hook → the API client)."""
    reaching: dict[tuple[str, str], set[Route]] = {}  # (file, function) → the routes it reaches
    for call in calls:
        if call.route is not None and call.call.function:
            reaching.setdefault((call.file, call.call.function), set()).add(call.route)
    found: set[Relay] = set()
    for _ in range(RELAY_DEPTH):
        fresh: dict[tuple[str, str], set[Route]] = {}
        for facts in files:
            own = bindings.get(facts.path, {}) if facts.uses else {}
            for use in facts.uses:
                imported = _imported(use.callee, own)
                if imported is None or imported[0] == facts.path:
                    continue
                module, names = imported
                for name in sorted(names):
                    for route in reaching.get((module, name), ()):
                        relay = Relay(facts.path, use.callee, use.function, use.line, module, route)
                        if relay not in found:
                            found.add(relay)
                            fresh.setdefault((facts.path, use.function), set()).add(route)
        if not fresh:
            break
        reaching = fresh
    return tuple(sorted(found, key=lambda r: (r.file, r.line, r.callee, r.route.method, r.route.path, r.module)))


def _unique_constants(files: tuple[FileFacts, ...]) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for facts in files:
        if facts.language in JS_LANGUAGES:
            for name, value in facts.constants:
                seen.setdefault(name, set()).add(value)
    return {name: next(iter(values)) for name, values in seen.items() if len(values) == 1}


def _substitute(url: str, facts: FileFacts, own: dict[str, tuple[str, str]],
                by_path: dict[str, FileFacts], constants: dict[str, str]) -> str:
    """The names a client URL starts with, looked up (`{API_BASE_URL}{ITEMS_PATH}/x` → `/api/items/x`).
    An unknown first name stays, for the route matcher to match on the tail; a later unknown one is a
    hole, or nothing when it ends the URL after a known path (the query string a helper built)."""
    names = []
    rest = url
    while match := _LEADING_NAME.match(rest):
        names.append(match.group(1))
        rest = rest[match.end():]
    if not names:
        return url
    values = [_constant_value(name, facts, own, by_path, constants) for name in names]
    if any(v is not None for v in values[1:]):  # a hole glued on after a known path is a query string
        if rest == "{}":  # `{API_BASE_URL}{ITEMS_PATH}{}`
            rest = ""
        if not rest and values[-1] is None:  # `{API_BASE_URL}{ITEMS_PATH}{query}`
            values.pop()
    path = "/"
    for at, value in enumerate(values):
        if at or value is not None:
            path = join_url(path, "{}" if value is None else value)
    path = join_url(path, rest) if rest else path
    if values[0] is not None:
        return path
    return "{" + names[0] + "}" + (path if path != "/" else "")


def _constant_value(name: str, facts: FileFacts, own: dict[str, tuple[str, str]],
                    by_path: dict[str, FileFacts], constants: dict[str, str]) -> str | None:
    """A client constant's value: this file's, the module's it is imported from, else the one value
    the name has across files; a full URL keeps only its path."""
    value = dict(facts.constants).get(name)
    head, _, attribute = name.partition(".")
    if value is None and head in own and own[head][0] in by_path:  # `API_ENDPOINTS.LIST` from its module
        key = ".".join(part for part in (own[head][1], attribute) if part) or head
        value = dict(by_path[own[head][0]].constants).get(key)
    if value is None:
        value = constants.get(name)
    if value is not None and value.startswith("http"):
        return _strip_origin(value)
    return value


def _strip_origin(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else ""


class RouteIndex:
    """Routes split into segments once and bucketed, for matching calls: a call is compared with
    the routes that could match it, not with all of them."""

    def __init__(self, routes: tuple[Route, ...]) -> None:
        self.by_method: dict[str, list[tuple[int, list[str], Route]]] = {}
        for number, route in enumerate(routes):
            self.by_method.setdefault(route.method, []).append((number, path_segments(route.path), route))
        # (method, segment count, position) → segment there → routes, in order: built when asked.
        self.at: dict[tuple[str, int, int], dict[str, list[tuple[int, list[str], Route]]]] = {}

    def _bucket(self, method: str, size: int, at: int) -> dict[str, list[tuple[int, list[str], Route]]]:
        bucket = self.at.get((method, size, at))
        if bucket is None:
            bucket = self.at[(method, size, at)] = {}
            for entry in self.by_method.get(method, []):
                if len(entry[1]) == size:
                    bucket.setdefault(entry[1][at], []).append(entry)
        return bucket

    def match(self, call: ClientCall) -> Route | None:
        """The route a call reaches: same method and segments (holes match anything); of several,
        the one spelling out most of the call's segments (`/items/export` before `/items/{id}`,
        whichever module declares them first), then the first in order.

        When the client URL still starts with an unknown constant, or the dev proxy strips a
        prefix, the call matches the route whose path ends with the call's known segments.
        """
        url = call.url.split("?", 1)[0]
        unknown_prefix = bool(_LEADING_CONSTANT.match(url))
        segments = path_segments(_LEADING_CONSTANT.sub("", url))
        size = len(segments)
        # Only routes with as many segments, and the call's last known segment (or a hole) in
        # its place, can match in full; `at` is -1 when the call has no known segment.
        at = max((i for i, s in enumerate(segments) if s != "{}"), default=-1)
        if unknown_prefix and at < 0 and segments:  # `{API_BASE_URL}{}`: nothing known to match on
            return None
        bucket = self._bucket(call.method, size, max(at, 0)) if size else {}
        hits = [e for key in ((segments[at], "{}") if at >= 0 else tuple(bucket)) for e in bucket.get(key, ())
                if _same(e[1], segments)]
        if hits:
            return min(hits, key=lambda entry: (-_spelled(entry[1], segments), entry[0]))[2]
        if not segments:
            return next((route for _, candidate, route in self.by_method.get(call.method, []) if not candidate), None)
        known = (segments[at], "{}") if at >= 0 else ()
        tail = [(_spelled(candidate[-size:], segments), route)
                for _, candidate, route in self.by_method.get(call.method, [])
                if len(candidate) > size and (at < 0 or candidate[at - size] in known)
                and _same(candidate[-size:], segments)]
        # `/account` is `/api/account`, not `/api/items/{id}` whose parameter would take any word.
        most = max((spelled for spelled, _ in tail), default=0)
        tail = [route for spelled, route in tail if spelled == most]
        # One path declared in two modules (an app being split up) is still one route to match.
        return tail[0] if tail and (unknown_prefix or len({r.path for r in tail}) == 1) else None


def path_segments(path: str) -> list[str]:
    """A route path's segments, each parameter as `{}`: `/items/{id}` and `/items/{item_id}` match."""
    return ["{}" if _HOLE.fullmatch(s) else s for s in path.strip("/").split("/") if s]


def _same(left: list[str], right: list[str]) -> bool:
    return len(left) == len(right) and all(a == b or "{}" in (a, b) for a, b in zip(left, right))


def _spelled(route: list[str], call: list[str]) -> int:
    """How many segments the route spells out where the call does too (not one of them a hole)."""
    return sum(a == b != "{}" for a, b in zip(route, call))
