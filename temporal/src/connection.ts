import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
/** Where a process finds Temporal. Parsed from the environment by each deployable's config. */
export interface TemporalSettings {
  /** host:port of the frontend, e.g. `127.0.0.1:7233`. */
  readonly address: string;
  readonly namespace: string;
  /** TLS towards the frontend (Temporal Cloud, a self-hosted cluster with TLS or mTLS); absent: plain gRPC. */
  readonly tls?: TemporalTlsSettings;
  /** Sent as `authorization: Bearer <key>` on every call (Temporal Cloud API keys). Never logged. */
  readonly apiKey?: string;
}

/** The TLS part of {@link TemporalSettings}, with the files already read (so a bad file fails at start). */
export interface TemporalTlsSettings {
  /** PEM of the CA(s) the server certificate must chain to; absent: the system's trust store. */
  readonly serverRootCaPem?: Uint8Array;
  /** The client certificate and key, for mutual TLS. */
  readonly clientCertPair?: { readonly crt: Uint8Array; readonly key: Uint8Array };
  /** The name the server certificate must carry (and SNI), when it differs from the address's host. */
  readonly serverName?: string;
}

/** Connection options understood by both `Connection.connect`/`lazy` (client) and `NativeConnection.connect` (worker). */
export interface TemporalConnectionOptions {
  readonly address: string;
  readonly tls:
    | false
    | {
        serverRootCACertificate?: Uint8Array;
        clientCertPair?: { crt: Uint8Array; key: Uint8Array };
        serverNameOverride?: string;
      };
  readonly apiKey?: string;
}

/**
 * The one place that turns {@link TemporalSettings} into SDK connection options: every process (worker, gateway, web)
 * connects through it, so TLS, mTLS and the API key apply everywhere alike. `tls: false` is explicit because the SDK
 * would otherwise switch TLS on by itself whenever an API key is given.
 */
export function temporalConnectionOptions(settings: TemporalSettings): TemporalConnectionOptions {
  const { tls } = settings;
  return {
    address: settings.address,
    tls: tls
      ? {
          ...(tls.serverRootCaPem ? { serverRootCACertificate: tls.serverRootCaPem } : {}),
          ...(tls.clientCertPair ? { clientCertPair: { crt: tls.clientCertPair.crt, key: tls.clientCertPair.key } } : {}),
          ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
        }
      : false,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

/** The namespace the system uses unless configured otherwise. */
export const DEFAULT_NAMESPACE = 'csms';

/** Custom search attributes, registered on the dev server and by the deployment's setup job. */
export const SEARCH_ATTRIBUTES = {
  ChargePointId: 'Keyword',
} as const;

/** The typed key of the `ChargePointId` search attribute, for starts and visibility queries. */
export const CHARGE_POINT_ID_ATTRIBUTE = defineSearchAttributeKey('ChargePointId', SearchAttributeType.KEYWORD);
