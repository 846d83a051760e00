"""CRUD and search endpoints for books."""

from typing import Optional

from fastapi import APIRouter, HTTPException, Query, status

from core import library_store
from core.data_models import Book, BookCreate, BookListResponse, BookUpdate, ReadingStatus

router = APIRouter(prefix="/books", tags=["books"])


@router.get("", response_model=BookListResponse)
def list_books(
    search: Optional[str] = Query(default=None, description="Match title, author or genre"),
    status_filter: Optional[ReadingStatus] = Query(default=None, alias="status"),
) -> BookListResponse:
    """List books on the shelf, optionally searching and filtering by status."""
    if search and search.strip():
        books = library_store.search_books(search, status_filter)
    else:
        books = library_store.list_books(status_filter)
    return BookListResponse(books=books, total=len(books))


@router.get("/{book_id}", response_model=Book)
def get_book(book_id: int) -> Book:
    """Return a single book by id."""
    book = library_store.get_book(book_id)
    if book is None:
        raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
    return book


@router.post("", response_model=Book, status_code=status.HTTP_201_CREATED)
def create_book(payload: BookCreate) -> Book:
    """Add a new book to the shelf."""
    return library_store.create_book(payload)


@router.put("/{book_id}", response_model=Book)
def update_book(book_id: int, payload: BookUpdate) -> Book:
    """Update a book's details, status or rating."""
    book = library_store.update_book(book_id, payload)
    if book is None:
        raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
    return book


@router.delete("/{book_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_book(book_id: int) -> None:
    """Remove a book (and its notes) from the shelf."""
    if not library_store.delete_book(book_id):
        raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
