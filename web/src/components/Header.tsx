import { useAuth } from '../auth/AuthContext';
import { Link, useLocation } from '../router';
import { AccountMenu } from './AccountMenu';

export function Logo() {
  return (
    <svg className="logo-mark" viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--primary)" />
      <path d="M9 10h14M9 16h9M9 22h5" stroke="var(--on-primary)" strokeWidth="3" strokeLinecap="round" />
      <circle cx="22" cy="22" r="3" fill="var(--on-primary)" opacity="0.7" />
    </svg>
  );
}

export function Header() {
  const { autoLogin } = useAuth();
  const { pathname } = useLocation();
  const inFlows = pathname === '/flows' || pathname.startsWith('/flows/');
  return (
    <header className="header">
      <div className="header-inner">
        <Link to="/flows" className="brand">
          <Logo />
          <span className="brand-name">Flowgate</span>
        </Link>
        <nav className="header-nav" aria-label="Main">
          <Link to="/flows" className="header-link" aria-current={inFlows ? 'page' : undefined}>
            Flows
          </Link>
          <Link to="/files" className="header-link" aria-current={pathname.startsWith('/files') ? 'page' : undefined}>
            Files
          </Link>
        </nav>
        <div className="header-right">
          {autoLogin ? (
            <span className="badge badge-warning" title="Everyone who can reach this server is signed in automatically, without a password.">
              Auto-login
            </span>
          ) : null}
          <AccountMenu />
        </div>
      </div>
    </header>
  );
}
