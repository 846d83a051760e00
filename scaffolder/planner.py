"""From an analysis to a Plan: which files, routes, tests and commands, with reasons."""
from __future__ import annotations

import posixpath
import re

from analyzers.graph import distinct_routes, test_subject
from analyzers.model import WEBSOCKET, FileFacts, Route
from analyzers.resolve import path_segments
from rules.model import FileChoice, Rule
from rules.roles import DECLARATIVE_ROLES, TEST_ROLES
from rules.terms import terms
from scaffolder import phrasing, prose
from scaffolder.analysis import Analysis
from scaffolder.commands import (client_test_command, server_port, server_test_command, start_command,
                                 validation_commands)
from scaffolder.conventions import (client_extension, client_source_folder, client_test_path_for, logic_folder,
                                    module_suffix, test_path_for)
from scaffolder.plan import FileEntry, Plan, ProposedRoute, RouteEntry, TestEntry
from scaffolder.slug import slugify

_USER_NOUN = re.compile(r"\b(?:for|helps?|lets?|allows?)\s+(?:\w+\s+)?(analysts|developers|teams|readers|cooks|"
                        r"home cooks|students|teachers|admins|administrators|customers|engineers|managers|"
                        r"researchers|writers|players|users)\b", re.I)
_VERB_METHOD = (("delet", "DELETE"), ("remov", "DELETE"), ("updat", "PUT"), ("edit", "PUT"), ("renam", "PUT"),
                ("export", "GET"), ("download", "GET"), ("list", "GET"), ("show", "GET"), ("histori", "GET"),
                ("preview", "GET"), ("search", "GET"), ("filter", "GET"))


def build_plan(feature: str, kind: str, analysis: Analysis) -> Plan:
    ranking = analysis.ranking
    rules = ranking.rules
    files = tuple(_entry(c) for c in ranking.chosen)
    routes = _routes(analysis, ranking.terms, {c.path for c in ranking.chosen})
    new_files = tuple(_named_files(analysis, feature, files))
    suggested = tuple(e for e in _new_files(analysis, rules, feature, files) if e not in new_files)
    # A report ("Users can't log in") asks for a fix, not for a new endpoint.
    asks = kind == "feature" and not phrasing.is_report(feature)
    proposed = _proposed_routes(analysis, rules, feature, files, routes) if asks else ()
    tests = _tests(analysis, files, new_files, feature)
    focused = tuple(t.path for t in tests if t.status == "existing" and "server-test" in analysis.roles(t.path))
    commands = validation_commands(analysis, focused)
    readme = next((analysis.by_path[p] for p in sorted(analysis.by_path) if p.lower() == "readme.md"), None)
    app_name = _app_name(analysis, readme)
    summary = readme.summary if readme else ""
    shown = prose.markdown_safe(feature)
    name = prose.feature_name(phrasing.title(shown))
    base = dict(
        feature=shown, feature_text=feature, name=name, slug=slugify(prose.first_line(feature)), kind=kind, app_name=app_name,
        app_summary=prose.first_sentence(summary), user_type=phrasing.actor(shown) or _audience(rules) or _user_type(summary), action=phrasing.action(shown),
        benefit=phrasing.purpose(shown) or next((r.benefit for r in rules if r.benefit),
                                                 "I can get this done inside the app without a workaround"),
        files=files, new_files=new_files, suggested_files=suggested, routes=routes, proposed_routes=proposed, tests=tests, commands=commands,
        e2e_checks=_e2e(analysis, proposed, () if prose.leaves_routes(rules) else routes),
        start_command=start_command(analysis) or "", server_port=server_port(analysis) or 0,
        skipped=tuple(str(d) for d in analysis.repo.diagnostics), rules=tuple(r.id for r in rules),
        files_read=len(analysis.repo.files),
    )
    return prose.complete(base, analysis, rules)


_MANIFESTS = ("package.json", "pyproject.toml")
# Names of a part of the app, not of the app: `client`, `frontend`, `my-app`.
_PART_NAMES = frozenset("client server frontend backend app web api ui my vite project".split())


