"""Entry point for the Bookshelf API server.

Run with ``uv run python server.py``; the API listens on port 8000 and the
Vite dev server proxies ``/api`` requests to it.
"""

import os
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from core import library_store
from core.data_models import HealthResponse, StatsResponse
from core.stats import compute_stats
from routers import books, notes


@asynccontextmanager
async def lifespan(_: FastAPI):
    """Create the database schema before the first request is served."""
    library_store.init_db()
    yield


app = FastAPI(
    title="Bookshelf API",
    description="Track books, reading status, ratings and notes.",
    version="0.1.0",
    lifespan=lifespan,
)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:5173", "http://127.0.0.1:5173"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

app.include_router(books.router, prefix="/api")
app.include_router(notes.router, prefix="/api")


@app.get("/api/health", response_model=HealthResponse)
def health() -> HealthResponse:
    """Report server and database health."""
    try:
        count = library_store.count_books()
        database = "connected"
    except Exception:  # pragma: no cover - only hit when the DB file is broken
        count = 0
        database = "error"
    return HealthResponse(status="ok", database=database, book_count=count)


@app.get("/api/stats", response_model=StatsResponse)
def stats() -> StatsResponse:
    """Return aggregate reading statistics for the shelf."""
    return compute_stats(library_store.list_books())


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    uvicorn.run("server:app", host="0.0.0.0", port=port, reload=True)
