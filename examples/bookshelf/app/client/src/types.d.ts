// Type definitions mirroring the Pydantic models in app/server/core/data_models.py

type ReadingStatus = 'want_to_read' | 'reading' | 'finished' | 'abandoned';

interface BookCreate {
  title: string;
  author: string;
  isbn?: string | null;
  pages?: number | null;
  genre?: string | null;
  status?: ReadingStatus;
  rating?: number | null;
}

interface BookUpdate {
  title?: string;
  author?: string;
  isbn?: string | null;
  pages?: number | null;
  genre?: string | null;
  status?: ReadingStatus;
  rating?: number | null;
}

interface Book {
  id: number;
  title: string;
  author: string;
  isbn: string | null;
  pages: number | null;
  genre: string | null;
  status: ReadingStatus;
  rating: number | null;
  added_at: string;
  finished_at: string | null;
}

interface BookListResponse {
  books: Book[];
  total: number;
}

interface NoteCreate {
  book_id: number;
  body: string;
  page?: number | null;
}

interface Note {
  id: number;
  book_id: number;
  body: string;
  page: number | null;
  created_at: string;
}

interface StatsResponse {
  total_books: number;
  by_status: Record<ReadingStatus, number>;
  pages_read: number;
  average_rating: number | null;
  top_genre: string | null;
  finished_this_year: number;
}

interface HealthResponse {
  status: string;
  database: string;
  book_count: number;
}
