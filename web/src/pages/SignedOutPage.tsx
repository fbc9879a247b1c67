import { useAuth } from '../auth/AuthContext';
import { AuthLayout } from '../components/AuthLayout';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { navigate } from '../router';

/** Auto-login mode has no sign-in form: after Logout (or an ended session) the user continues here. */
export function SignedOutPage({ reason }: { reason: 'logout' | 'expired' }) {
  useDocumentTitle('Signed out');
  const { restart } = useAuth();
  return (
    <AuthLayout
      title={reason === 'logout' ? 'You are signed out' : 'Your session has ended'}
      subtitle="This server runs in auto-login mode, so continuing signs you in again automatically."
    >
      <button
        type="button"
        className="btn btn-primary btn-block"
        onClick={() => {
          navigate('/flows', { replace: true, force: true });
          restart();
        }}
        autoFocus
      >
        Continue
      </button>
    </AuthLayout>
  );
}