def _app_name(analysis: Analysis, readme: FileFacts | None) -> str:
    """The README's title when it is a level-1 heading, else the name the top-most package manifest
    gives the project: a README opening with "## Getting Started" names a step, not the app."""
    if readme and readme.title and any(s.level == 1 and s.title == readme.title for s in readme.sections):
        return readme.title
    manifests = sorted((p.count("/"), p) for p in analysis.by_path if posixpath.basename(p) in _MANIFESTS)
    names = (analysis.by_path[p].title for _, p in manifests)
    return next((n for n in names if n and not set(re.findall(r"[a-z]+", n.lower())) <= _PART_NAMES), "the application")


def _entry(choice: FileChoice) -> FileEntry:
    return FileEntry(choice.path, "modify", choice.reason, choice.score, choice.roles)


def _routes(analysis: Analysis, query: tuple[str, ...], chosen: set[str]) -> tuple[RouteEntry, ...]:
    """Routes handled or called by chosen files, those matching the feature's words first."""
    callers: dict[tuple[str, str], set[str]] = {}  # by method and path: two routes may share them
    for call in analysis.resolution.calls:
        if call.route is not None:
            callers.setdefault((call.route.method, call.route.path), set()).add(call.file)
    for relay in analysis.resolution.relayed:  # a UI module reaching it through its API client
        callers.setdefault((relay.route.method, relay.route.path), set()).add(relay.file)
    wanted = set(query)
    scored = []
    for route in distinct_routes(analysis.resolution.routes):
        if route.file not in chosen and not (callers.get((route.method, route.path), set()) & chosen):
            continue
        scored.append((prose.route_distance(wanted, route), route.path, route.method, route))
    scored.sort(key=lambda item: item[:3])
    keep = [item[3] for item in scored if item[0][0] < 0][:6] or [item[3] for item in scored][:4]

    def split(route: Route) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The route's callers in the app, and the test files that call it."""
        every = sorted(callers.get((route.method, route.path), ()))
        tests = tuple(path for path in every if set(analysis.roles(path)) & TEST_ROLES)
        return tuple(path for path in every if path not in tests), tests

    return tuple(RouteEntry(r.method, r.path, r.handler, r.file, r.line, *split(r)) for r in keep)


_PASCAL = re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b")
# A PascalCase word is a component only when it ends like one (`CourseUnlockModal`); otherwise it is
# more likely a product or library name (`OpenClaw`, `GitHub`, `PostgreSql`).
_COMPONENT_ENDINGS = frozenset(
    "Modal Dialog Card Panel Button Form List View Page Widget Table Chart Selector Picker Bar Menu Badge Banner "
    "Tab Tabs Toggle Input Field Header Footer Sidebar Drawer Toast Tooltip Overlay Grid Row Item Section Layout "
    "Screen Editor Viewer Preview Dropdown Switch Slider Spinner Loader Icon Avatar Popover Wizard Stepper "
    "Calendar Timeline Filter Filters Search Box Container Provider Summary Pagination Status Indicator Graph Feed "
    "Gallery Carousel Player Uploader Dropzone Zone Tile Chip Tag Label Nav Navbar Breadcrumb Alert Notification "
    "Progress Meter Counter Component Shell Tray Pane Popup Banner Board Dashboard".split())
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def _named_files(analysis: Analysis, feature: str, chosen: tuple[FileEntry, ...]) -> list[FileEntry]:
    """Files for code names the feature spells out (`CourseUnlockModal`) that the repo lacks."""
    if not _PASCAL.search(feature) and not _SNAKE.search(feature):
        return []  # most features name no code: no need to list every file's name
    known = {posixpath.basename(p).split(".", 1)[0] for p in analysis.by_path}
    known |= analysis.symbol_names()
    out = []
    for name in dict.fromkeys(_PASCAL.findall(feature)):
        if name not in known and re.findall(r"[A-Z][a-z0-9]*", name)[-1] in _COMPONENT_ENDINGS:
            folder = _component_folder(analysis, chosen)
            if folder:
                out.append(FileEntry(posixpath.join(folder, name + client_extension(analysis, component=True)),
                                     "new", f"the feature names the component `{name}`, which does not exist yet; "
                                     f"it sits beside the components it works with", 0.0, ("component",)))
    for name in dict.fromkeys(_SNAKE.findall(feature)):
        folder = logic_folder(analysis)
        if name not in known and folder:
            out.append(FileEntry(posixpath.join(folder, name + ".py"), "new",
                                 f"the feature names `{name}`, which does not exist yet", 0.0, ("core-logic",)))
    return out


