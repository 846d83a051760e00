"""The part each file plays in a full-stack app, detected from facts, never from one app's names."""
from __future__ import annotations

import posixpath
import re

from analyzers.graph import is_test_path
from analyzers.model import FileFacts
from analyzers.paths import import_root, package_folders
from analyzers.resolve import Resolution

LLM_PACKAGES = frozenset({"openai", "anthropic", "langchain", "langchain_openai", "langchain_anthropic",
                          "google", "cohere", "mistralai", "groq", "ollama", "litellm", "transformers"})
ROLE_TITLES = {
    "server-entry": "server entry point",
    "route-module": "route module",
    "models": "data models",
    "core-logic": "server logic module",
    "llm-module": "LLM provider module",
    "settings": "settings module",
    "server-test": "server tests",
    "api-client": "API client",
    "types": "client type declarations",
    "client-entry": "main UI module",
    "ui-module": "UI module",
    "component": "UI component",
    "html-entry": "HTML entry",
    "component-template": "component template",
    "stylesheet": "stylesheet",
    "shared-stylesheet": "base stylesheet (the markup's classes are defined elsewhere)",
    "client-test": "client tests",
    "client-config": "client build config",
    "client-manifest": "client package manifest",
    "server-config": "server project config",
    "readme": "project README",
    "script": "script",
    "client-module": "client module",
    "tooling": "tooling outside the app",
    "client-bootstrap": "client bootstrap (mounts the root component)",
    "html-shell": "HTML shell (mount point only)",
    "barrel": "re-export module (gathers other modules' names)",
}
# Which role names a file when it has several (main.ts is the main UI module before an API client).
ROLE_PRIORITY = ("server-entry", "route-module", "llm-module", "models", "settings", "core-logic", "server-test",
                 "client-entry", "component", "api-client", "types", "ui-module", "client-module",
                 "component-template", "html-entry", "stylesheet", "shared-stylesheet", "client-test", "readme",
                 "script", "client-manifest", "client-config", "server-config", "client-bootstrap", "html-shell",
                 "barrel", "tooling")
# Roles of files that declare data shapes (Pydantic models, TypeScript types) and hold no behaviour.
DECLARATIVE_ROLES = frozenset({"models", "types"})
TEST_ROLES = frozenset({"server-test", "client-test"})
# Roles of files on the server side: what a request the server already serves leaves alone.
SERVER_ROLES = frozenset({"route-module", "server-entry", "models", "core-logic", "llm-module", "settings",
                          "server-test", "server-config"})
MIN_MARKUP_IDS = 3
# A UI whose markup uses many classes that a stylesheet hardly defines is styled by utility
# classes (Tailwind) or per-component styles: that stylesheet only holds the base rules, and
# is rarely where a feature's styles go.
MIN_MARKUP_CLASSES = 20
MAX_DEFINED_SHARE = 0.25
# A module that only gathers names from others (`from .models import (...)`, `export { x } from`)
# is where imports point, not where a feature's code goes: most of its words are imported names.
MIN_REEXPORTED_NAMES = 3
MIN_REEXPORTED_SHARE = 0.4
_SETTINGS_NAME = re.compile(r"(?:^|/)(?:settings|config|constants|env)\.py$")


def role_titles(roles: tuple[str, ...]) -> str:
    """The roles in words; a component's template is not also called an HTML entry."""
    shown = [r for r in roles if not (r == "html-entry" and "component-template" in roles)]
    return ", ".join(ROLE_TITLES.get(r, r) for r in shown)


def primary_role(roles: tuple[str, ...]) -> str:
    """The role that best names a file ("file" when it has none)."""
    ranked = sorted(roles, key=lambda r: ROLE_PRIORITY.index(r) if r in ROLE_PRIORITY else len(ROLE_PRIORITY))
    return ranked[0] if ranked else "file"


WORKSPACE_SHARE = 0.8


SERVER_FOLDERS = frozenset({"server", "backend", "api"})


