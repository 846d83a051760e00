"""Tests for the SQLite-backed library store."""

import pytest

from core import library_store
from core.data_models import BookCreate, BookUpdate, ReadingStatus
from core.library_store import (
    create_book,
    delete_book,
    get_book,
    list_books,
    search_books,
    update_book,
)


@pytest.fixture(autouse=True)
def temp_db(tmp_path):
    """Use a fresh database file for every test."""
    library_store.configure(str(tmp_path / "test.db"))
    yield


def _add(title: str, author: str, **kwargs):
    return create_book(BookCreate(title=title, author=author, **kwargs))


def test_create_and_get_book():
    book = _add("Dune", "Frank Herbert", pages=412, genre="Science Fiction")
    fetched = get_book(book.id)
    assert fetched is not None
    assert fetched.title == "Dune"
    assert fetched.status == ReadingStatus.WANT_TO_READ
    assert fetched.finished_at is None


def test_get_missing_book_returns_none():
    assert get_book(999) is None


def test_list_books_filters_by_status():
    _add("Emma", "Jane Austen", status=ReadingStatus.READING)
    _add("Beloved", "Toni Morrison", status=ReadingStatus.FINISHED)
    reading = list_books(ReadingStatus.READING)
    assert [b.title for b in reading] == ["Emma"]
    assert len(list_books()) == 2


def test_search_matches_title_author_and_genre():
    _add("The Hobbit", "J.R.R. Tolkien", genre="Fantasy")
    _add("Neuromancer", "William Gibson", genre="Cyberpunk")
    assert [b.title for b in search_books("hobbit")] == ["The Hobbit"]
    assert [b.title for b in search_books("GIBSON")] == ["Neuromancer"]
    assert [b.title for b in search_books("fant")] == ["The Hobbit"]
    assert search_books("nothing-like-this") == []


def test_update_sets_and_clears_finished_at():
    book = _add("Middlemarch", "George Eliot")
    finished = update_book(book.id, BookUpdate(status=ReadingStatus.FINISHED, rating=5))
    assert finished is not None
    assert finished.finished_at is not None
    assert finished.rating == 5
    reopened = update_book(book.id, BookUpdate(status=ReadingStatus.READING))
    assert reopened is not None
    assert reopened.finished_at is None
    assert reopened.rating == 5


def test_update_missing_book_returns_none():
    assert update_book(42, BookUpdate(title="Nope")) is None


def test_delete_book():
    book = _add("Ulysses", "James Joyce")
    assert delete_book(book.id) is True
    assert get_book(book.id) is None
    assert delete_book(book.id) is False
