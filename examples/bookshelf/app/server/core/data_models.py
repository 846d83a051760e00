"""Pydantic models shared by the Bookshelf API routers and stores."""

from datetime import datetime
from enum import Enum
from typing import Dict, List, Optional

from pydantic import BaseModel, Field


class ReadingStatus(str, Enum):
    """Where a reader is with a given book."""

    WANT_TO_READ = "want_to_read"
    READING = "reading"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class BookBase(BaseModel):
    """Fields common to every book payload."""

    title: str = Field(..., min_length=1, max_length=300)
    author: str = Field(..., min_length=1, max_length=200)
    isbn: Optional[str] = Field(default=None, max_length=20)
    pages: Optional[int] = Field(default=None, ge=1)
    genre: Optional[str] = Field(default=None, max_length=80)


class BookCreate(BookBase):
    """Payload for adding a book to the shelf."""

    status: ReadingStatus = ReadingStatus.WANT_TO_READ
    rating: Optional[int] = Field(default=None, ge=1, le=5)


class BookUpdate(BaseModel):
    """Partial update for a book; only supplied fields are changed."""

    title: Optional[str] = Field(default=None, min_length=1, max_length=300)
    author: Optional[str] = Field(default=None, min_length=1, max_length=200)
    isbn: Optional[str] = Field(default=None, max_length=20)
    pages: Optional[int] = Field(default=None, ge=1)
    genre: Optional[str] = Field(default=None, max_length=80)
    status: Optional[ReadingStatus] = None
    rating: Optional[int] = Field(default=None, ge=1, le=5)


class Book(BookBase):
    """A book as stored on the shelf."""

    id: int
    status: ReadingStatus
    rating: Optional[int] = None
    added_at: datetime
    finished_at: Optional[datetime] = None


class BookListResponse(BaseModel):
    """A list of books plus the total count."""

    books: List[Book]
    total: int


class NoteCreate(BaseModel):
    """Payload for attaching a note to a book."""

    book_id: int
    body: str = Field(..., min_length=1, max_length=5000)
    page: Optional[int] = Field(default=None, ge=1)


class Note(NoteCreate):
    """A stored reading note."""

    id: int
    created_at: datetime


class StatsResponse(BaseModel):
    """Aggregate reading statistics for the whole shelf."""

    total_books: int
    by_status: Dict[str, int]
    pages_read: int
    average_rating: Optional[float] = None
    top_genre: Optional[str] = None
    finished_this_year: int


class HealthResponse(BaseModel):
    """Response body of the health check endpoint."""

    status: str
    database: str
    book_count: int
