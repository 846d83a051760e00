"""The plan's sentences, built only from facts: names, routes, symbols and rules found in the repo."""
from __future__ import annotations

import posixpath
import re
from typing import Any

from analyzers.graph import distinct_routes, is_test_path, test_subject
from analyzers.model import FileFacts, Route
from rules.intents import mixed_case, split_title
from rules.model import Rule, Served
from rules.roles import ROLE_PRIORITY, ROLE_TITLES, primary_role
from rules.terms import STOP_WORDS, split_words, terms, without_actor
from scaffolder.analysis import Analysis
from scaffolder.commands import regenerate_command
from scaffolder.conventions import CODE_EXTENSIONS
from scaffolder.fill import START_FROM, UI_ROLES
from scaffolder.libraries import dependencies, library_note, unfamiliar_names
from scaffolder.phrasing import (IMPERATIVES, code_like, first_line, is_report, reported, third_person,
                                 without_phrasal_verb)
from scaffolder.plan import FileEntry, Plan, RouteEntry, Task

_SMALL = frozenset("a an and as at by for in of on or the to via with from into".split())
MANIFEST_ROLES = frozenset({"client-manifest", "server-config"})
DOC_ROLES = frozenset({"readme", "script"})
SERVER_DATA_ROLES = frozenset({"models", "settings", "server-config"})
TIERS = (
    ("foundation", ("models", "types", "settings", "server-config", "client-manifest", "client-config")),
    ("core", ("core-logic", "llm-module")),
    ("routes", ("route-module", "server-entry")),
    ("client-api", ("api-client",)),
    ("ui", ("client-entry", "ui-module", "component", "client-module", "html-entry", "stylesheet", "shared-stylesheet")),
    ("tests", ("server-test", "client-test")),
    ("docs", ("readme", "script")),
)
SERVER_LAST_TIER, CLIENT_LAST_TIER, TEST_TIER = 2, 4, 5


def after_first_line(text: str) -> str:
    """The description under a feature's title line, on one line; '' for a one-line feature."""
    return " ".join(split_title(text)[1].split())


def markdown_safe(text: str) -> str:
    """The feature text as inert Markdown: no raw HTML, comments or code fences can come of it."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`")


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip())
    return (match.group(1) if match else text.strip())[:240]


def feature_name(feature: str) -> str:
    """Title case for words; identifiers (`sql_processor`, `exportCSV`, `v2.1`) stay as written."""
    line = first_line(feature).rstrip(".!? ")
    words = line.split()
    if len(words) > 16:
        words = words[:16]
    named = []
    for i, word in enumerate(words):
        as_written = code_like(word)
        keep = word if as_written else word.capitalize()
        named.append(word.lower() if i and word.lower() in _SMALL and not as_written else keep)
    return " ".join(named) or "Feature"


# Words that open a clause saying what the feature is for or when it applies, not what it is.
_CLAUSE_WORDS = frozenset("so that which who whose when whenever where because while unless".split())
# Words that name the kind of change, not its subject ("Hello World Endpoint" is about hello-world).
_KIND_WORDS = frozenset("""endpoint endpoints api route routes button buttons page view panel screen
functionality system integration service management crud interface""".split())


# What a request asks done, not to what: a `GET` route does any reading verb.
_READ_VERBS = frozenset(terms("show view list display get see browse read"))
_VERB_TERMS = frozenset(terms(" ".join(IMPERATIVES))) | _READ_VERBS
_KIND_TERMS = frozenset(terms(" ".join(_KIND_WORDS)))


def main_noun(feature: str, named: str = "") -> str:
    """The feature's subject as a path segment: its last two content words (`query-history`),
    leaving out words `named` already holds (`/api/books` + "favourite book" → `favourite`) and
    the clause that says what it is for ("Add a wishlist so shoppers can save products" → `wishlist`)."""
    said = without_phrasal_verb(without_actor(split_words(_names_whole(first_line(feature)))))
    clause = next((i for i, w in enumerate(said) if i and w.lower() in _CLAUSE_WORDS), len(said))
    known = set(terms(named))

    def subject_in(part: list[str]) -> tuple[list[str], list[str]]:
        words = [w for w in part if w not in STOP_WORDS and len(w) > 2 and w.isalpha()]
        return words, [w for w in words if w not in _KIND_WORDS | IMPERATIVES and not set(terms(w)) <= known]

    words, subject = subject_in(said[:clause])
    if not subject:
        words, subject = subject_in(said)
    if not subject:  # "Add a search endpoint for books" under /api/books: the verb is all that is new
        subject = [w for w in words if w not in _KIND_WORDS and not set(terms(w)) <= known]
    return "-".join(subject[-2:]) if subject else (words[-1] if words else "feature")


def _names_whole(line: str) -> str:
    """A title with its mixed-case names lowered whole, so that they stay one word: "Sign in with
    GitHub" → "Sign in with github", whose path segment is `github`, not `git-hub`."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).lower() if mixed_case(m.group(0)) else m.group(0), line)


