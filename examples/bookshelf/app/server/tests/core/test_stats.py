"""Tests for reading statistics."""

from datetime import datetime, timezone

from core.data_models import Book, ReadingStatus
from core.stats import (
    average_rating,
    compute_stats,
    count_by_status,
    finished_in_year,
    pages_read,
    top_genre,
)

ADDED = datetime(2024, 1, 1, tzinfo=timezone.utc)


def make_book(book_id: int, **kwargs) -> Book:
    defaults = dict(
        id=book_id,
        title=f"Book {book_id}",
        author="Author",
        status=ReadingStatus.WANT_TO_READ,
        added_at=ADDED,
    )
    defaults.update(kwargs)
    return Book(**defaults)


BOOKS = [
    make_book(
        1,
        status=ReadingStatus.FINISHED,
        pages=300,
        rating=4,
        genre="Fantasy",
        finished_at=datetime(2024, 3, 1, tzinfo=timezone.utc),
    ),
    make_book(
        2,
        status=ReadingStatus.FINISHED,
        pages=200,
        rating=5,
        genre="History",
        finished_at=datetime(2023, 7, 1, tzinfo=timezone.utc),
    ),
    make_book(3, status=ReadingStatus.READING, pages=500, genre="Fantasy"),
    make_book(4, rating=2, genre="History"),
]


def test_count_by_status_includes_zero_counts():
    counts = count_by_status(BOOKS)
    assert counts == {
        "want_to_read": 1,
        "reading": 1,
        "finished": 2,
        "abandoned": 0,
    }


def test_pages_read_only_counts_finished_books():
    assert pages_read(BOOKS) == 500


def test_average_rating():
    assert average_rating(BOOKS) == 3.67
    assert average_rating([]) is None


def test_top_genre_breaks_ties_alphabetically():
    assert top_genre(BOOKS) == "Fantasy"
    assert top_genre([make_book(9)]) is None


def test_finished_in_year():
    assert finished_in_year(BOOKS, 2024) == 1
    assert finished_in_year(BOOKS, 2022) == 0


def test_compute_stats():
    stats = compute_stats(BOOKS, now=datetime(2024, 6, 1, tzinfo=timezone.utc))
    assert stats.total_books == 4
    assert stats.pages_read == 500
    assert stats.finished_this_year == 1
    assert stats.top_genre == "Fantasy"
