"""Reading statistics computed from the books on the shelf."""

from collections import Counter
from datetime import datetime, timezone
from typing import Iterable, Optional

from core.data_models import Book, ReadingStatus, StatsResponse


def count_by_status(books: Iterable[Book]) -> dict:
    """Count books per reading status, including statuses with zero books."""
    counts = {status.value: 0 for status in ReadingStatus}
    for book in books:
        counts[book.status.value] += 1
    return counts


def pages_read(books: Iterable[Book]) -> int:
    """Total pages of finished books (books without a page count are skipped)."""
    return sum(
        book.pages or 0 for book in books if book.status == ReadingStatus.FINISHED
    )


def average_rating(books: Iterable[Book]) -> Optional[float]:
    """Mean rating across rated books, rounded to two decimals."""
    ratings = [book.rating for book in books if book.rating is not None]
    if not ratings:
        return None
    return round(sum(ratings) / len(ratings), 2)


def top_genre(books: Iterable[Book]) -> Optional[str]:
    """Most common genre; ties are broken alphabetically for stable output."""
    counts = Counter(book.genre for book in books if book.genre)
    if not counts:
        return None
    best = max(counts.values())
    return sorted(genre for genre, n in counts.items() if n == best)[0]


def finished_in_year(books: Iterable[Book], year: int) -> int:
    """Number of books finished during the given calendar year."""
    return sum(
        1
        for book in books
        if book.finished_at is not None and book.finished_at.year == year
    )


def compute_stats(books: list[Book], now: Optional[datetime] = None) -> StatsResponse:
    """Build the full statistics payload for the ``/api/stats`` endpoint."""
    current = now or datetime.now(timezone.utc)
    return StatsResponse(
        total_books=len(books),
        by_status=count_by_status(books),
        pages_read=pages_read(books),
        average_rating=average_rating(books),
        top_genre=top_genre(books),
        finished_this_year=finished_in_year(books, current.year),
    )
