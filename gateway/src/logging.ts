import pino, { type DestinationStream, type Logger } from 'pino';

/** Log fields that hold a charge tag id (RFID uid, app token): personal data, masked unless `LOG_TAG_IDS=true`. */
const TAG_FIELDS = ['idTag', 'idToken', 'tagId', 'parentIdTag', 'startTag', 'stopTag'];

/**
 * A tag id as logs show it by default: the first and last two characters (`04…9F`), enough to tell tags apart when
 * reading a station's log, not enough to clone one; ids shorter than 8 characters are hidden entirely.
 */
export function maskTagId(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.length >= 8 ? `${value.slice(0, 2)}…${value.slice(-2)}` : '…';
}

/** Settings of {@link createGatewayLogger}. */
export interface GatewayLogSettings {
  readonly level: string;
  /** `LOG_TAG_IDS`: log tag ids in full (troubleshooting); default false. */
  readonly logTagIds: boolean;
}

/**
 * The gateway's root logger. Unless `logTagIds`, every tag id field, at the top of a log line or one level down, is
 * masked ({@link maskTagId}) at every level, in this logger and all its children, so no handler can leak one by
 * forgetting (issue 15: no tag ids at info level unless configured).
 */
export function createGatewayLogger(settings: GatewayLogSettings, destination?: DestinationStream): Logger {
  const options = {
    name: 'gateway',
    level: settings.level,
    ...(settings.logTagIds ? {} : { redact: { paths: [...TAG_FIELDS, ...TAG_FIELDS.map((field) => `*.${field}`)], censor: maskTagId } }),
  };
  return destination ? pino(options, destination) : pino(options);
}
