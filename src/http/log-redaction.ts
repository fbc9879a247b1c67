// Request logs never carry credentials: headers are not logged at all, and credential-like
// query parameters (the x-api-key query form above all) are replaced before the URL is logged.

const SECRET_PARAMS = /^(x-api-key|api_key|apikey|token|access_token|refresh_token|password)$/i;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url.slice(q + 1).split('&').map((pair) => {
    const [name] = pair.split('=', 1);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // keep the raw name
    }
    return SECRET_PARAMS.test(decoded) ? `${name}=[REDACTED]` : pair;
  });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
