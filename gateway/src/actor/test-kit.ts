import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { ProtocolLogger, StationContext } from './handler.ts';

/** A logger that records entries, for assertions on what the actor reports. */
export interface RecordingLogger extends ProtocolLogger {
  readonly entries: { level: string; obj: object; msg: string | undefined }[];
}

/** Test helper: a recording logger. */
export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Test helper: a context with a fixed clock and a recording logger. */
export function testContext(version: OcppVersion, stationId = 'CP-1'): StationContext & { logger: RecordingLogger } {
  return { stationId, version, logger: recordingLogger(), clock: { now: () => new Date('2026-01-02T03:04:05.000Z') } };
}
