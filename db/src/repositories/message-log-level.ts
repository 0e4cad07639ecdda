import { InvalidInputError } from '../errors.ts';

/**
 * How much OCPP traffic the gateway writes to the message log, as in OCPP.Core: `off`; `info`, everything except the
 * chatty BootNotification, Heartbeat, StatusNotification, DataTransfer and MeterValues; `verbose`, every frame.
 */
export type MessageLogLevel = 'off' | 'info' | 'verbose';

const CHATTY = new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'DataTransfer', 'MeterValues']);

/** Parses `MESSAGE_LOG_LEVEL` (default `info`). */
export function parseMessageLogLevel(value: string | undefined): MessageLogLevel {
  if (value === undefined || value === '') return 'info';
  if (value === 'off' || value === 'info' || value === 'verbose') return value;
  throw new InvalidInputError(`MESSAGE_LOG_LEVEL must be off, info or verbose, got "${value}"`);
}

/** Whether a frame of `action` is logged at `level`. CALLERRORs (no action known) are logged unless `off`. */
export function shouldLogMessage(level: MessageLogLevel, action: string | null): boolean {
  if (level === 'off') return false;
  if (level === 'verbose' || action === null) return true;
  return !CHATTY.has(action);
}
