"""SQLite-backed storage for books on the shelf.

All functions open a short-lived connection to the database configured via
``configure()`` (or the ``BOOKSHELF_DB`` environment variable) so that the
store is safe to use from FastAPI's threadpool.
"""

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator, List, Optional

from core.data_models import Book, BookCreate, BookUpdate, ReadingStatus

_db_path: str = os.environ.get("BOOKSHELF_DB", "bookshelf.db")

SCHEMA = """
CREATE TABLE IF NOT EXISTS books (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    isbn TEXT,
    pages INTEGER,
    genre TEXT,
    status TEXT NOT NULL DEFAULT 'want_to_read',
    rating INTEGER,
    added_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    page INTEGER,
    created_at TEXT NOT NULL
);
"""


def configure(db_path: str) -> None:
    """Point the store at ``db_path`` and make sure the schema exists."""
    global _db_path
    _db_path = db_path
    init_db()


def database_path() -> str:
    """Return the path of the SQLite database currently in use."""
    return _db_path


@contextmanager
def get_connection() -> Iterator[sqlite3.Connection]:
    """Yield a connection with row access by name; commits on success."""
    conn = sqlite3.connect(_db_path)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def init_db() -> None:
    """Create the tables if they do not exist yet."""
    with get_connection() as conn:
        conn.executescript(SCHEMA)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _row_to_book(row: sqlite3.Row) -> Book:
    return Book(
        id=row["id"],
        title=row["title"],
        author=row["author"],
        isbn=row["isbn"],
        pages=row["pages"],
        genre=row["genre"],
        status=ReadingStatus(row["status"]),
        rating=row["rating"],
        added_at=datetime.fromisoformat(row["added_at"]),
        finished_at=datetime.fromisoformat(row["finished_at"]) if row["finished_at"] else None,
    )


def list_books(status: Optional[ReadingStatus] = None) -> List[Book]:
    """Return all books, newest first, optionally filtered by reading status."""
    query = "SELECT * FROM books"
    params: tuple = ()
    if status is not None:
        query += " WHERE status = ?"
        params = (status.value,)
    query += " ORDER BY added_at DESC, id DESC"
    with get_connection() as conn:
        rows = conn.execute(query, params).fetchall()
    return [_row_to_book(row) for row in rows]


def search_books(term: str, status: Optional[ReadingStatus] = None) -> List[Book]:
    """Case-insensitive search over title, author and genre."""
    pattern = f"%{term.strip().lower()}%"
    query = (
        "SELECT * FROM books WHERE (lower(title) LIKE ? OR lower(author) LIKE ?"
        " OR lower(coalesce(genre, '')) LIKE ?)"
    )
    params: list = [pattern, pattern, pattern]
    if status is not None:
        query += " AND status = ?"
        params.append(status.value)
    query += " ORDER BY title COLLATE NOCASE"
    with get_connection() as conn:
        rows = conn.execute(query, params).fetchall()
    return [_row_to_book(row) for row in rows]


def get_book(book_id: int) -> Optional[Book]:
    """Return a single book or ``None`` if it does not exist."""
    with get_connection() as conn:
        row = conn.execute("SELECT * FROM books WHERE id = ?", (book_id,)).fetchone()
    return _row_to_book(row) if row else None


def create_book(data: BookCreate) -> Book:
    """Insert a new book and return it with its generated id."""
    finished_at = _now() if data.status == ReadingStatus.FINISHED else None
    with get_connection() as conn:
        cursor = conn.execute(
            "INSERT INTO books (title, author, isbn, pages, genre, status, rating, added_at, finished_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                data.title.strip(),
                data.author.strip(),
                data.isbn,
                data.pages,
                data.genre,
                data.status.value,
                data.rating,
                _now(),
                finished_at,
            ),
        )
        book_id = cursor.lastrowid
    book = get_book(book_id)
    assert book is not None
    return book


def update_book(book_id: int, changes: BookUpdate) -> Optional[Book]:
    """Apply a partial update; returns the updated book or ``None`` if missing."""
    current = get_book(book_id)
    if current is None:
        return None
    fields = changes.model_dump(exclude_unset=True)
    if not fields:
        return current
    if "status" in fields and fields["status"] is not None:
        new_status = ReadingStatus(fields["status"])
        fields["status"] = new_status.value
        if new_status == ReadingStatus.FINISHED and current.finished_at is None:
            fields["finished_at"] = _now()
        elif new_status != ReadingStatus.FINISHED:
            fields["finished_at"] = None
    assignments = ", ".join(f"{column} = ?" for column in fields)
    with get_connection() as conn:
        conn.execute(
            f"UPDATE books SET {assignments} WHERE id = ?",
            (*fields.values(), book_id),
        )
    return get_book(book_id)


def delete_book(book_id: int) -> bool:
    """Delete a book and its notes; returns ``True`` if a row was removed."""
    with get_connection() as conn:
        cursor = conn.execute("DELETE FROM books WHERE id = ?", (book_id,))
        return cursor.rowcount > 0


def count_books() -> int:
    """Return the number of books on the shelf."""
    with get_connection() as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM books").fetchone()
    return int(count)
