import { AuditLogPanel } from '../components/admin/AuditLogPanel';
import { UsersPanel } from '../components/admin/UsersPanel';
import { Segmented } from '../components/Segmented';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { navigate, useLocation } from '../router';

type Tab = 'users' | 'audit';

/** Superusers only (the router redirects everyone else to /flows). */
export function AdminPage() {
  useDocumentTitle('Admin');
  const { query } = useLocation();
  const tab: Tab = query.get('tab') === 'audit' ? 'audit' : 'users';
  return (
    <div className="content wide">
      <div className="page-head">
        <div>
          <h1 className="page-title">Admin Page</h1>
          <p className="page-subtitle">Manage who can use this server, and see what happened.</p>
        </div>
        <Segmented
          label="Admin sections"
          value={tab}
          onChange={(next) => navigate(next === 'audit' ? '/admin?tab=audit' : '/admin', { replace: true })}
          options={[
            { value: 'users', label: 'Users' },
            { value: 'audit', label: 'Audit log' },
          ]}
        />
      </div>
      {tab === 'users' ? <UsersPanel /> : <AuditLogPanel />}
    </div>
  );
}
