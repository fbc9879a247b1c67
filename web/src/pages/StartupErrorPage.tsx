import { useAuth } from '../auth/AuthContext';
import { Alert } from '../components/Alert';
import { AuthLayout } from '../components/AuthLayout';

export function StartupErrorPage({ message }: { message: string }) {
  const { restart } = useAuth();
  return (
    <AuthLayout title="Flowgate is not responding">
      <Alert tone="error">{message}</Alert>
      <button type="button" className="btn btn-primary btn-block" onClick={restart}>
        Try again
      </button>
    </AuthLayout>
  );
}
