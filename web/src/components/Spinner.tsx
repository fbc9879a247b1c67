export function Spinner({ label = 'Loading', size = 18 }: { label?: string; size?: number }) {
  return (
    <span className="spinner" role="status" style={{ width: size, height: size }}>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A centred spinner that fills the available space (no layout jump when content arrives). */
export function PageLoading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="page-loading">
      <Spinner label={label} size={28} />
    </div>
  );
}
