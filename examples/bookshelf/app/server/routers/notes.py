"""Endpoints for reading notes attached to books."""

from typing import List

from fastapi import APIRouter, HTTPException, status

from core import library_store, notes_store
from core.data_models import Note, NoteCreate

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("/book/{book_id}", response_model=List[Note])
def list_notes_for_book(book_id: int) -> List[Note]:
    """Return all notes written for a book."""
    if library_store.get_book(book_id) is None:
        raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
    return notes_store.list_notes(book_id)


@router.post("", response_model=Note, status_code=status.HTTP_201_CREATED)
def add_note(payload: NoteCreate) -> Note:
    """Attach a new note to an existing book."""
    if library_store.get_book(payload.book_id) is None:
        raise HTTPException(status_code=404, detail=f"Book {payload.book_id} not found")
    return notes_store.add_note(payload)
