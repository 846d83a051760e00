"""Which files come along with the modules a feature changes, and which stay out."""
from __future__ import annotations

import os
from textwrap import dedent

from analyzers.model import Route
from analyzers.resolve import Resolution, resolve
from analyzers.scan import analyze_text, scan
from analyzers.walk import DEFAULT_SCOPE
from rules.load import load_rules
from rules.model import Ranking
from rules.propagate import neighbours
from rules.rank import (OWN_FILES_OWNERS, FileScore, _own_file_reason, _own_files, _subject_routers, _with_own_files,
                        _with_tests, rank, record_words)
from rules.roles import detect_roles

APP = {
    "app/server/server.py": """\
        from fastapi import FastAPI
        from core.data_models import BookExportRequest
        from core.book_export import export_books_csv
        app = FastAPI()
        @app.post("/api/books/export")
        def export_books(request: BookExportRequest):
            return export_books_csv(request.columns)
        """,
    "app/server/core/data_models.py": """\
        from pydantic import BaseModel
        class BookExportRequest(BaseModel):
            columns: list[str]
        class Book(BaseModel):
            title: str
        """,
    "app/server/core/book_export.py": """\
        import csv
        def export_books_csv(columns):
            return ",".join(columns)
        """,
    "app/server/tests/core/test_book_export.py": """\
        from core.book_export import export_books_csv
        def test_export_books_csv_joins_columns():
            assert export_books_csv(["a", "b"]) == "a,b"
        """,
    "app/server/tests/core/test_data_models.py": """\
        from core.data_models import Book, BookExportRequest
        def test_book_export_request_keeps_the_chosen_csv_columns():
            assert BookExportRequest(columns=["a"]).columns == ["a"]
        def test_book_list_export_to_csv_file_rejects_missing_columns():
            assert BookExportRequest(columns=[]).columns == []
        """,
}


def _chosen(app: dict[str, str], feature: str) -> list[str]:
    """The paths `rank` chooses for `feature` in the app made of `app`'s (path, dedented text)."""
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(app.items()))
    resolution = resolve(files)
    return [c.path for c in rank(feature, files, resolution, neighbours(resolution), load_rules()).chosen]


def test_a_chosen_logic_module_brings_its_tests_but_a_models_module_does_not() -> None:
    chosen = _chosen(APP, "Export the book list as a CSV file with chosen columns")
    assert {"app/server/core/book_export.py", "app/server/core/data_models.py"} <= set(chosen)
    assert "app/server/tests/core/test_book_export.py" in chosen
    assert "app/server/tests/core/test_data_models.py" not in chosen


def test_a_test_named_after_the_feature_comes_along_when_it_outscores_every_module() -> None:
    app = dict(APP)
    app["app/server/tests/test_reading_streak_endpoint.py"] = """\
        from fastapi.testclient import TestClient
        def test_reading_streak_endpoint_counts_consecutive_reading_days():
            reading_streak = {"days": 3, "streak": "reading streak"}
            assert reading_streak["days"] == 3
        def test_reading_streak_endpoint_resets_after_a_missed_day():
            assert {"reading_streak": 0}["reading_streak"] == 0
        """
    chosen = _chosen(app, "Reading streak endpoint")
    assert "app/server/tests/test_reading_streak_endpoint.py" in chosen
    other = _chosen(app, "Export the book list as a CSV file with chosen columns")
    assert "app/server/tests/test_reading_streak_endpoint.py" not in other


def test_a_test_comes_along_with_the_module_it_is_named_after_dots_and_all() -> None:
    def score(path: str, total: float) -> FileScore:
        return FileScore(path, total, 0.0, 0.0, total)

    chosen = [score("src/app/app.routes.ts", 1.0)]
    tests = [score("src/app/app.component.spec.ts", 0.5), score("src/app/app.routes.spec.ts", 0.5)]
    roles = {"src/app/app.routes.ts": ("client-module",)}
    added = [s.path for s in _with_tests(chosen, tests, roles)[1:]]
    assert added == ["src/app/app.routes.spec.ts"]  # not the spec of `app.component.ts`


