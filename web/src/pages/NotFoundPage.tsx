import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link } from '../router';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <div className="content narrow">
      <div className="empty">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to="/flows" className="btn btn-primary">
          Go to your flows
        </Link>
      </div>
    </div>
  );
}