def _component_folder(analysis: Analysis, chosen: tuple[FileEntry, ...]) -> str | None:
    """Beside the components (else UI modules) the feature works with, else the app's own."""
    for role in ("component", "ui-module"):
        near = [f.path for f in chosen if role in f.roles and "client-entry" not in f.roles]
        every = [p for p in analysis.with_role(role) if "client-entry" not in analysis.roles(p)]
        if near or every:
            return posixpath.dirname((near or every)[0])
    return client_source_folder(analysis)


def _new_files(analysis: Analysis, rules: tuple[Rule, ...], feature: str,
               chosen: tuple[FileEntry, ...] = ()) -> tuple[FileEntry, ...]:
    """Files the feature names, and conventional new modules for intents that call for one: named
    after the rule's noun when the feature says it (`export`), else after the feature's subject
    (`wishlist` for "Add a wishlist so shoppers can save products", not the history rule's noun)."""
    out: list[FileEntry] = _named_files(analysis, feature, chosen)
    hit_rules = {r.id for r in rules if r.keywords and any(k for k in r.keywords)}
    said = set(terms(feature))
    names: list[str] = []  # every file's name, listed once when a rule first asks
    for rule in rules:
        for spec in rule.new_modules:
            side, _, noun = spec.partition(":")
            if rule.id not in hit_rules:
                continue
            if not set(terms(noun)) <= said:
                words = prose.main_noun(feature).split("-")
                noun = "_".join(words) if side == "server" else words[0] + "".join(w.title() for w in words[1:])
            names = names or [posixpath.basename(p) for p in analysis.by_path]
            if any(noun in name for name in names):
                continue
            entry = _server_module(analysis, noun, rule) if side == "server" else _client_module(analysis, noun, rule)
            if entry and entry.path not in analysis.by_path and all(e.path != entry.path for e in out):
                out.append(entry)
    for entry in list(out):
        if entry.path.endswith(".py"):
            test = test_path_for(analysis, entry.path)
            if test and test not in analysis.by_path:
                out.append(FileEntry(test, "new", f"unit tests for {entry.path}, following the existing test layout", 0.0,
                                     ("server-test",)))
    return tuple(out[:4])


def _server_module(analysis: Analysis, noun: str, rule: Rule) -> FileEntry | None:
    folder = logic_folder(analysis)
    if folder is None:
        return None
    suffix = module_suffix(analysis, folder)
    path = posixpath.join(folder, f"{noun}{suffix}.py")
    siblings = sorted(p for p in analysis.with_role("core-logic") if posixpath.dirname(p) == folder)[:2]
    like = f", alongside {', '.join(siblings)}" if siblings else ""
    return FileEntry(path, "new", f"{rule.id}: keeps the {noun} logic out of the route handler{like}", 0.0, ("core-logic",))


def _client_module(analysis: Analysis, noun: str, rule: Rule) -> FileEntry | None:
    folder = client_source_folder(analysis)
    if folder is None:
        return None
    path = posixpath.join(folder, noun + client_extension(analysis))
    return FileEntry(path, "new", f"{rule.id}: a {noun} UI module imported by the main UI module", 0.0, ("ui-module",))


def _proposed_routes(analysis: Analysis, rules: tuple[Rule, ...], feature: str,
                     files: tuple[FileEntry, ...], routes: tuple[RouteEntry, ...]) -> tuple[ProposedRoute, ...]:
    """The endpoint the feature most likely adds, in the router whose prefix names its subject."""
    route_files = [f.path for f in files if "route-module" in f.roles]
    needs_server = any(dict(r.roles).get("route-module", 0) >= 0.7 for r in rules if r.keywords and r.endpoint == "new")
    if not route_files or not needs_server or prose.leaves_routes(rules):
        return ()
    by_file: dict[str, list[Route]] = {}
    for route in analysis.resolution.routes:
        by_file.setdefault(route.file, []).append(route)
    words = list(terms(feature))
    target = min(route_files, key=lambda path: (_mention(words, by_file.get(path, [])), route_files.index(path)))
    existing = by_file.get(target, [])
    prefix = _common_prefix([r.path for r in existing])
    method = next((m for key, m in _VERB_METHOD if any(w.startswith(key) for w in words)), "POST")
    path = _proposed_path(method, prefix, rules, feature, existing)
    intents = _intent_words(rules, words)
    shape = path_segments(path)
    if any(r.method == method and (path_segments(r.path) == shape or (r.file == target and _acts_on(r.path, method, words))
                                   or _serves(r.path, path, words) or _does(r.path, path, intents)
                                   or _named_by(r, path, intents))
           for r in analysis.resolution.routes):
        return ()
    beside = next((r for r in routes if r.file == target), existing[0] if existing else None)
    near = f"{beside.method} {beside.path}" if beside else ""
    return (ProposedRoute(method, path, target, near),)