def test_a_file_no_feature_word_reaches_is_not_chosen_on_its_neighbours_alone() -> None:
    panel = """\
        import {{ ErrorBanner }} from './ErrorBanner'
        export function {name}Panel({{ {field} }}) {{
          return <section className="{css}-panel"><ErrorBanner /><h2>{title}</h2><p>{{{field}}}</p></section>
        }}
        """
    app = {
        "app/client/package.json": '{"dependencies": {"react": "^18"}}',
        "app/client/src/components/ErrorBanner.tsx": """\
            export function ErrorBanner() {
              return <div role="alert" className="banner">Something went wrong</div>
            }
            """,
        "app/server/server.py": 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/api/health")\ndef health(): ...\n',
    }
    # A crowded component folder: each panel's role prior is small, as in a real dashboard.
    for name in ("Quota", "Usage", "Billing", "Invoice", "Team", "Project", "Audit", "Region", "Plan", "Alert",
                 "Token", "Webhook", "Domain", "Backup", "Member"):
        app[f"app/client/src/components/{name}Panel.tsx"] = panel.format(
            name=name, field=name.lower() + "Value", css=name.lower(), title=f"{name} overview")
    chosen = _chosen(app, "Show quota, usage and billing figures side by side")
    assert "app/client/src/components/QuotaPanel.tsx" in chosen
    assert "app/client/src/components/ErrorBanner.tsx" not in chosen


LOANS_ROUTER = """\
    from fastapi import APIRouter
    router = APIRouter(prefix="/api/loans")
    @router.get("")
    def list_loans():
        return [{"loan_id": 1, "due_date": "2026-01-01", "overdue": False}]
    @router.post("/{loan_id}/renew")
    def renew_loan(loan_id: int):
        return {"loan_id": loan_id, "due_date": "2026-02-01"}
    """


def test_of_two_routers_the_one_the_feature_barely_mentions_stays_out() -> None:
    app = {
        "app/server/server.py": """\
            from fastapi import FastAPI
            from routers import loans, members
            app = FastAPI()
            app.include_router(loans.router)
            app.include_router(members.router)
            """,
        "app/server/routers/loans.py": LOANS_ROUTER,
        "app/server/routers/members.py": """\
            from fastapi import APIRouter
            router = APIRouter(prefix="/api/members")
            @router.get("")
            def list_members():
                return [{"member_id": 1, "name": "Ada", "note": "has a loan"}]
            """,
    }
    chosen = _chosen(app, "Add an endpoint that lists overdue loans by due date")
    assert "app/server/routers/loans.py" in chosen
    assert "app/server/routers/members.py" not in chosen


ROUTED_APP = {
    "app/server/server.py": """\
        from fastapi import FastAPI
        from routers import loans
        app = FastAPI()
        app.include_router(loans.router)
        @app.get("/api/health")
        def health():
            return {"status": "ok"}
        """,
    "app/server/routers/loans.py": LOANS_ROUTER,
}


def test_a_server_entry_with_routes_of_its_own_gives_way_to_the_router_the_feature_names() -> None:
    chosen = _chosen(ROUTED_APP, "Renew an overdue loan for another two weeks")
    assert "app/server/routers/loans.py" in chosen
    assert "app/server/server.py" not in chosen


def test_a_server_entry_stays_when_no_router_clearly_matches_the_feature() -> None:
    chosen = _chosen(ROUTED_APP, "Hello world endpoint")
    assert "app/server/server.py" in chosen