def app_roots(files: tuple[FileFacts, ...], resolution: Resolution) -> tuple[str | None, str | None]:
    """The client folder (of the package.json with most client files below it; with no package.json,
    of the HTML page loading a script with most client files below it: a static client the server
    serves as it is) and the server folder: of the FastAPI app beside the client (sharing the most
    leading folders with it), then serving the most of the client's requests, then in a folder named
    as servers are (SERVER_FOLDERS), then serving the most routes. A webhook or tooling app elsewhere
    in the tree can serve more routes than a young app server; it does not sit next to the client,
    nor does the client call it, nor is it in `server/` (a client at the repository's root sits next
    to every folder, and one outside the scope next to none)."""
    manifests = {posixpath.dirname(f.path) for f in files if f.path.endswith("package.json")}
    if not manifests:
        manifests = {posixpath.dirname(link.source) for link in resolution.links
                     if link.kind == "loads" and link.source.endswith(".html") and _is_script(link.target)}
    packages = []
    for folder in manifests:
        below = sum(1 for g in files if g.language in ("typescript", "javascript", "html")
                    and (not folder or g.path.startswith(folder + "/")))
        packages.append((below, folder.count("/") + bool(folder), folder))
    packages.sort(key=lambda p: (-p[0], p[1], p[2]))
    client = packages[0][2] if packages else None
    # A workspace root's package.json holds the client's files only through the package that is
    # the client (`frontend/`): the deeper manifest with nearly all of them is the client.
    for below, _, folder in packages[1:]:
        if (not client or folder.startswith(client + "/")) and below >= WORKSPACE_SHARE * packages[0][0]:
            client = folder
    route_count: dict[str, int] = {}
    for route in resolution.routes:
        route_count[route.file] = route_count.get(route.file, 0) + 1
    mounted: dict[str, set[str]] = {}
    for link in resolution.links:
        if link.kind == "mounts":
            mounted.setdefault(link.source, set()).add(link.target)
    called: dict[str, int] = {}
    for call in resolution.calls:
        if call.route is not None and not call.file.endswith(".py"):
            called[call.route.file] = called.get(call.route.file, 0) + 1
    apps = []
    for f in files:
        if f.language == "python" and any(r.kind == "FastAPI" for r in f.routers):
            own = (f.path, *mounted.get(f.path, ()))
            served = sum(route_count.get(t, 0) for t in own)
            beside = _shared_folders(posixpath.dirname(f.path), client)
            elsewhere = not SERVER_FOLDERS.intersection(f.path.split("/")[:-1])
            requests = sum(called.get(t, 0) for t in own)
            apps.append((-beside, -requests, elsewhere, -served, f.path.count("/"), f.path))
    if not apps:
        return None, client
    return import_root(posixpath.dirname(sorted(apps)[0][-1]), package_folders(f.path for f in files), client), client


def _is_script(path: str) -> bool:
    return path.endswith((".js", ".mjs", ".ts", ".jsx", ".tsx"))


def _shared_folders(a: str, b: str | None) -> int:
    if not a or not b:
        return 0
    count = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        count += 1
    return count


def _inside(path: str, root: str | None) -> bool:
    return root is not None and (root == "" or path.startswith(root + "/"))


_MOUNT_CALLS = frozenset({"createRoot", "hydrateRoot", "bootstrapApplication", "bootstrapModule", "createApp",
                          "platformBrowserDynamic"})


def _bootstraps(files: tuple[FileFacts, ...], resolution: Resolution, loaded: set[str]) -> dict[str, str]:
    """Entry scripts that only mount a root component (`createRoot(...).render(<App/>)`), mapped
    to the module they mount: that module, not the bootstrap, is the app's main UI."""
    by_path = {f.path: f for f in files}
    imports: dict[str, list[str]] = {}
    for link in resolution.links:
        if link.kind == "imports":
            imports.setdefault(link.source, []).append(link.target)
    out = {}
    mounting = {f.path for f in files if f.language in ("typescript", "javascript") and _MOUNT_CALLS & set(f.identifiers)}
    for path in sorted(loaded | mounting):
        facts = by_path.get(path)
        if facts is None or not (_MOUNT_CALLS & set(facts.identifiers)) or len(facts.symbols) > 3:
            continue
        mounted = _root_component(path, imports, by_path)
        if mounted:
            out[path] = mounted
    return out


