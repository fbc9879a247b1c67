// A plain data table: header, rows, an empty state, and a loading state that keeps the
// previous rows in place (no layout jump) or shows placeholder rows on first load.
import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  className?: string;
}

export interface TableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  empty?: ReactNode;
  placeholderRows?: number;
}

export function Table<T>({ caption, columns, rows, rowKey, loading = false, empty = 'Nothing here yet.', placeholderRows = 5 }: TableProps<T>) {
  const firstLoad = loading && !rows;
  return (
    <div className={`table-wrap ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {firstLoad
            ? Array.from({ length: placeholderRows }, (_, i) => (
                <tr key={`placeholder-${i}`} className="placeholder-row" aria-hidden="true">
                  {columns.map((column) => (
                    <td key={column.key} className={column.className}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : null}
          {rows && rows.length === 0 && !loading ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows?.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.className}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