FLEET_APP = {
    "app/server/server.py": """\
        from fastapi import FastAPI
        from routers import gateway, overview
        app = FastAPI()
        app.include_router(gateway.router)
        app.include_router(overview.router)
        """,
    # A router of many routes, so that each of its words weighs little.
    "app/server/routers/gateway.py": 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/api/gateway")\n' + "".join(
        f'@router.{method}("{path}")\ndef {handler}():\n    return gateway.call("{handler}")\n'
        for method, path, handler in (("get", "/agents", "list_agents"), ("get", "/sessions", "list_sessions"),
                                      ("get", "/jobs", "list_jobs"), ("post", "/jobs/{job_id}/run", "run_job"),
                                      ("get", "/skills", "list_skills"), ("get", "/models", "list_models"),
                                      ("get", "/config", "read_config"), ("get", "/events", "stream_events"))),
    "app/server/routers/overview.py": """\
        from fastapi import APIRouter
        router = APIRouter(prefix="/api")
        def fleet_summary(agents):
            return {"fleet": len(agents), "label": "Agent fleet", "roster": "Agent roster", "busy": "Agent busy",
                    "idle": "Agent idle", "fleet_size": "Fleet size", "roster_note": "Fleet roster"}
        @router.get("/overview")
        def overview():
            return fleet_summary(["agent"])
        """,
    "app/server/models.py": """\
        from pydantic import BaseModel
        class AgentIdentity(BaseModel):
            agent_id: str
            name: str
        """,
    "app/client/src/services/gateway.js": """\
        export async function fetchAgents() {
          return (await fetch('/api/gateway/agents')).json();
        }
        export async function fetchOverview() {
          return (await fetch('/api/overview')).json();
        }
        """,
    "app/client/src/pages/Agents.jsx": """\
        import { fetchAgents } from '../services/gateway';
        export default function Agents() {
          return <section><h1>Agent roster</h1><p>Every agent in the fleet</p></section>;
        }
        """,
    "app/client/src/pages/Overview.jsx": """\
        import { fetchOverview } from '../services/gateway';
        export default function Overview() {
          return <section><h1>Fleet overview</h1><p>Fleet roster at a glance</p></section>;
        }
        """,
}


def test_of_several_routers_the_one_serving_the_record_the_feature_names_comes_along() -> None:
    """The overview router repeats the request's rarer words in its strings; the gateway router
    already serves `/api/gateway/agents`, where agents are created and deleted."""
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(FLEET_APP.items()))
    resolution = resolve(files)
    ranking = rank("Agents - Fleet Roster with CRUD Management", files, resolution, neighbours(resolution), load_rules())
    gateway = next(c for c in ranking.chosen if c.path == "app/server/routers/gateway.py")
    assert "serves GET /api/gateway/agents, which the feature names" in gateway.reason


def test_routers_serving_a_named_record_are_told_apart_only_among_several() -> None:
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(FLEET_APP.items()))
    resolution = resolve(files)
    roles = detect_roles(files, resolution)
    assert _subject_routers(resolution, roles, frozenset({"agent", "roster"})) == {"app/server/routers/gateway.py"}
    assert _subject_routers(resolution, roles, frozenset({"overview", "agent"})) == frozenset()  # every router does
    assert _subject_routers(resolution, roles, frozenset({"session"})) == {"app/server/routers/gateway.py"}
    assert _subject_routers(resolution, roles, frozenset({"fleet"})) == frozenset()  # a string, no route
    alone = {p: t for p, t in FLEET_APP.items() if "overview" not in p}
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(alone.items()))
    resolution = resolve(files)
    assert _subject_routers(resolution, detect_roles(files, resolution), frozenset({"agent"})) == frozenset()


CLIENT = {
    "app/client/index.html": """\
        <!doctype html>
        <html><body>
          <h1 id="title">Bookshelf</h1><button id="refresh-shelf">Refresh</button><section id="app" class="shelf"></section>
          <script type="module" src="/src/main.ts"></script>
        </body></html>
        """,
    "app/client/src/style.css": ".shelf { display: grid; }\n",
    "app/client/src/main.ts": """\
        import './style.css';
        const shelf = document.getElementById('app');
        async function loadShelf(): Promise<void> {
          const response = await fetch('/api/books/export', { method: 'POST' });
          shelf!.textContent = await response.text();
        }
        loadShelf();
        """,
}


def test_a_main_ui_module_chosen_on_its_role_alone_brings_no_markup_or_styles() -> None:
    app = {**APP, **CLIENT}
    chosen = _chosen(app, "Hello world endpoint")
    assert "app/server/server.py" in chosen
    assert not {"app/client/index.html", "app/client/src/style.css"} & set(chosen)
    shelf = _chosen(app, "Show the shelf as a grid")  # the feature's words reach main.ts
    assert {"app/client/src/main.ts", "app/client/index.html", "app/client/src/style.css"} <= set(shelf)