def _acts_on(existing: str, method: str, words: list[str]) -> bool:
    """Whether a `DELETE`/`PUT`/`PATCH` route of the router the endpoint would go in already acts on
    one of the feature's nouns (`DELETE /api/items/{id}` for "Let users delete an item"): the
    feature builds on it."""
    literal = _literal_segments(existing)
    return method in ("DELETE", "PUT", "PATCH") and bool(literal) and bool(set(terms(literal[-1])) & set(words))


def _serves(existing: str, proposed: str, words: list[str]) -> bool:
    """Whether an existing path already names the proposed endpoint's subject and another of the
    feature's words (`GET /api/trades/history` for "View trade history"): the feature builds on it."""
    named = set(terms(existing))
    subject = set(terms(proposed.rsplit("/", 1)[-1]))
    return bool(subject) and subject <= named and len(named & set(words)) >= 2


def _named_by(existing: Route, proposed: str, intents: set[str]) -> bool:
    """Whether the request names an existing route by its path and handler, and asks for one of
    its rules' intents on it: "Add pagination to the book list endpoint" is `GET /api/books`
    (`list_books`) with pagination, not a new `GET /api/books/pagination-list`."""
    rest = set(terms(proposed.rsplit("/", 1)[-1])) - intents
    return bool(rest) and rest <= set(terms(f"{existing.path} {existing.handler}"))


def _intent_words(rules: tuple[Rule, ...], words: list[str]) -> set[str]:
    """The one-word keywords and related words of the matched rules that the feature says
    (`jsonl`, `upload` and `file` in "Support JSONL file uploads")."""
    vocabulary = {k[0] for r in rules for k in r.keywords if len(k) == 1}
    vocabulary |= {stem for r in rules for word in r.synonyms for stem in terms(word)}
    return vocabulary & set(words)


def _does(existing: str, proposed: str, intents: set[str]) -> bool:
    """Whether an existing path ends in the feature's intent and the proposed endpoint's subject is
    only more of it (`POST /api/upload` for "JSONL upload support", `jsonl` being an upload word):
    the feature extends that endpoint rather than adding a twin. "Upload images to the gallery"
    names a subject of its own and keeps its endpoint."""
    literal = _literal_segments(existing)
    if not literal or not set(terms(literal[-1])) & intents:
        return False
    return set(terms(proposed.rsplit("/", 1)[-1])) <= intents | set(terms(existing))


def _literal_segments(path: str) -> list[str]:
    """A route path's segments that are not parameters: `/api/items/{id}` → `api`, `items`."""
    return [part for part in path.strip("/").split("/") if part and not part.startswith("{")]


def _mention(words: list[str], routes: list[Route]) -> int:
    """How early the feature names this router's subject (its prefix's last word); 99 if never."""
    subject = terms(_common_prefix([r.path for r in routes]).rsplit("/", 1)[-1])
    return next((i for i, w in enumerate(words) if subject and w == subject[-1]), 99)


def _serves_records(prefix: str, routes: list[Route]) -> bool:
    """Whether the router's shared prefix is itself a collection (`/api/books` with
    `GET /api/books` or `/api/books/{book_id}`), not a bare mount point like `/api`."""
    return bool(prefix) and any(r.path.rstrip("/") == prefix or r.path.startswith(prefix + "/{") for r in routes)


