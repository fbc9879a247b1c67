// Errors of outbound requests. Their messages name the host and the setting to change, never a
// header, body or resolved address.

/** The SSRF guard refused the request. */
export class OutboundBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundBlockedError';
  }
}

/** The request could not be made or did not finish: bad URL, DNS, connection, timeout, size. */
export class OutboundRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}
