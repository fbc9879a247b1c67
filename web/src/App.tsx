// Routes and guards. Unauthenticated visitors see only /login and /signup (everything else
// goes to /login?redirect=<path>); in auto-login mode there is no login page and no admin page.
import { useAuth, useUser } from './auth/AuthContext';
import { Header } from './components/Header';
import { PageLoading } from './components/Spinner';
import { ToastProvider } from './components/Toasts';
import { AdminPage } from './pages/AdminPage';
import { FlowPage } from './pages/FlowPage';
import { FilesPage } from './pages/FilesPage';
import { FlowsPage } from './pages/FlowsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignedOutPage } from './pages/SignedOutPage';
import { SignupPage } from './pages/SignupPage';
import { StartupErrorPage } from './pages/StartupErrorPage';
import { loginPath, matchPath, Redirect, safeRedirect, useLocation } from './router';

function AuthedRoutes() {
  const user = useUser();
  const { autoLogin } = useAuth();
  const { pathname } = useLocation();
  if (pathname === '/' || pathname === '') return <Redirect to="/flows" />;
  if (pathname === '/flows' || pathname === '/flows/') return <FlowsPage />;
  if (pathname === '/files' || pathname === '/files/') return <FilesPage />;
  const flow = matchPath('/flows/:id', pathname);
  if (flow) return <FlowPage key={flow.id} id={flow.id} />;
  // Superusers only, and never in auto-login mode: there everyone who reaches the server is the superuser.
  if (pathname === '/admin' || pathname === '/admin/') return user.is_superuser && !autoLogin ? <AdminPage /> : <Redirect to="/flows" />;
  if (pathname === '/settings' || pathname === '/settings/') return <Redirect to="/settings/general" />;
  const settings = matchPath('/settings/:section', pathname);
  if (settings) return <SettingsPage section={settings.section} />;
  return <NotFoundPage />;
}

function AuthedApp() {
  return (
    <ToastProvider>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <AuthedRoutes />
      </main>
    </ToastProvider>
  );
}

export function App() {
  const { state } = useAuth();
  const location = useLocation();
  const { pathname } = location;

  switch (state.status) {
    case 'loading':
      return <PageLoading label="Starting Flowgate" />;
    case 'error':
      return <StartupErrorPage message={state.message} />;
    case 'signedOut':
      return <SignedOutPage reason={state.reason} />;
    case 'anon':
      if (pathname === '/login') return <LoginPage />;
      if (pathname === '/signup') return <SignupPage />;
      return <Redirect to={loginPath(location.href)} />;
    case 'authed':
      if (pathname === '/login' || pathname === '/signup') return <Redirect to={safeRedirect(location.query.get('redirect'))} />;
      // Keyed by user: another account never sees the previous one's state.
      return <AuthedApp key={state.user.id} />;
  }
}