def _proposed_path(method: str, prefix: str, rules: tuple[Rule, ...], feature: str, existing: list[Route]) -> str:
    last = prefix.rstrip("/").rsplit("/", 1)[-1]
    if method in ("DELETE", "PUT") and _serves_records(prefix, existing):
        return f"{prefix}/{{{last.rstrip('s') or last}_id}}"
    if method in ("DELETE", "PUT"):  # `PUT /api/profile/{profile_id}`, not `PUT /api/{api_id}`
        noun = prose.main_noun(feature, prefix)
        return _record_path(noun, existing) or f"{prefix}/{noun}/{{{noun.replace('-', '_')}_id}}"
    said = set(terms(feature))
    noun = next((m.partition(":")[2] for r in rules for m in r.new_modules
                 if m.startswith("server:") and set(terms(m.partition(":")[2])) <= said), "")
    return f"{prefix}/{noun or prose.main_noun(feature, prefix)}".replace("//", "/")


def _record_path(noun: str, routes: list[Route]) -> str:
    """The path an existing route already gives one of `noun`'s records, up to its parameter:
    `/api/table/{table_name}` for "uploaded-table", `/api/backtests/{backtest_id}` for "backtest";
    "" when no route names one. The record named by the noun's last word comes first."""
    words = terms(noun.replace("-", " "))
    found = []
    for route in routes:
        parts = route.path.strip("/").split("/")
        for at, (segment, after) in enumerate(zip(parts, parts[1:])):
            named = set(terms(segment))
            if after.startswith("{") and not segment.startswith("{") and named and named <= set(words):
                head = bool(words) and words[-1] in named
                found.append((not head, -len(named), route.path, "/" + "/".join(parts[:at + 2])))
    return min(found)[3] if found else ""


def _common_prefix(paths: list[str]) -> str:
    """The prefix the module's routes share, read from those under its most used first segment:
    `/api` for a server whose `/api/…` routes sit beside `/` and `/sentry-debug`."""
    if not paths:
        return ""
    firsts = [p.strip("/").split("/")[0] for p in paths]
    usual = max(sorted(set(firsts)), key=firsts.count)
    parts = [p.strip("/").split("/") for p, first in zip(paths, firsts) if first == usual]
    common = []
    for segment in zip(*parts):
        if len(set(segment)) == 1 and not segment[0].startswith("{"):
            common.append(segment[0])
        else:
            break
    if len(parts) > 1 or not common:
        return "/" + "/".join(common) if common else ""
    return "/" + "/".join(common[:-1]) if len(common) > 1 else ""


def _tests(analysis: Analysis, files: tuple[FileEntry, ...], new_files: tuple[FileEntry, ...],
           feature: str) -> tuple[TestEntry, ...]:
    chosen = {f.path for f in files}
    # Nearly every test imports the data models: importing them says nothing about what a test covers.
    covered = {f.path for f in files if set(f.roles) - DECLARATIVE_ROLES}
    covering: dict[str, set[str]] = {}
    for link in analysis.resolution.links:
        if (link.kind in ("imports", "exercises") and "server-test" in analysis.roles(link.source)
                and link.target in covered
                and _has_tests(analysis, link.source)):
            covering.setdefault(link.source, set()).add(link.target)
    for f in files:
        if "server-test" in f.roles:
            covering.setdefault(f.path, set())
    query = set(terms(feature))
    # The tests whose names hold the feature's words first: they are the ones the change will touch.
    ranked = sorted(covering.items(), key=lambda kv: (-_named_tests(analysis, kv[0], query), -len(kv[1]), kv[0]))
    out = [TestEntry(path, "existing", tuple(sorted(covers)), _focused_command(analysis, path, query))
           for path, covers in ranked][:5]
    out += _client_tests(analysis, chosen)
    out += _conventional_tests(analysis, files, out)
    for entry in new_files:
        if "server-test" in entry.roles:
            module = next((n.path for n in new_files
                           if n.path != entry.path and test_subject(n.path) == test_subject(entry.path)), "")
            out.append(TestEntry(entry.path, "new", (module,) if module else (),
                                 server_test_command(analysis, (entry.path,)) or ""))
    return tuple(out)


# The changed modules a new test file is proposed for, when no listed test covers them.
SERVER_CODE_ROLES = frozenset({"core-logic", "llm-module", "route-module"})
CLIENT_CODE_ROLES = frozenset({"component", "ui-module", "client-module", "api-client"})