def _root_component(entry: str, imports: dict[str, list[str]], by_path: dict[str, FileFacts]) -> str | None:
    """The first imported module (two levels deep, e.g. via an app module) defining a component."""
    level = [t for t in imports.get(entry, []) if t in by_path and by_path[t].language in ("typescript", "javascript")]
    for _ in range(2):
        for target in level:
            if any(s.kind == "component" for s in by_path[target].symbols):
                return target
        level = [t for src in level for t in imports.get(src, []) if t in by_path]
    first = [t for t in imports.get(entry, []) if t in by_path and by_path[t].language in ("typescript", "javascript")]
    return first[0] if first else None


def detect_roles(files: tuple[FileFacts, ...], resolution: Resolution,
                 roots: tuple[str | None, str | None] | None = None) -> dict[str, tuple[str, ...]]:
    """Roles of every file, sorted, from what the analyzers found (`roots`: known server/client folders)."""
    loaded = {link.target for link in resolution.links if link.kind == "loads"}
    bootstraps = _bootstraps(files, resolution, loaded)
    loaded = (loaded - set(bootstraps)) | set(bootstraps.values())
    calling = {call.file for call in resolution.calls}
    llm_files = {path for path, package in resolution.packages if package in LLM_PACKAGES}
    server, client = roots or app_roots(files, resolution)
    roles = {f.path: tuple(sorted(_roles_of(f, loaded, calling, llm_files, server, client))) for f in files}
    for path in bootstraps:
        roles[path] = ("client-bootstrap",)
    for path in _base_stylesheets(files, roles):
        roles[path] = tuple(sorted({*roles[path]} - {"stylesheet"} | {"shared-stylesheet"}))
    return roles


def _base_stylesheets(files: tuple[FileFacts, ...], roles: dict[str, tuple[str, ...]]) -> list[str]:
    """Stylesheets defining few of the classes the UI's markup uses (see MAX_DEFINED_SHARE),
    except a component's own stylesheet beside it."""
    ui = {"client-entry", "component", "ui-module"}
    used = {d.name for f in files if f.language in ("typescript", "javascript") and ui & set(roles[f.path])
            for d in f.dom if d.kind == "class-defined"}
    if len(used) < MIN_MARKUP_CLASSES:
        return []
    beside_component = {_stem(path) for path, held in roles.items() if "component" in held and "client-entry" not in held}
    out = []
    for f in files:
        if "stylesheet" in roles[f.path] and _stem(f.path) not in beside_component:
            defined = {d.name for d in f.dom if d.kind == "class-defined"}
            if len(used & defined) < MAX_DEFINED_SHARE * len(used):
                out.append(f.path)
    return out


def _stem(path: str) -> str:
    """`ui/Card.css` and `ui/Card.tsx` → `ui/Card`: a stylesheet beside its component."""
    folder, _, name = path.rpartition("/")
    return f"{folder}/{name.split('.', 1)[0]}"


