/**
 * Errors of the Temporal settings, thrown while a deployable parses its environment at start. The message is one
 * line that names the variable, e.g. `TEMPORAL_TLS_KEY_FILE: cannot read /etc/csms/temporal.key (ENOENT)`.
 */
export class TemporalConfigError extends Error {
  readonly code = 'TEMPORAL_CONFIG';
  /** The environment variable at fault. */
  readonly variable: string;

  constructor(variable: string, problem: string, options?: { cause?: unknown }) {
    super(`${variable}: ${problem}`, options);
    this.name = new.target.name;
    this.variable = variable;
  }
}
