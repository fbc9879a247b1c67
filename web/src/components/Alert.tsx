import type { ReactNode } from 'react';

export type AlertTone = 'error' | 'info' | 'success' | 'warning';

/** A message box; errors are announced (role=alert), the rest politely (role=status). */
export function Alert({ tone = 'error', title, children, actions }: { tone?: AlertTone; title?: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      <div className="alert-text">
        {title ? <strong className="alert-title">{title}</strong> : null}
        {children ? <div className="alert-body">{children}</div> : null}
      </div>
      {actions ? <div className="alert-actions">{actions}</div> : null}
    </div>
  );
}