SERVER = {
    "app/server/server.py": """\
        from fastapi import FastAPI
        from core.data_models import Reminder
        app = FastAPI()
        @app.post("/api/reminders")
        def create_reminder(reminder: Reminder):
            return reminder
        @app.get("/api/health")
        def health():
            return {"ok": True}
        """,
    "app/server/core/data_models.py": """\
        from pydantic import BaseModel
        class Reminder(BaseModel):
            target_id: str
        """,
    "app/server/core/mailer.py": "def send_mail(to, subject):\n    return (to, subject)\n",
}


def _angular_page(name: str, body: str) -> dict[str, str]:
    """A page component whose name, template and styles hold none of its feature's words."""
    folder = f"app/client/src/app/pages/{name}"
    return {
        f"{folder}/{name}-page.component.ts": f"""\
            import {{ Component }} from '@angular/core';
            @Component({{
              selector: 'app-{name}-page',
              templateUrl: './{name}-page.component.html',
              styleUrls: ['./{name}-page.component.scss'],
            }})
            export class {name.title()}PageComponent {{
              {body}
            }}
            """,
        f"{folder}/{name}-page.component.html": "<section class=\"page\"><h2>{{ heading }}</h2></section>\n",
        f"{folder}/{name}-page.component.scss": ".page { display: block; }\n",
    }


ANGULAR = {
    **SERVER,
    "app/client/package.json": '{"dependencies": {"@angular/core": "^17.0.0"}}\n',
    "app/client/src/main.ts": "import { bootstrapApplication } from '@angular/platform-browser';\n",
    "app/client/src/index.html": "<html><body><app-root></app-root></body></html>\n",
    **_angular_page("billing", "overdueInvoices: string[] = [];\n  sendInvoiceReminder(id: string) {}"),
    **_angular_page("accounts", "customers: string[] = [];\n  archiveCustomer(id: string) {}"),
}
BILLING = "app/client/src/app/pages/billing/billing-page.component"


def test_a_chosen_angular_component_brings_its_template_but_not_its_styles() -> None:
    chosen = _chosen(ANGULAR, "Send a reminder for overdue invoices")
    assert {BILLING + ".ts", BILLING + ".html"} <= set(chosen)
    assert BILLING + ".scss" not in chosen
    assert not any("/accounts/" in path for path in chosen)


def _own(app: dict[str, str]) -> dict[str, tuple[str, ...]]:
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(app.items()))
    resolution = resolve(files)
    return _own_files(resolution, detect_roles(files, resolution, None))


def test_a_component_owns_its_template_and_the_stylesheet_beside_it_it_imports() -> None:
    react = {
        "app/client/package.json": '{"dependencies": {"react": "^18.0.0"}}\n',
        "app/client/src/main.jsx": "import App from './App.jsx';\n",
        "app/client/src/App.jsx": "import Card from './components/Card.jsx';\nimport './index.css';\n"
                                  "export default function App() { return <Card />; }\n",
        "app/client/src/index.css": "body { margin: 0; }\n",
        "app/client/src/components/Card.jsx": "import './Card.css';\nimport '../theme.css';\n"
                                              "export default function Card() { return <div className=\"card\" />; }\n",
        "app/client/src/components/Card.css": ".card { padding: 8px; }\n",
        "app/client/src/theme.css": ":root { --accent: teal; }\n",
    }
    own = _own(react)
    assert own["app/client/src/components/Card.jsx"] == ("app/client/src/components/Card.css",)
    assert "app/client/src/components/Card.css" not in own  # a stylesheet does not bring its component
    assert "app/client/src/App.jsx" not in own  # the global stylesheet is not App's own
    angular = _own(ANGULAR)
    assert angular[BILLING + ".ts"] == (BILLING + ".html",)  # the styleUrls are not
    assert angular[BILLING + ".html"] == (BILLING + ".ts",)


def test_only_the_best_chosen_components_bring_their_own_files() -> None:
    def score(path: str, lexical: float) -> FileScore:
        return FileScore(path, lexical, 0.0, 0.0, lexical)

    pages = [score(f"src/p{n}.component.ts", 0.5 - n / 10) for n in range(3)]
    templates = [score(f"src/p{n}.component.html", 0.1) for n in range(3)]
    own = {f"src/p{n}.component.ts": (f"src/p{n}.component.html",) for n in range(3)}
    added = [s.path for s in _with_own_files(pages, pages + templates, own)[3:]]
    assert added == ["src/p0.component.html", "src/p1.component.html"][:OWN_FILES_OWNERS]
    unreached = [score("src/p0.component.ts", 0.0)]  # chosen on its role alone: brings nothing
    assert _with_own_files(unreached, unreached + templates, own) == unreached


