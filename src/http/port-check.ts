// Before anything is written (a generated key, a database), `run` makes sure it can listen: a busy
// port is one clear line and exit code 2, not a stack trace after the start-up work.
import net from 'node:net';
import { StartupError } from '../services/startup-errors.js';

export function portInUseMessage(host: string, port: number): string {
  return (
    `Port ${port} on ${host} is already in use (another Flowgate or Langflow running?): stop it, ` +
    'or choose another port with --port or LANGFLOW_PORT.'
  );
}

/** Throws a StartupError when `host:port` cannot be listened on. Port 0 (any free port) always passes. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(portInUseMessage(host, port)));
      else if (error.code === 'EACCES') reject(new StartupError(`Not allowed to listen on port ${port} of ${host}: ports below 1024 need privileges; choose another with --port.`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new StartupError(`Cannot listen on ${host}: no network interface of this machine has that address (--host, LANGFLOW_HOST).`));
      else reject(error);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