def tier_of(roles: tuple[str, ...]) -> int:
    for index, (_, tier_roles) in enumerate(TIERS):
        if any(r in tier_roles for r in roles):
            return index
    return len(TIERS) - 1


def complete(base: dict[str, Any], analysis: Analysis, rules: tuple[Rule, ...]) -> Plan:
    """Add the written parts (description, tasks, testing, notes) to the plan's facts."""
    files: tuple[FileEntry, ...] = base["files"]
    new_files: tuple[FileEntry, ...] = base["new_files"]
    every = files + new_files
    layers = _layers(every)
    asked = set(analysis.ranking.terms)
    base["description"] = _description(base, layers, files, asked)
    problem = _problem(base, analysis, asked)
    # It may open with the app's name: "the application" is capitalised, `tac-webbuilder` is not.
    base["problem"] = "The " + problem[4:] if problem.startswith("the ") else problem
    base["solution"] = _solution(base, every, "server" in layers)
    base["phases"] = _phases(base, every)
    base["tasks"] = tuple(_tasks(base, analysis, every))
    base["unit_tests"] = _unit_tests(base)
    base["integration_tests"] = _integration_tests(base)
    base["edge_cases"] = _edge_cases(base, layers, rules)
    base["acceptance"] = _acceptance(base, analysis, rules)
    base["notes"] = _notes(base, analysis, rules)
    base["diagram"] = _diagram(base, every)
    return Plan(**base)


def _layers(entries: tuple[FileEntry, ...]) -> list[str]:
    server = any(r in ("route-module", "server-entry", "models", "core-logic", "llm-module", "settings") for e in entries for r in e.roles)
    client = any(set(e.roles) & (UI_ROLES | {"api-client", "types"}) for e in entries)
    return [name for name, present in (("server", server), ("client", client)) if present] or ["project"]


def _role_phrase(entry: FileEntry) -> str:
    title = ROLE_TITLES.get(primary_role(entry.roles), "file")
    return f"`{entry.path}` ({title})"


def _description(base: dict[str, Any], layers: list[str], files: tuple[FileEntry, ...], asked: set[str]) -> str:
    feature = _closed(" ".join(first_line(base["feature"]).split()))
    body = after_first_line(base["feature"])
    if body:  # the requester's own description comes first, as written
        feature = f"{feature} {_closed(body)}"
    where = f"{base['app_name']}" + (f" — {base['app_summary'].rstrip('.')} —" if base["app_summary"] else ",")
    main = ", ".join(_role_phrase(f) for f in files[:3])
    centre = f", centred on {main}" if main else ""
    wanted = set(terms(first_line(base["feature_text"])))
    near = next((r for r in base["routes"] if _shares_subject(wanted, r) and _builds_on(r, asked)), None)
    around = f" It builds on the existing `{near.method} {near.path}` flow." if near else ""
    gives = (f"The fix gives the {base['user_type']} back what they expect" if is_report(base["feature"])
             else f"It gives the {base['user_type']} a direct way to {third_person(base['action'])}")
    return (f"{feature} In {where} this work spans the {' and '.join(layers)}{centre}.{around} "
            f"{gives}, following the project's existing patterns instead of a workaround.")


def _closed(sentence: str) -> str:
    """A sentence with its end mark: "Can you add X?" stays a question; "Add X" gains a full stop."""
    return sentence if sentence.endswith((".", "!", "?")) else sentence.rstrip(":;, ") + "."


def route_distance(wanted: set[str], route: Route | RouteEntry) -> tuple[int, int]:
    """Sorts the routes nearest a feature first: those whose path and handler name hold more of
    the `wanted` stems, then those with fewer other words (`GET /api/tasks` before
    `POST /api/sprints/{sprint_id}/tasks` for "task search"). Its first item is minus the overlap."""
    held = set(terms(f"{route.path} {route.handler}"))
    return -len(wanted & held), len(held - wanted)


# Verbs that ask to change how something already behaves ("make the SQL protection stricter").
_IMPROVING = frozenset("make improve increase reduce speed optimize optimise harden tighten simplify refactor "
                       "rewrite clean tune".split())
# The words a route's method says by itself: sharing only these is sharing no subject.
_EDIT_WORDS = frozenset(terms("update edit change modify rename"))
_METHOD_WORDS = {"DELETE": frozenset(terms("delete remove")), "GET": frozenset(terms("get show view list display see")),
                 "PUT": _EDIT_WORDS, "PATCH": _EDIT_WORDS, "POST": frozenset(terms("create add"))}


def _shares_subject(wanted: set[str], route: RouteEntry) -> bool:
    """Whether a route shares a word with the feature besides what its method says: "Delete a saved
    filter" does not build on `DELETE /api/table/{table_name}` (`delete_table`)."""
    shared = wanted & set(terms(f"{route.path} {route.handler}"))
    return bool(shared - _METHOD_WORDS.get(route.method, frozenset()))


