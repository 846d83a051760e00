// Entry point: wires the DOM to the Bookshelf API.

import './style.css';
import { api } from './api/client';
import { renderBookTable, type BookTableHandlers } from './ui/bookTable';
import { renderStats } from './ui/stats';

const SEARCH_DEBOUNCE_MS = 250;

interface AppState {
  search: string;
  status: ReadingStatus | '';
  activeBook: Book | null;
}

const state: AppState = {
  search: '',
  status: '',
  activeBook: null,
};

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`Missing element #${id}`);
  }
  return element as T;
}

const searchInput = byId<HTMLInputElement>('search-input');
const statusFilter = byId<HTMLSelectElement>('status-filter');
const bookList = byId<HTMLDivElement>('book-list');
const statsPanel = byId<HTMLElement>('stats-panel');
const errorMessage = byId<HTMLDivElement>('error-message');
const addBookForm = byId<HTMLFormElement>('add-book-form');
const noteModal = byId<HTMLDivElement>('note-modal');
const noteModalTitle = byId<HTMLHeadingElement>('note-modal-title');
const noteList = byId<HTMLUListElement>('note-list');
const noteForm = byId<HTMLFormElement>('note-form');
const closeNoteModalButton = byId<HTMLButtonElement>('close-note-modal');

function showError(error: unknown): void {
  errorMessage.textContent = error instanceof Error ? error.message : String(error);
  errorMessage.classList.remove('hidden');
}

function clearError(): void {
  errorMessage.textContent = '';
  errorMessage.classList.add('hidden');
}

function optionalNumber(value: string): number | null {
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? null : parsed;
}

const tableHandlers: BookTableHandlers = {
  async onStatusChange(book, status) {
    await runAndRefresh(() => api.updateBook(book.id, { status }));
  },
  async onRate(book, rating) {
    await runAndRefresh(() => api.updateBook(book.id, { rating }));
  },
  onOpenNotes(book) {
    void openNoteModal(book);
  },
  async onDelete(book) {
    if (confirm(`Remove "${book.title}" from your shelf?`)) {
      await runAndRefresh(() => api.deleteBook(book.id));
    }
  },
};

async function loadBooks(): Promise<void> {
  try {
    const { books } = await api.listBooks(state.search, state.status);
    renderBookTable(bookList, books, tableHandlers);
    clearError();
  } catch (error) {
    showError(error);
  }
}

async function loadStats(): Promise<void> {
  try {
    renderStats(statsPanel, await api.getStats());
  } catch (error) {
    showError(error);
  }
}

async function refresh(): Promise<void> {
  await Promise.all([loadBooks(), loadStats()]);
}

async function runAndRefresh(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
    await refresh();
  } catch (error) {
    showError(error);
  }
}

function renderNotes(notes: Note[]): void {
  noteList.innerHTML = '';
  if (notes.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty-state';
    empty.textContent = 'No notes yet.';
    noteList.appendChild(empty);
    return;
  }
  for (const note of notes) {
    const item = document.createElement('li');
    item.className = 'note-item';
    const meta = document.createElement('span');
    meta.className = 'note-meta';
    const date = new Date(note.created_at).toLocaleDateString();
    meta.textContent = note.page ? `p. ${note.page} \u00b7 ${date}` : date;
    const body = document.createElement('p');
    body.textContent = note.body;
    item.append(meta, body);
    noteList.appendChild(item);
  }
}

async function openNoteModal(book: Book): Promise<void> {
  state.activeBook = book;
  noteModalTitle.textContent = `Notes \u2014 ${book.title}`;
  noteModal.classList.remove('hidden');
  try {
    renderNotes(await api.getNotes(book.id));
  } catch (error) {
    showError(error);
  }
}

function closeNoteModal(): void {
  state.activeBook = null;
  noteForm.reset();
  noteModal.classList.add('hidden');
}

let searchTimer: number | undefined;
searchInput.addEventListener('input', () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => {
    state.search = searchInput.value.trim();
    void loadBooks();
  }, SEARCH_DEBOUNCE_MS);
});

statusFilter.addEventListener('change', () => {
  state.status = statusFilter.value as ReadingStatus | '';
  void loadBooks();
});

addBookForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(addBookForm);
  const book: BookCreate = {
    title: String(data.get('title') ?? '').trim(),
    author: String(data.get('author') ?? '').trim(),
    pages: optionalNumber(String(data.get('pages') ?? '')),
    genre: String(data.get('genre') ?? '').trim() || null,
    status: (data.get('status') as ReadingStatus | null) ?? 'want_to_read',
  };
  await runAndRefresh(async () => {
    await api.createBook(book);
    addBookForm.reset();
  });
});

noteForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const book = state.activeBook;
  if (!book) return;
  const body = byId<HTMLTextAreaElement>('note-body').value.trim();
  const page = optionalNumber(byId<HTMLInputElement>('note-page').value);
  if (!body) return;
  try {
    await api.addNote({ book_id: book.id, body, page });
    noteForm.reset();
    renderNotes(await api.getNotes(book.id));
  } catch (error) {
    showError(error);
  }
});

closeNoteModalButton.addEventListener('click', closeNoteModal);
noteModal.addEventListener('click', (event) => {
  if (event.target === noteModal) closeNoteModal();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !noteModal.classList.contains('hidden')) closeNoteModal();
});

void refresh();
