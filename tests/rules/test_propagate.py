"""The relations propagation records between files, as a plan's reasons show them."""
from __future__ import annotations

from textwrap import dedent

from analyzers.resolve import resolve
from analyzers.scan import analyze_text
from rules.propagate import nearest_route, neighbours
from rules.terms import terms


def test_a_route_relation_names_the_route_that_holds_the_feature_words_not_the_first_one() -> None:
    app = {
        "app/server/server.py": """\
            from fastapi import FastAPI
            app = FastAPI()
            @app.delete("/api/backtests/{backtest_id}")
            def delete_backtest(backtest_id: int):
                return None
            @app.get("/api/trades/history")
            def trade_history():
                return []
            @app.get("/api/trades/open")
            def open_trades():
                return []
            """,
        "app/client/src/api.js": """\
            export const removeBacktest = (id) => fetch(`/api/backtests/${id}`, { method: "DELETE" });
            export const openTrades = () => fetch("/api/trades/open");
            export const tradeHistory = () => fetch("/api/trades/history");
            """,
    }
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(app.items()))
    resolution = resolve(files)
    near = neighbours(resolution)
    client = next(n for n in near["app/server/server.py"] if n.path == "app/client/src/api.js")
    server = next(n for n in near["app/client/src/api.js"] if n.path == "app/server/server.py")
    assert client.describe() == "handles DELETE /api/backtests/{backtest_id}, called from app/client/src/api.js"
    words = frozenset(terms("View trade history"))
    assert nearest_route(client, "app/server/server.py", resolution, words) == (
        "handles GET /api/trades/history, called from app/client/src/api.js")
    assert nearest_route(server, "app/client/src/api.js", resolution, words) == (
        "calls GET /api/trades/history, handled in app/server/server.py")
    # With no word in common, a reason names a read before a write, and a delete last.
    assert nearest_route(client, "app/server/server.py", resolution, frozenset(terms("Dark mode"))) == (
        "handles GET /api/trades/history, called from app/client/src/api.js")
    assert nearest_route(client, "app/server/server.py", resolution, frozenset(terms("Undo a removed backtest"))) == (
        "handles DELETE /api/backtests/{backtest_id}, called from app/client/src/api.js")