def _roles_of(f: FileFacts, loaded: set[str], calling: set[str], llm_files: set[str],
              server: str | None, client: str | None) -> set[str]:
    roles: set[str] = set()
    name = f.path.rsplit("/", 1)[-1].lower()
    # Python is the server's language: beside a client at the repository's root, agents' and
    # tools' Python is no more the app's than elsewhere.
    in_app = _inside(f.path, server) or (_inside(f.path, client) and not (f.language == "python" and server))
    project_readme = f.language == "markdown" and f.path.lower() == "readme.md"
    if f.language in ("python", "typescript", "javascript", "html", "css", "markdown") and not in_app \
            and (server or client) and not project_readme:
        # Code and notes outside the app's server and client folders (tooling, agents, earlier
        # plans, docs sites) play no app role, so role priors never pull them into a feature plan.
        return {"tooling"}
    if _is_barrel(f):
        return {"barrel"}
    if f.language == "python":
        roles |= _python_roles(f, llm_files)
    elif f.language in ("typescript", "javascript"):
        roles |= _client_roles(f, loaded, calling)
    elif f.language == "html":
        # A page that only holds a mount point (`<div id="root">`) is rendered by script: its
        # markup is not where a feature's elements go.
        ids = {d.name for d in f.dom if d.kind == "id-defined"}
        template = f.path in loaded  # a component's templateUrl
        roles.add("html-entry" if template or len(ids) >= MIN_MARKUP_IDS else "html-shell")
        if template:  # ranked as markup, named as what it is
            roles.add("component-template")
    elif f.language == "css":
        roles.add("stylesheet")
    elif project_readme:  # the project README, not a folder's notes
        roles.add("readme")
    elif f.language == "shell":
        roles.add("script")
    elif name == "package.json":
        roles.add("client-manifest")  # dependencies and scripts: what a new library changes
    elif name in ("tsconfig.json", "jsconfig.json"):
        roles.add("client-config")
    elif name in ("pyproject.toml", "requirements.txt"):
        roles.add("server-config")
    return roles


def _is_barrel(f: FileFacts) -> bool:
    if f.language not in ("python", "typescript", "javascript") or is_test_path(f.path):
        return False
    if f.routes or f.routers or f.mounts or f.models or f.dom or f.client_calls or f.wrappers or f.tests:
        return False
    if any(s.kind != "const" for s in f.symbols):
        return False
    imported = {name for i in f.imports for name in i.names}
    return len(imported) >= MIN_REEXPORTED_NAMES and len(imported) >= MIN_REEXPORTED_SHARE * len(set(f.identifiers))


def _python_roles(f: FileFacts, llm_files: set[str]) -> set[str]:
    if is_test_path(f.path) or f.path.rsplit("/", 1)[-1] == "conftest.py":
        return {"server-test"}
    roles: set[str] = set()
    if any(r.kind == "FastAPI" for r in f.routers) or any(not m.attribute for m in f.mounts):
        roles.add("server-entry")
    if f.routes:
        roles.add("route-module")
    if f.models or "__tablename__" in f.identifiers:  # Pydantic models, or ORM tables (SQLAlchemy, SQLModel)
        roles.add("models")
    if f.path in llm_files:
        roles.add("llm-module")
    if _SETTINGS_NAME.search(f.path) or any(m.bases and "BaseSettings" in m.bases for m in f.models):
        roles.add("settings")
    if not roles and any(s.kind in ("function", "class") for s in f.symbols):
        roles.add("core-logic")
    return roles


def _client_roles(f: FileFacts, loaded: set[str], calling: set[str]) -> set[str]:
    if is_test_path(f.path):
        return {"client-test"}
    name = f.path.rsplit("/", 1)[-1]
    if name.startswith(("vite.config", "vitest.config", "webpack.config", "eslint", "postcss", "tailwind")):
        return {"client-config"}
    roles: set[str] = set()
    if f.path.endswith(".d.ts") or (f.symbols and all(s.kind in ("interface", "type", "enum") for s in f.symbols)):
        roles.add("types")
    if f.path in calling or f.wrappers:
        roles.add("api-client")
    if f.path in loaded:
        roles.add("client-entry")
    if any(s.kind == "component" for s in f.symbols):
        roles.add("component")
    if f.dom and "api-client" not in roles:
        roles.add("ui-module")
    if not roles and not name.endswith(".d.ts"):
        roles.add("ui-module" if f.path.endswith((".tsx", ".jsx")) else "client-module")
    return roles
