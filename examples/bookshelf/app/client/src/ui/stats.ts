// Renders the reading statistics panel.

import { STATUS_LABELS } from './bookTable';

function escapeHtml(value: string): string {
  const div = document.createElement('div');
  div.textContent = value;
  return div.innerHTML;
}

export function renderStats(panel: HTMLElement, stats: StatsResponse): void {
  const statusItems = (Object.keys(STATUS_LABELS) as ReadingStatus[])
    .map((status) => `<li><span>${STATUS_LABELS[status]}</span><strong>${stats.by_status[status] ?? 0}</strong></li>`)
    .join('');

  panel.innerHTML = `
    <h2>Reading stats</h2>
    <div class="stat-grid">
      <div class="stat-card"><span class="stat-value">${stats.total_books}</span><span class="stat-label">Books</span></div>
      <div class="stat-card"><span class="stat-value">${stats.pages_read}</span><span class="stat-label">Pages read</span></div>
      <div class="stat-card"><span class="stat-value">${stats.average_rating?.toFixed(1) ?? '\u2014'}</span><span class="stat-label">Avg rating</span></div>
      <div class="stat-card"><span class="stat-value">${stats.finished_this_year}</span><span class="stat-label">Finished this year</span></div>
    </div>
    <ul class="status-breakdown">${statusItems}</ul>
    <p class="top-genre">Top genre: <strong>${escapeHtml(stats.top_genre ?? 'none yet')}</strong></p>
  `;
}
