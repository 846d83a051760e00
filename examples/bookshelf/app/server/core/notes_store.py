"""Storage for reading notes attached to books."""

from datetime import datetime, timezone
from typing import List

from core.data_models import Note, NoteCreate
from core.library_store import get_connection


def list_notes(book_id: int) -> List[Note]:
    """Return the notes for a book in the order they were written."""
    with get_connection() as conn:
        rows = conn.execute(
            "SELECT * FROM notes WHERE book_id = ? ORDER BY created_at, id",
            (book_id,),
        ).fetchall()
    return [
        Note(
            id=row["id"],
            book_id=row["book_id"],
            body=row["body"],
            page=row["page"],
            created_at=datetime.fromisoformat(row["created_at"]),
        )
        for row in rows
    ]


def add_note(data: NoteCreate) -> Note:
    """Store a note for an existing book and return it."""
    created_at = datetime.now(timezone.utc)
    with get_connection() as conn:
        cursor = conn.execute(
            "INSERT INTO notes (book_id, body, page, created_at) VALUES (?, ?, ?, ?)",
            (data.book_id, data.body.strip(), data.page, created_at.isoformat()),
        )
        note_id = cursor.lastrowid
    return Note(id=note_id, created_at=created_at, **data.model_dump())
