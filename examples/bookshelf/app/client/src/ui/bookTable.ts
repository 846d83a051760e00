// Renders the list of books as a table with inline status, rating and actions.

export interface BookTableHandlers {
  onStatusChange: (book: Book, status: ReadingStatus) => void;
  onRate: (book: Book, rating: number) => void;
  onOpenNotes: (book: Book) => void;
  onDelete: (book: Book) => void;
}

export const STATUS_LABELS: Record<ReadingStatus, string> = {
  want_to_read: 'Want to read',
  reading: 'Reading',
  finished: 'Finished',
  abandoned: 'Abandoned',
};

function createStatusSelect(book: Book, handlers: BookTableHandlers): HTMLSelectElement {
  const select = document.createElement('select');
  select.className = `status-select status-${book.status}`;
  for (const [value, label] of Object.entries(STATUS_LABELS)) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    option.selected = value === book.status;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    handlers.onStatusChange(book, select.value as ReadingStatus);
  });
  return select;
}

function createRatingStars(book: Book, handlers: BookTableHandlers): HTMLElement {
  const wrapper = document.createElement('span');
  wrapper.className = 'rating';
  for (let value = 1; value <= 5; value++) {
    const star = document.createElement('button');
    star.type = 'button';
    star.className = value <= (book.rating ?? 0) ? 'star filled' : 'star';
    star.textContent = '\u2605';
    star.title = `Rate ${value} of 5`;
    star.addEventListener('click', () => handlers.onRate(book, value));
    wrapper.appendChild(star);
  }
  return wrapper;
}

function createActionButton(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.textContent = label;
  button.addEventListener('click', onClick);
  return button;
}

export function renderBookTable(
  container: HTMLElement,
  books: Book[],
  handlers: BookTableHandlers,
): void {
  container.innerHTML = '';

  if (books.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty-state';
    empty.textContent = 'No books found. Add one to start your shelf!';
    container.appendChild(empty);
    return;
  }

  const table = document.createElement('table');
  table.className = 'book-table';
  table.innerHTML = `
    <thead>
      <tr>
        <th>Title</th>
        <th>Author</th>
        <th>Genre</th>
        <th>Pages</th>
        <th>Status</th>
        <th>Rating</th>
        <th></th>
      </tr>
    </thead>
  `;

  const tbody = document.createElement('tbody');
  for (const book of books) {
    const row = document.createElement('tr');
    row.className = 'book-row';
    row.dataset.bookId = String(book.id);

    const cells: Array<string | HTMLElement> = [
      book.title,
      book.author,
      book.genre ?? '\u2014',
      book.pages?.toString() ?? '\u2014',
      createStatusSelect(book, handlers),
      createRatingStars(book, handlers),
    ];
    for (const content of cells) {
      const cell = document.createElement('td');
      if (typeof content === 'string') {
        cell.textContent = content;
      } else {
        cell.appendChild(content);
      }
      row.appendChild(cell);
    }

    const actions = document.createElement('td');
    actions.className = 'row-actions';
    actions.appendChild(createActionButton('Notes', 'secondary-button', () => handlers.onOpenNotes(book)));
    actions.appendChild(createActionButton('Delete', 'danger-button', () => handlers.onDelete(book)));
    row.appendChild(actions);

    tbody.appendChild(row);
  }
  table.appendChild(tbody);
  container.appendChild(table);
}
