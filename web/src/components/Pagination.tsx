export function Pagination({ page, pageSize, total, onPage, noun = 'items' }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; noun?: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(total, (page + 1) * pageSize);
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination-info" aria-live="polite">
        {total === 0 ? `No ${noun}` : `${from}–${to} of ${total} ${noun}`}
      </span>
      <div className="pagination-buttons">
        <button type="button" className="btn btn-sm" onClick={() => onPage(page - 1)} disabled={page <= 0}>
          Previous<span className="sr-only"> page</span>
        </button>
        <span className="pagination-page">
          Page {Math.min(page + 1, pages)} of {pages}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
          Next<span className="sr-only"> page</span>
        </button>
      </div>
    </nav>
  );
}
