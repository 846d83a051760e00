// Thin wrapper around fetch for the Bookshelf API.

const API_BASE_URL = '/api';

export class ApiError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function apiRequest<T>(endpoint: string, options: RequestInit = {}): Promise<T> {
  const url = `${API_BASE_URL}${endpoint}`;
  const response = await fetch(url, {
    ...options,
    headers: {
      'Content-Type': 'application/json',
      ...(options.headers as Record<string, string> | undefined),
    },
  });

  if (!response.ok) {
    const body = await response.json().catch(() => null);
    const detail = typeof body?.detail === 'string' ? body.detail : response.statusText;
    throw new ApiError(detail || `Request failed with status ${response.status}`, response.status);
  }

  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

export const api = {
  async listBooks(search?: string, status?: ReadingStatus | ''): Promise<BookListResponse> {
    const statusParam = status ? `&status=${status}` : '';
    return apiRequest<BookListResponse>(
      `/books?search=${encodeURIComponent(search ?? '')}${statusParam}`,
    );
  },

  async getBook(id: number): Promise<Book> {
    return apiRequest<Book>(`/books/${id}`);
  },

  async createBook(book: BookCreate): Promise<Book> {
    return apiRequest<Book>('/books', {
      method: 'POST',
      body: JSON.stringify(book),
    });
  },

  async updateBook(id: number, changes: BookUpdate): Promise<Book> {
    return apiRequest<Book>(`/books/${id}`, {
      method: 'PUT',
      body: JSON.stringify(changes),
    });
  },

  async deleteBook(id: number): Promise<void> {
    return apiRequest<void>(`/books/${id}`, { method: 'DELETE' });
  },

  async getNotes(bookId: number): Promise<Note[]> {
    return apiRequest<Note[]>(`/notes/book/${bookId}`);
  },

  async addNote(note: NoteCreate): Promise<Note> {
    return apiRequest<Note>('/notes', {
      method: 'POST',
      body: JSON.stringify(note),
    });
  },

  async getStats(): Promise<StatsResponse> {
    return apiRequest<StatsResponse>('/stats');
  },

  async healthCheck(): Promise<HealthResponse> {
    return apiRequest<HealthResponse>('/health');
  },
};