def test_a_template_is_named_as_its_components_template_not_as_an_html_entry() -> None:
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(ANGULAR.items()))
    resolution = resolve(files)
    ranking = rank("Send a reminder for overdue invoices", files, resolution, neighbours(resolution), load_rules())
    template = next(c for c in ranking.chosen if c.path == BILLING + ".html")
    assert "html-entry" in template.roles  # ranked as markup
    assert template.reasons[0].evidence == "component template"


def test_the_records_an_app_serves_are_the_segments_its_routes_end_in_or_take_a_parameter_after() -> None:
    def route(path: str) -> Route:
        return Route("GET", path, "handler", "app/server/server.py", 1)
    resolution = Resolution((), (route("/api/books/{book_id}/notes"), route("/api/health"), route("/api/v1/stats")), (), ())
    assert record_words(resolution) == frozenset({"book", "note", "health", "stat"})
    assert record_words(Resolution((), (), (), ())) is None


def test_a_docs_request_that_says_update_leaves_the_routes_alone() -> None:
    paths = [c.path for c in _bookshelf_ranking("Update the README with setup instructions").chosen]
    assert paths[0] == "README.md"
    assert not [p for p in paths if p.startswith("app/")]
    renamed = _bookshelf_ranking("Let readers rename a book")
    assert "edit-update" in [r.id for r in renamed.rules]
    # `PUT /api/books/{book_id}` renames a book already: the client is what changes.
    assert renamed.served and [(r.method, r.path) for r, _ in renamed.served.routes] == [("PUT", "/api/books/{book_id}")]
    assert "app/client/src/api/client.ts" in [c.path for c in renamed.chosen]
    assert not [c.path for c in renamed.chosen if c.path.startswith("app/server/")]


def _bookshelf_ranking(feature: str) -> Ranking:
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "examples", "bookshelf")
    repo = scan(root, DEFAULT_SCOPE, use_cache=False)
    resolution = resolve(repo.files)
    return rank(feature, repo.files, resolution, neighbours(resolution), load_rules())


def test_a_file_that_only_comes_along_with_a_chosen_one_says_which_and_under_which_rule() -> None:
    ranking = _bookshelf_ranking("Upgrade the OpenAI SDK")
    reasons = {c.path: [(r.rule, r.evidence) for r in c.reasons] for c in ranking.chosen}
    assert reasons["app/client/src/style.css"] == [
        ("role", "stylesheet"),
        ("companion", "changes with app/client/src/main.ts (main UI module), per any-feature")]
    # A file the graph or a rule already accounts for is not also called a companion.
    assert not [path for path, said in reasons.items()
                if any(kind == "companion" for kind, _ in said) and any(kind in ("graph", "prior") for kind, _ in said)]


def test_an_own_file_is_named_as_its_owners_template_stylesheet_or_component() -> None:
    own = {"c/Card.jsx": ("c/Card.css",), "p/a.component.ts": ("p/a.component.html",),
           "p/a.component.html": ("p/a.component.ts",)}
    assert _own_file_reason("c/Card.css", {"c/Card.jsx"}, own) == "the own stylesheet of c/Card.jsx"
    assert _own_file_reason("p/a.component.html", {"p/a.component.ts"}, own) == "the own template of p/a.component.ts"
    assert _own_file_reason("p/a.component.ts", {"p/a.component.html"}, own) == "the component of p/a.component.html"


def test_a_prior_from_the_rule_every_feature_matches_names_the_role_it_credits() -> None:
    ranking = _bookshelf_ranking("Keep reading progress per book")
    priors = {c.path: r.evidence for c in ranking.chosen for r in c.reasons if r.rule == "prior"}
    # Not the rule's description ("... the server entry point and the main UI module") on every file.
    assert priors["app/server/core/data_models.py"] == "any-feature: full-stack features usually change the data models"
    assert priors["app/client/src/api/client.ts"] == "any-feature: full-stack features usually change the API client"
    assert priors["app/server/server.py"] == "any-feature: full-stack features usually change the server entry point"