def _builds_on(route: Route | RouteEntry, asked: set[str]) -> bool:
    """Whether a feature can build on the route: a delete only for a feature whose terms (its rules'
    synonyms included) say delete. "One Click Table Exports" shares `table` with
    `DELETE /api/table/{table_name}`, but it does not build on deleting a table."""
    return route.method != "DELETE" or set(terms(route.method)) <= asked


def _problem(base: dict[str, Any], analysis: Analysis, asked: set[str]) -> str:
    """What is missing, said only as far as the analysis knows it: the routes whose path or handler
    shares a word with the feature are the nearest flows; if none does, that is what is stated. A
    request worded as a report ("Sorting by date is broken") is quoted as the problem it is."""
    app, action, user = base["app_name"], third_person(base["action"]), base["user_type"]
    # Routes of the project's tooling (a webhook that triggers its agents) are not the app's.
    routes = [r for r in distinct_routes(analysis.resolution.routes) if "tooling" not in analysis.roles(r.file)]
    title = first_line(base["feature_text"])
    wanted = set(terms(title))
    shared = sorted((route_distance(wanted, r), i, r) for i, r in enumerate(routes))
    # A route shares the request's subject, not only the verb its method says ("Update the README"
    # does not build on `PUT /api/books/{book_id}`).
    near = [r for distance, _, r in shared if distance[0] and _shares_subject(wanted, r) and _builds_on(r, asked)]
    report = is_report(base["feature"])
    improving = not report and _improving(action)
    missing = (f"{reported(base['feature'])}." if report
               else f"The request is to {action}: a change to how {app} already behaves, not a new flow." if improving
               else f"{app} has no dedicated way to {action} yet.")
    served = analysis.ranking.served
    if served and not report:
        return (f"{app} already serves what the request needs: {served_routes(served)}. What is missing is in the "
                f"client, where the {user} cannot {action} yet, so no server change is planned.")
    sent = analysis.ranking.sent
    if sent and not report:
        taken = " or ".join(f"`{t}`" for t in sent.types)
        overlap = {r: route_distance(wanted, r)[0] for r in sent.routes}
        nearest = min(overlap.values())  # the upload the title names
        at = ", ".join(f"`{r.method} {r.path}` (`{r.handler}`)" for r in sent.routes if overlap[r] == nearest)
        return (f"{app} already receives {taken} at {at}, and the client sends each file as it is, so the "
                f"client's request code stays. What is missing is how the server reads the new kind of file and "
                f"which files the page lets the {user} pick.")
    serving = next((r for r in near if _names_everything(r, title)), None)
    if serving and not report and not improving:
        return (f"{app} already serves `{serving.method} {serving.path}` (`{serving.handler}`), whose name says "
                f"everything the request does. The work is what that flow still lacks for the {user} to {action}: "
                f"it extends the flow instead of adding a second one beside it.")
    lacking = _lacking(near[0], title) if near and not report and not improving else None
    if lacking:
        return (f"{missing} The nearest existing flow, `{near[0].method} {near[0].path}` (`{near[0].handler}`), "
                f"holds every word of the request but “{lacking}”; the feature builds on it instead of leaving the "
                f"{user} a workaround.")
    if near:
        shown = ", ".join(f"`{r.method} {r.path}`" for r in near[:3])
        flows = "flows are" if len(near) > 1 else "flow is"
        if improving:
            return f"{missing} The nearest existing {flows} {shown}; the change starts there."
        return (f"{missing} The nearest existing {flows} {shown}; the {'fix' if report else 'feature'} builds on "
                f"{'them' if len(near) > 1 else 'it'} instead of leaving the {user} a workaround.")
    if leaves_routes(analysis.ranking.rules):  # what the server serves is beside the point
        if base["files"] and all(set(e.roles) & DOC_ROLES for e in base["files"]):
            lead = missing if report else f"The request is to {action}."
            return (f"{lead} The change is to the project's documentation and scripts, not to the code they "
                    f"describe: nothing the {user} runs behaves differently afterwards.")
        lead = missing if report or improving else f"{app} has no way to {action} yet."
        return (f"{lead} The change is visual: it lives in the client's markup, styles and UI code, not in what the "
                f"server serves, and the {user} sees it as soon as the client is rebuilt.")
    if report:
        return (f"{missing} None of {app}'s routes names it, so the cause is looked for in the files below, "
                f"starting with the first.")
    if improving:
        where = ("so the work starts from the files below, beginning with the first" if base["files"] else
                 "and no file matched its words, so where the work lies is still to be found")
        return f"{missing} No route names it, {where}."
    if routes:
        sample = ", ".join(f"`{r.method} {r.path}`" for r in routes[:3])
        more = ", …" if len(routes) > 3 else ""
        counted = f"its one route ({sample}) does not touch" if len(routes) == 1 else \
            f"none of its {len(routes)} routes ({sample}{more}) touches"
        return (f"{app} has no way to {action} today: {counted} it, so the {user} has to work around the "
                f"gap by hand.")
    return (f"{app} has no way to {action} today, and the project has no HTTP route for it yet, so the {user} "
            "has to work around the gap by hand.")


