/** What the driver's session page shows (the fields the chaos suite checks). */
export interface DriverSessionView {
  readonly state: string;
  readonly energyWh: number;
  readonly failureReason: string | null;
  readonly receipt: { readonly capturedMinor: number; readonly releasedMinor: number; readonly holdMinor: number; readonly energyWh: number } | null;
}

/**
 * A driver's phone against the running web app: the public payment operations, over HTTP (no sign-in), as the
 * drivers' pages call them.
 */
export class PaidDriver {
  readonly #webUrl: string;

  constructor(webUrl: string) {
    this.#webUrl = webUrl;
  }

  /** The connector's page: its live OCPP status and why it cannot be paid for (null: it can). */
  async offer(chargePointId: string, connectorId: number): Promise<{ ocppStatus: string | null; unavailable: string | null; holdAmountMinor: number | null }> {
    return (await this.#call('GET', `/api/v1/driver/charge-points/${encodeURIComponent(chargePointId)}/connectors/${connectorId}`, 200)) as never;
  }

  /** "Pay and charge": the Checkout URL and the session's id. */
  async checkout(chargePointId: string, connectorId: number): Promise<{ checkoutUrl: string; sessionId: string }> {
    return (await this.#call('POST', `/api/v1/charge-points/${encodeURIComponent(chargePointId)}/connectors/${connectorId}/checkout`, 201, { locale: 'en' })) as never;
  }

  /** The session page; null while the web app does not answer (it may be restarting). */
  async session(sessionId: string): Promise<DriverSessionView | null> {
    try {
      return (await this.#call('GET', `/api/v1/driver/sessions/${sessionId}`, 200)) as DriverSessionView;
    } catch {
      return null;
    }
  }

  /** The Stop button. */
  async stop(sessionId: string): Promise<void> {
    await this.#call('POST', `/api/v1/driver/sessions/${sessionId}/stop`, 204);
  }

  async #call(method: string, path: string, expected: number, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.#webUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}
