"""A small, realistic Plan built by hand, so renderer tests need no analysis."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from scaffolder.plan import FileEntry, Plan, ProposedRoute, RouteEntry, Task, TestEntry

FILES = (
    FileEntry("app/server/routers/items.py", "modify", "route module; handles GET /api/items", 1.4, ("route-module",)),
    FileEntry("app/client/src/api/client.ts", "modify", "API client; calls GET /api/items", 1.1, ("api-client",)),
    FileEntry("app/client/index.html", "modify", "HTML entry; loads app/client/src/main.ts", 0.9, ("html-entry",)),
)
SERVER_ONLY = FILES[:1]
TASKS = (
    Task("Update the route module: `app/server/routers/items.py`",
         ("Why: route module; handles GET /api/items.",
          "Add `GET /api/items/export` next to `GET /api/items`, with a response model and a clear 4xx on bad input.",
          "Start from `list_items` (line 12), `get_item` (line 20).")),
    Task("Update the API client: `app/client/src/api/client.ts`",
         ("Why: API client; calls GET /api/items.", "Add the client call for the new behaviour beside the existing ones.")),
    Task("Update the HTML entry: `app/client/index.html`",
         ("Why: HTML entry.", "Place the new control beside the existing elements `#item-list`, `#add-item`.")),
    Task("Run the Validation Commands", ("`cd app/server && uv run pytest`",)),
)


def make_plan(**overrides: Any) -> Plan:
    plan = Plan(
        feature="Add a button that exports the item list as a CSV file", name="Add a Button That Exports the Item List",
        slug="add-a-button-that-exports-the-item-list", kind="feature", app_name="Itemshelf",
        app_summary="Itemshelf keeps a list of items.", user_type="reader", action="add a button that exports the list",
        benefit="I can use the data in other tools", files=FILES, new_files=(),
        routes=(RouteEntry("GET", "/api/items", "list_items", "app/server/routers/items.py", 12,
                           ("app/client/src/api/client.ts",)),),
        proposed_routes=(ProposedRoute("GET", "/api/items/export", "app/server/routers/items.py", "GET /api/items"),),
        tests=(TestEntry("app/server/tests/test_items.py", "existing", ("app/server/routers/items.py",),
                         "cd app/server && uv run pytest tests/test_items.py"),),
        commands=("cd app/server && uv run pytest tests/test_items.py", "cd app/server && uv run pytest",
                  "cd app/client && npm run build"),
        e2e_checks=("`./scripts/start.sh` then `curl -sf http://localhost:8000/api/items/export` answers 2xx",),
        description="Add a button that exports the item list as a CSV file, in Itemshelf.",
        problem="Itemshelf offers no way to export the list today.", solution="Add `GET /api/items/export`.",
        phases=(("Prepare the models.",), ("Add the route.",), ("Wire the button.",)), tasks=TASKS,
        unit_tests=("Extend `app/server/tests/test_items.py`.",), integration_tests=("Call the route.",),
        edge_cases=("an empty list exports only the header row",), acceptance=("the file downloads",
                                                                              "`cd app/server && uv run pytest` passes."),
        notes=("No new library is needed: the feature fits the project's existing dependencies.",),
        diagram="flowchart LR\n    F0[\"app/server/routers/items.py\"]", skipped=(), rules=("export-download",),
    )
    return replace(plan, **overrides)