def served_routes(served: Served, taking: str = "takes", present: tuple[str, str] = ("is in place", "are in place")
                  ) -> str:
    """`GET /api/tasks` takes `search` and `status_filter`; `DELETE /api/tasks/{task_id}` is in place
    (`present`: said of one route, of several)."""
    parts = [f"`{r.method} {r.path}` {taking} {' and '.join(f'`{n}`' for n in names)}"
             for r, names in served.routes if names]
    bare = [f"`{r.method} {r.path}`" for r, names in served.routes if not names]
    if bare:
        parts.append(f"{' and '.join(bare)} {present[len(bare) > 1]}")
    return "; ".join(parts)


def _improving(action: str) -> bool:
    """Whether a request changes how something already behaves: "improve the search", "make the
    search faster"; not "make a new page", nor "make books sortable" (a new ability)."""
    verb, *rest = action.split() or [""]
    if verb not in _IMPROVING or rest[:1] in (["a"], ["an"], ["new"]):
        return False
    return verb != "make" or bool(_COMPARATIVES.intersection(rest))


# "Make the search faster": a comparative says the thing is there already.
_COMPARATIVES = frozenset("""more less better faster slower quicker stricter safer smaller bigger larger shorter
longer higher lower clearer easier simpler cleaner tighter lighter darker wider narrower smoother nicer prettier
cheaper sturdier stronger""".split())


def _names_everything(route: Route, title: str) -> bool:
    """Whether a route's path and handler hold every word of a request, its verb included (a `GET`
    route does any reading verb, on at least two of its nouns): `GET /api/backtests/{id}/export/csv`
    for "Export backtest trades to CSV" when its handler is `export_backtest_trades_csv`."""
    held, content, asked = _route_words(route, title)
    if not asked or not content <= held:  # "Add new task" says no verb: it may be a create
        return False
    if route.method == "GET" and asked <= _READ_VERBS:  # one shared noun is too little to say so
        return len(content) > 1
    return asked <= held


def _route_words(route: Route, title: str) -> tuple[set[str], set[str], set[str]]:
    """The stems a route's path and handler hold, and the request's content and verb stems."""
    words = set(terms(title)) - (_KIND_TERMS - _READ_VERBS)
    return set(terms(f"{route.path} {route.handler}")), words - _VERB_TERMS, words & _VERB_TERMS


def _lacking(route: Route, title: str) -> str | None:
    """The one content word of a request (of three or more) that a route's path and handler lack,
    as the request says it, when they hold every other word, its verb included: "results" for
    "Export backtest results as PDF" next to `…/export/pdf` (`export_backtest_pdf`)."""
    held, content, asked = _route_words(route, title)
    missing = content - held
    if len(content) < 3 or len(missing) != 1 or not asked or not (asked <= held or route.method == "GET"
                                                                   and asked <= _READ_VERBS):
        return None
    return next((w for w in split_words(title) if missing == set(terms(w))), None)


def _solution(base: dict[str, Any], every: tuple[FileEntry, ...], server: bool) -> str:
    parts = []
    for proposed in base["proposed_routes"]:
        parts.append(f"add `{proposed.method} {proposed.path}` in `{proposed.file}`")
    for entry in sorted(every, key=lambda e: tier_of(e.roles))[:5]:
        verb = "create" if entry.status == "new" else "extend"
        parts.append(f"{verb} {_role_phrase(entry)}")
    if not parts:
        return ("Nothing in the code can be named yet: once the request says which screen, route or module it is "
                "about, plan again and the steps follow from the files found.")
    joined = "; ".join(parts)
    tests = "Tests are written alongside each server change, and the" if server else "The"
    return (f"Implement it in small steps that follow the existing code: {joined}. {tests} Validation Commands "
            f"prove there are no regressions.")