def _conventional_tests(analysis: Analysis, files: tuple[FileEntry, ...], found: list[TestEntry]) -> list[TestEntry]:
    """A new test file, placed and named as the project's own tests are, for the best-ranked
    changed server module and client module that no listed test covers."""
    covered = {path for test in found for path in test.covers} | {test.path for test in found}
    sides = ((SERVER_CODE_ROLES, test_path_for, lambda path: server_test_command(analysis, (path,))),
             (CLIENT_CODE_ROLES, client_test_path_for, lambda path: client_test_command(analysis, path)))
    out = []
    for roles, place, command in sides:
        module = next((f.path for f in files if set(f.roles) & roles and f.path not in covered
                       and not set(f.roles) & TEST_ROLES), None)
        path = place(analysis, module) if module else None
        if path and path not in analysis.by_path and path not in covered:
            out.append(TestEntry(path, "new", (module,), command(path) or ""))
    return out


def _client_tests(analysis: Analysis, chosen: set[str]) -> list[TestEntry]:
    """Client test files that import a chosen file or are named after one (`x.spec.ts` for `x.ts`)."""
    by_stem: dict[str, set[str]] = {}
    for path in chosen:
        by_stem.setdefault(test_subject(path), set()).add(path)
    covering: dict[str, set[str]] = {}
    for test in analysis.with_role("client-test"):
        covering[test] = by_stem.get(test_subject(test), set()) - {test}
    # As on the server, importing the types says nothing about what a test covers.
    behaving = {path for path in chosen if set(analysis.roles(path)) - DECLARATIVE_ROLES}
    for link in analysis.resolution.links:
        if link.kind == "imports" and link.source in covering and link.target in behaving:
            covering[link.source].add(link.target)
    found = sorted(((-len(c), t) for t, c in covering.items() if c))
    return [TestEntry(test, "existing", tuple(sorted(covering[test])), client_test_command(analysis, test) or "")
            for _, test in found[:3]]


def _named_tests(analysis: Analysis, path: str, query: set[str]) -> int:
    """How many of the file's tests have one of the feature's words in their name."""
    facts = analysis.by_path.get(path)
    return sum(1 for test in facts.tests if query.intersection(terms(test.name))) if facts else 0


def _has_tests(analysis: Analysis, path: str) -> bool:
    """A test module, not a helper or conftest.py that only sits in the tests folder."""
    facts = analysis.by_path.get(path)
    return facts is not None and bool(facts.tests)


def _focused_command(analysis: Analysis, path: str, query: set[str]) -> str:
    """`cd app/server && uv run pytest tests/x.py -k "a or b"` when some of its tests name the
    feature's words; the whole file otherwise."""
    command = server_test_command(analysis, (path,)) or ""
    facts = analysis.by_path.get(path)
    if not command or facts is None:
        return command
    tests = {t.name.rsplit(".", 1)[-1]: set(terms(t.name)) for t in facts.tests}
    # Only words that tell this file's tests apart select them ("book" in every name does not).
    telling = {w for w in query if 0 < sum(w in words for words in tests.values()) <= len(tests) // 2}
    names = sorted(name for name, words in tests.items() if words & telling)
    if names and len(names) < len(tests):
        return f'{command} -k "{" or ".join(names[:4])}"'
    return command


def _audience(rules: tuple[Rule, ...]) -> str:
    """Whom every matched intent says the change is for ("developer" for a README), if they agree."""
    said = {r.audience for r in rules if r.pack == "intents"}
    return said.pop() if len(said) == 1 else ""


def _user_type(summary: str) -> str:
    match = _USER_NOUN.search(summary)
    if not match:
        return "user"
    return phrasing.singular(match.group(1).lower())


def _e2e(analysis: Analysis, proposed: tuple[ProposedRoute, ...], routes: tuple[RouteEntry, ...]) -> tuple[str, ...]:
    start = start_command(analysis)
    port = server_port(analysis)
    if not start or not port:
        return ()
    target = proposed[0] if proposed else next((r for r in routes if r.method != WEBSOCKET), None)
    if target is None or "{" in target.path:
        return (f"`{start}` then open the client and exercise the feature by hand",)
    url = f"http://localhost:{port}{target.path}"
    if target.method == "GET":
        return (f"`{start}` then `curl -sf {url}` answers 2xx",)
    # A bare POST to a route that takes a JSON body answers 422: what shows it is served is not a 404.
    return (f"`{start}` then `curl -s -o /dev/null -w '%{{http_code}}' -X {target.method} {url}` prints a status "
            f"other than 404 or 5xx: the route is served (without a request body it may answer 422)",)
