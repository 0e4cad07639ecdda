/** What an operator command through the REST API came to. */
export interface CommandRecord {
  readonly id: number;
  readonly station: string;
  readonly kind: 'start' | 'stop';
  readonly sentAt: number;
  settledAt?: number;
  /** The HTTP status, when an answer came. */
  httpStatus?: number;
  /** The station's word (`{status}` of a 200), or the error code of any other answer. */
  status?: string;
  code?: string;
  /** No answer at all (the web app died with the request, or the request timed out). */
  error?: string;
}

/**
 * Runs remote start and stop commands the way an operator's script does: `POST /api/v1/charge-points/{id}/connectors/1/start|stop`
 * with a bearer token. Never throws; every command is kept in {@link records} for the checks.
 */
export class CommandClient {
  readonly records: CommandRecord[] = [];
  readonly #baseUrl: string;
  readonly #token: string;

  constructor(baseUrl: string, token: string) {
    this.#baseUrl = baseUrl;
    this.#token = token;
  }

  async send(station: string, kind: 'start' | 'stop', idTag?: string): Promise<CommandRecord> {
    const record: CommandRecord = { id: this.records.length + 1, station, kind, sentAt: Date.now() };
    this.records.push(record);
    try {
      const response = await fetch(`${this.#baseUrl}/api/v1/charge-points/${encodeURIComponent(station)}/connectors/1/${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json' },
        body: JSON.stringify(kind === 'start' ? { idTag } : {}),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await response.json().catch(() => ({}))) as { status?: string; error?: { code?: string } };
      record.httpStatus = response.status;
      if (response.status === 200) record.status = body.status;
      else record.code = body.error?.code ?? 'unknown';
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    record.settledAt = Date.now();
    return record;
  }
}