def _phases(base: dict[str, Any], every: tuple[FileEntry, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    found = [e for e in every if tier_of(e.roles) == 0]
    core = [e for e in every if tier_of(e.roles) in (1, 2, 5)]
    integration = [e for e in every if tier_of(e.roles) in (3, 4, 6)]
    one = [f"Add the library the feature needs to {_role_phrase(e)}." if set(e.roles) & MANIFEST_ROLES else
           f"Prepare {_role_phrase(e)} for the new data the feature carries." for e in found] or [
        "No shared model or type changes are needed; confirm the data the feature uses is already available."]
    two = [f"{'Create' if e.status == 'new' else 'Change'} {_role_phrase(e)}." if tier_of(e.roles) != TEST_TIER else
           f"{'Create' if e.status == 'new' else 'Extend'} {_role_phrase(e)} alongside the "
           f"{'client' if 'client-test' in e.roles else 'server'} change."
           for e in core]
    two += [f"Add `{p.method} {p.path}` next to `{p.beside}`." if p.beside else f"Add `{p.method} {p.path}`."
            for p in base["proposed_routes"]]
    if not every:
        return (("No shared model or type changes can be named yet.",),
                ("Start once the request names its target: nothing in the code can be pointed at yet.",),
                ("Then wire the change into the existing flow and document it.",))
    client = [e for e in integration if not set(e.roles) & DOC_ROLES]
    where = ("client modules below" if client else "documentation and scripts below" if integration
             else "shared models and types above")
    server_models = any(set(e.roles) & SERVER_DATA_ROLES for e in found)
    left = ("beyond the shared models above, no server change is required" if server_models and client
            else "no server change is required" if client else "no code change is required" if integration
            else "nothing else changes")
    two = two or [f"The main work is in the {where}; {left}."]
    three = [_integration_step(e) for e in integration] or [
        "Connect the new server behaviour to its callers and document it." if core or base["proposed_routes"]
        else "Nothing else needs wiring: the change stays in the files above."]
    return tuple(one), tuple(two), tuple(three)


def nothing_matched(plan: Plan) -> str:
    """What a plan with no files says: nothing in the code matched the request's words (or there was no code)."""
    read = plan.files_read
    if not read:
        return "No existing file matched: the repository has no source file in scope yet; start from New Files."
    return (f"No file of the {read} read matched the request's words: name the screen, route or module it is "
            f"about (a description under the title helps), then plan again.")


def _integration_step(entry: FileEntry) -> str:
    if "readme" in entry.roles:
        return f"Document the feature in {_role_phrase(entry)}."
    if "script" in entry.roles:
        return f"Bring {_role_phrase(entry)} up to date with the feature."
    return f"Wire {_role_phrase(entry)} into the existing flow."


def _symbols_for(facts: FileFacts | None, query: set[str], limit: int = 3) -> str:
    """Where to start in the file: the symbols whose names hold the feature's words. When none
    does, that is said, with its first exported definitions to find one's way."""
    if facts is None:
        return ""
    symbols = [s for s in facts.symbols if s.kind != "const"]
    scored = sorted((-len(query & set(terms(s.name))), s.line, s.name) for s in symbols)
    matched = [f"`{name}` (line {line})" for held, line, name in scored if held < 0][:limit]
    if matched:
        return START_FROM + ", ".join(matched) + "."
    first = sorted(symbols, key=lambda s: (not s.exported, s.line))[:limit]
    shown = ", ".join(f"`{s.name}` (line {s.line})" for s in sorted(first, key=lambda s: s.line))
    return f"No name in it holds the feature's words; it defines {shown}." if shown else ""


def _tasks(base: dict[str, Any], analysis: Analysis, every: tuple[FileEntry, ...]) -> list[Task]:
    query = set(analysis.ranking.terms)
    feature_words = set(terms(base["feature_text"] or base["feature"]))
    served = served_routes(analysis.ranking.served, "accepts", ("exists", "exist")) if analysis.ranking.served else ""
    sent = analysis.ranking.sent is not None  # then the client's requests stay as they are
    tasks = []
    imported: dict[str, set[str]] = {}
    for link in analysis.resolution.links:
        if link.kind in ("imports", "exercises") and is_test_path(link.source):
            imported.setdefault(link.source, set()).add(link.target)
    for entry in _task_order(every, {test: frozenset(modules) for test, modules in imported.items()}):
        facts = analysis.by_path.get(entry.path)
        if facts and facts.generated:
            title = _task_title(entry).replace("Update the", "Regenerate the", 1)
            tasks.append(Task(title, tuple(_regenerate_bullets(entry, analysis))))
        else:
            calls = _calls_of(analysis, entry.path) if "api-client" in entry.roles else []
            relay = "" if sent else _relay_bullet(analysis, entry.path, feature_words,
                                                  adds=_adds(base) and not leaves_routes(analysis.ranking.rules))
            tasks.append(Task(_task_title(entry), tuple(_task_bullets(entry, facts, base, query, calls, relay, served,
                                                                      sent=sent))))
    tasks.append(Task("Run the Validation Commands",
                      tuple(f"`{c}`" for c in base["commands"]) or ("run every command under Validation Commands",)))
    return tasks


def leaves_routes(rules: tuple[Rule, ...]) -> bool:
    """Whether a rule the feature matched says it leaves the routes alone (visual polish)."""
    return any("route-module" in rule.untouched for rule in rules)


def _task_order(entries: tuple[FileEntry, ...], imported: dict[str, frozenset[str]]) -> list[FileEntry]:
    """By tier (models → logic → routes → client → UI → docs); a test right after the last module
    it imports or exercises (`imported`: test → modules) or is named after. Another server test
    comes after the server files, another client test after the client's."""
    def order(e: FileEntry) -> tuple[int, bool, int, str]:
        role = primary_role(e.roles)
        return (tier_of(e.roles), e.status != "new", ROLE_PRIORITY.index(role) if role in ROLE_PRIORITY else 99, e.path)

    ordered = sorted((e for e in entries if tier_of(e.roles) != TEST_TIER), key=order)
    after: dict[int, list[FileEntry]] = {}  # position in `ordered` → tests that follow it
    for test in sorted((e for e in entries if tier_of(e.roles) == TEST_TIER), key=lambda e: e.path):
        subjects = imported.get(test.path, frozenset())
        at = max((i for i, e in enumerate(ordered) if e.path in subjects or _named_after(test.path, e.path)),
                 default=None)
        if at is None:
            last_tier = CLIENT_LAST_TIER if "client-test" in test.roles else SERVER_LAST_TIER
            at = sum(1 for e in ordered if tier_of(e.roles) <= last_tier) - 1
        after.setdefault(at, []).append(test)
    return after.get(-1, []) + [e for i, entry in enumerate(ordered) for e in (entry, *after.get(i, []))]


def _named_after(test: str, module: str) -> bool:
    """`tests/test_x.py` and `x.py`; `X.test.tsx` and `X.tsx`; `app.component.spec.ts` and `app.component.ts`."""
    stem, extension = posixpath.splitext(posixpath.basename(module))
    subject = test_subject(test)
    marked = subject != posixpath.splitext(posixpath.basename(test))[0]
    return marked and subject == stem and extension in CODE_EXTENSIONS


def _closest(names: set[str], feature: str, count: int = 4, sharing: bool = False) -> list[str]:
    """The DOM ids or classes sharing most words with the feature (`#query-input` for "Query
    history"), then alphabetical: where the new element most likely goes. With `sharing`, only
    those that share a word."""
    words = set(terms(feature))
    shared = {name: len(words & set(terms(name))) for name in names}
    return sorted((n for n in names if shared[n] or not sharing), key=lambda n: (-shared[n], n))[:count]


def _task_title(entry: FileEntry) -> str:
    title = ROLE_TITLES.get(primary_role(entry.roles), "file")
    return f"{'Create' if entry.status == 'new' else 'Update'} the {title}: `{entry.path}`"


def _regenerate_bullets(entry: FileEntry, analysis: Analysis) -> list[str]:
    """A generated file (an OpenAPI client, its types) changes by regenerating it, not by hand."""
    command = regenerate_command(analysis)
    how = f" with `{command}`" if command else ""
    return [f"Why: {entry.reason}.",
            f"Its header says it is generated: regenerate it{how} once the server change is in, rather than "
            "editing it by hand, and check that the new call or type appears."]


def _calls_of(analysis: Analysis, path: str) -> list[str]:
    """The calls a client module makes, each as the route it reaches (`GET /api/prices/{pair}`)
    where it reaches one, else as written (`GET {BASE}/prices/{}`)."""
    return sorted({f"{c.route.method} {c.route.path}" if c.route else f"{c.call.method} {c.call.url}"
                   for c in analysis.resolution.calls if c.file == path})


def _relay_bullet(analysis: Analysis, path: str, words: set[str], adds: bool = True) -> str:
    """Where a client file's requests go: through the module whose functions it already calls to
    reach the server, shown by the calls sharing most of the feature's own `words` (the first
    one made when none shares any); "" when it calls none. Only a plan that `adds` something says
    a new request goes there."""
    relays = [r for r in analysis.resolution.relayed if r.file == path]
    if not relays:
        return ""

    shared = {r: len(words.intersection(terms(f"{r.callee} {r.route.path}"))) for r in relays}
    ordered = sorted(relays, key=lambda r: (-shared[r], r.line, r.callee, r.route.method, r.route.path))
    best = ordered[0]
    alike = [r for r in ordered if r.module == best.module and shared[r] == shared[best]] if shared[best] else [best]
    # one use per callee in a file: each relay shown is a distinct callee and route
    shown = [f"`{r.callee}` (`{r.route.method} {r.route.path}`" + (f", in `{r.function}`)" if r.function else ")")
             for r in alike[:2]]
    verb = "do" if len(shown) > 1 else "does"
    if not adds:
        return f"It reaches the server through `{best.module}`, as {' and '.join(shown)} {verb}."
    return (f"Reach the server through `{best.module}`, as {' and '.join(shown)} {verb}: "
            f"a request the feature adds goes there, called from here.")


def _task_bullets(entry: FileEntry, facts: FileFacts | None, base: dict[str, Any], query: set[str],
                  client_calls: list[str], relay: str = "", served: str = "", sent: bool = False) -> list[str]:
    """`served`: the routes that already serve the feature (`served_routes`), when they do; `sent`:
    whether the client already sends what the feature is about (`Ranking.sent`)."""
    roles = set(entry.roles)
    out = [f"Why: {entry.reason}."]
    near = _symbols_for(facts, query)
    # A bug, chore or patch, or a feature template filled for a report ("The upload button is cut
    # off"), changes what is there: its steps point at what exists, not at new things.
    adds = _adds(base)
    if entry.status == "new":
        out.append(f"Follow the structure of its neighbours; give it a module docstring and small, typed functions.")
    if facts and "models" in roles and facts.models:
        nearest = sorted(facts.models, key=lambda m: (-len(query & set(terms(m.name))), m.line))
        if adds:
            models = ", ".join(f"`{m.name}`" for m in nearest[:4])
            out.append(f"Add or extend the Pydantic models the feature needs next to {models}.")
        elif sharing := [m for m in nearest[:4] if query & set(terms(m.name))]:
            out.append("The models nearest the request: " + ", ".join(f"`{m.name}`" for m in sharing) + ".")
    if facts and "types" in roles:
        out.append("Mirror every new or changed server model as a TypeScript interface here." if adds
                   else "Keep its interfaces in step with any server model the change touches.")
    for proposed in base["proposed_routes"]:
        if proposed.file == entry.path:
            beside = f" next to `{proposed.beside}`" if proposed.beside else ""
            out.append(f"Add `{proposed.method} {proposed.path}`{beside}, with a response model and a clear 4xx on bad input.")
            for suggestion in base.get("suggested_files", ()):
                if suggestion.path.endswith(".py") and "server-test" not in suggestion.roles:
                    out.append(f"If the handler grows past a few lines, move its logic into a new module "
                               f"`{suggestion.path}` (the project's naming convention) with its own unit tests.")
    if roles & MANIFEST_ROLES:
        out.append("Add only the dependency the feature needs (see Notes), with the package manager, so the "
                   "lock file changes with it." if adds else
                   "Change a dependency only with the package manager, so the lock file changes with it.")
    if relay:
        out.append(relay)
    elif facts and "api-client" in roles and served:
        out.append(f"The server side is in place ({served}): send the request from here.")
    elif facts and "api-client" in roles:
        calls = sorted(client_calls, key=lambda call: (-len(query.intersection(terms(call))), call))[:3]
        shown = ", ".join(f"`{c}`" for c in calls)
        if adds:
            out.append(f"Add the client call for the new behaviour beside the existing ones ({shown})." if calls
                       else "Add the client call for the new behaviour beside the existing ones.")
        elif sharing := [c for c in calls if query.intersection(terms(c))]:
            out.append("Its calls nearest the request: " + ", ".join(f"`{c}`" for c in sharing) + ".")
    if facts and roles & {"client-entry", "ui-module", "component", "html-entry"}:
        if sent:
            out.append("The client already sends each file as it is: here only the file types the picker "
                       "accepts, and the text that lists them, change.")
        ids = _closest({d.name for d in facts.dom if d.kind.startswith("id")}, base["feature_text"] or base["feature"],
                       sharing=not adds)
        if ids:
            shown = ", ".join(f"`#{i}`" for i in ids)
            out.append(f"Place the new control beside the existing elements {shown}." if adds and not sent
                       else f"The elements nearest the request: {shown}.")
    if facts and roles & {"stylesheet", "shared-stylesheet"}:
        classes = _closest({d.name for d in facts.dom if d.kind.startswith("class")},
                           base["feature_text"] or base["feature"], sharing=not adds)
        if classes:
            shown = ", ".join(f"`.{c}`" for c in classes)
            out.append(f"Style the new elements consistently with {shown}." if adds
                       else f"The rules nearest the request: {shown}.")
    if near:
        out.append(near)
    if "server-test" in roles:
        out.append("Add tests for the new behaviour, including the edge cases listed under Testing Strategy." if adds
                   else "Keep its tests passing, changing one only where the request means it to change.")
    return out


def _adds(base: dict[str, Any]) -> bool:
    """Whether the plan builds something new: a feature asked for, not a problem reported."""
    return base["kind"] == "feature" and not is_report(base["feature"])


def _unit_tests(base: dict[str, Any]) -> tuple[str, ...]:
    out = []
    for test in base["tests"]:
        covers = ", ".join(f"`{c}`" for c in test.covers) or "the changed behaviour"
        verb = "Create" if test.status == "new" else "Extend"
        alone = test.path.rsplit("/", 1)[-1] in test.command
        out.append(f"{verb} `{test.path}` for {covers}; run it {'alone ' if alone else ''}with `{test.command}`."
                   if test.command else f"{verb} `{test.path}` for {covers}.")
    if not out and base["files"] and all(set(e.roles) & DOC_ROLES for e in base["files"]):
        return ("No code changes, so no unit tests: run every command the new text gives, from a fresh clone.",)
    return tuple(out) or ("Add unit tests next to the changed modules, following the project's test layout.",)


def _integration_tests(base: dict[str, Any]) -> tuple[str, ...]:
    out = [f"Call `{p.method} {p.path}` through FastAPI's `TestClient` and check the status code and body."
           for p in base["proposed_routes"]]
    for route in base["routes"][:3]:
        callers = f", called from {', '.join(f'`{c}`' for c in route.called_from)}" if route.called_from else ""
        tested = f"; already called by {', '.join(f'`{t}`' for t in route.tested_from)}" if route.tested_from else ""
        out.append(f"Exercise `{route.method} {route.path}` (handler `{route.handler}` in `{route.file}`{callers}"
                   f"{tested}) and check it still answers as before.")
    out.extend(f"End to end: {check}." for check in base["e2e_checks"])
    return tuple(out) or ("Drive the feature through the running app and check the result end to end.",)


# A rule's criterion that speaks of something new ("the new control is visible…") does not hold
# for a plan that changes what is there.
_ABOUT_NEW = re.compile(r"\bnew\b", re.I)


def _edge_cases(base: dict[str, Any], layers: list[str], rules: tuple[Rule, ...]) -> tuple[str, ...]:
    """The matched rules' edge cases, after a report's own; without any, those of the layers the
    plan touches."""
    out = ["the case the report describes and the ordinary cases beside it both behave correctly after the fix"
           ] if is_report(base["feature"]) else []
    ruled = [e for r in rules for e in r.edge_cases if _adds(base) or not _ABOUT_NEW.search(e)]
    out.extend(ruled)
    if not ruled and "server" in layers:
        out.append("a request with missing or invalid fields answers 4xx with a message naming the field, not a 500")
    if not ruled and "client" in layers:
        out.append("the view shows a clear state while loading, when there is nothing to show and when a request fails")
    if not out:
        out.append("everything the existing tests cover behaves as before the change")
    return tuple(dict.fromkeys(out))[:8]


def _acceptance(base: dict[str, Any], analysis: Analysis, rules: tuple[Rule, ...]) -> tuple[str, ...]:
    out = [f"the reported problem no longer occurs: “{reported(base['feature'])}”"] if is_report(base["feature"]) else []
    out.extend(f"`{p.method} {p.path}` answers 2xx for valid input and 4xx with an error message for invalid input."
               for p in base["proposed_routes"])
    out.extend(a for r in rules for a in r.acceptance if _adds(base) or not _ABOUT_NEW.search(a))
    out.extend(f"`{c}` passes." for c in base["commands"])
    return tuple(dict.fromkeys(out))[:10]


def _notes(base: dict[str, Any], analysis: Analysis, rules: tuple[Rule, ...]) -> tuple[str, ...]:
    known = dependencies(analysis)
    notes = [library_note(rules, known, unfamiliar_names(base["feature_text"], analysis, known, rules))]
    suggested = base.get("suggested_files", ())
    if suggested:
        notes.append("Optional new modules, named by the project's conventions: "
                     + ", ".join(f"`{e.path}`" for e in suggested) + ".")
    notes.append("Matched rules: " + ", ".join(f"`{r.id}`" for r in rules) + ".")
    skipped = [w for w in base["skipped"] if w.startswith("skipped ")]
    partial = [w.removeprefix("read part of ") for w in base["skipped"] if w.startswith("read part of ")]
    if skipped:
        notes.append(f"{len(skipped)} file(s) could not be analysed and were left out: " + "; ".join(skipped[:5]) + ".")
    if partial:
        notes.append(f"{len(partial)} file(s) did not fully parse and were read in part: " + "; ".join(partial[:5]) + ".")
    return tuple(notes)


def _diagram(base: dict[str, Any], every: tuple[FileEntry, ...]) -> str:
    ids = {e.path: f"F{i}" for i, e in enumerate(every)}
    lines = ["flowchart LR"]
    for entry in every:
        style = ":::new" if entry.status == "new" else ""
        lines.append(f'    {ids[entry.path]}["{entry.path}"]{style}')
    for i, route in enumerate(base["routes"][:4]):
        lines.append(f'    R{i}(["{route.method} {route.path}"])')
        if route.file in ids:
            lines.append(f"    R{i} --> {ids[route.file]}")
        for caller in route.called_from:
            if caller in ids:
                lines.append(f"    {ids[caller]} --> R{i}")
    for j, proposed in enumerate(base["proposed_routes"]):
        lines.append(f'    P{j}(["{proposed.method} {proposed.path} (new)"]):::new')
        if proposed.file in ids:
            lines.append(f"    P{j} --> {ids[proposed.file]}")
    if any(e.status == "new" for e in every) or base["proposed_routes"]:
        lines.append("    classDef new stroke-dasharray: 4 4")
    return "\n".join(lines)
