import type { JsonObject, Ocpp16, Ocpp201, OcppVersion } from '@csms/gateway/protocol';

/** What the default answers depend on. */
export interface AnswerContext {
  readonly heartbeatInterval: number;
  /** The idTagInfo / idTokenInfo status for a tag. */
  tagStatus(idTag: string): string;
  /** 1.6 StartTransaction: the next integer transaction id. */
  nextTransactionId(): number;
}

/**
 * A central system's plain answer to each action a station sends, in the shape the version's schema requires:
 * every boot accepted, every tag as `tagStatus` says, every notification acknowledged. `undefined` for an action
 * without a default (the caller then tries `{}`, which many 2.x responses accept, or answers NotImplemented).
 */
export function defaultAnswer(version: OcppVersion, action: string, payload: JsonObject, ctx: AnswerContext): JsonObject | undefined {
  const currentTime = new Date().toISOString();
  if (version === '1.6') {
    const idTagInfo = (idTag: string) => ({ status: ctx.tagStatus(idTag) as Ocpp16.AuthorizeResponse['idTagInfo']['status'] });
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', currentTime, interval: ctx.heartbeatInterval } satisfies Ocpp16.BootNotificationResponse;
      case 'Heartbeat':
        return { currentTime } satisfies Ocpp16.HeartbeatResponse;
      case 'Authorize':
        return { idTagInfo: idTagInfo(String(payload.idTag)) };
      case 'StartTransaction':
        return { idTagInfo: idTagInfo(String(payload.idTag)), transactionId: ctx.nextTransactionId() };
      case 'StopTransaction':
        return payload.idTag === undefined ? {} : { idTagInfo: idTagInfo(String(payload.idTag)) };
      case 'DataTransfer':
        return { status: 'Accepted', data: 'ok' } satisfies Ocpp16.DataTransferResponse;
      case 'SignCertificate':
        return { status: 'Accepted' };
      default:
        return undefined;
    }
  }
  const idTokenInfo = (token: unknown) => ({
    status: ctx.tagStatus(String((token as { idToken?: unknown } | undefined)?.idToken)) as Ocpp201.AuthorizationStatusEnumType,
  });
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime, interval: ctx.heartbeatInterval } satisfies Ocpp201.BootNotificationResponse;
    case 'Heartbeat':
      return { currentTime } satisfies Ocpp201.HeartbeatResponse;
    case 'Authorize':
      return { idTokenInfo: idTokenInfo(payload.idToken) };
    case 'TransactionEvent':
      return payload.idToken === undefined ? {} : { idTokenInfo: idTokenInfo(payload.idToken) };
    case 'DataTransfer':
      return { status: 'Accepted', data: 'ok' } satisfies Ocpp201.DataTransferResponse;
    default:
      return undefined;
  }
}
