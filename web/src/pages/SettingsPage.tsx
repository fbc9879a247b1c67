import { ApiKeysSettings } from '../components/settings/ApiKeysSettings';
import { GeneralSettings } from '../components/settings/GeneralSettings';
import { VariablesSettings } from '../components/settings/VariablesSettings';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link, Redirect } from '../router';

const SECTIONS = [
  { id: 'general', label: 'General', title: 'General' },
  { id: 'api-keys', label: 'API Keys', title: 'API Keys' },
  { id: 'global-variables', label: 'Global Variables', title: 'Global Variables' },
] as const;

export function SettingsPage({ section }: { section: string }) {
  const current = SECTIONS.find((s) => s.id === section);
  useDocumentTitle(current ? `${current.title} · Settings` : 'Settings');
  if (!current) return <Redirect to="/settings/general" />;
  return (
    <div className="with-sidebar">
      <aside className="sidebar" aria-labelledby="settings-nav-title">
        <h2 id="settings-nav-title" className="sidebar-title">
          Settings
        </h2>
        <nav className="side-nav">
          {SECTIONS.map((s) => (
            <Link key={s.id} to={`/settings/${s.id}`} className="side-link" aria-current={s.id === current.id ? 'page' : undefined}>
              {s.label}
            </Link>
          ))}
        </nav>
      </aside>
      <section className="content">
        {current.id === 'general' ? <GeneralSettings /> : null}
        {current.id === 'api-keys' ? <ApiKeysSettings /> : null}
        {current.id === 'global-variables' ? <VariablesSettings /> : null}
      </section>
    </div>
  );
}
