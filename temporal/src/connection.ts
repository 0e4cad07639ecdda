import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
/** Where a process finds Temporal. Parsed from the environment by each deployable's config. */
export interface TemporalSettings {
  /** host:port of the frontend, e.g. `127.0.0.1:7233`. */
  readonly address: string;
  readonly namespace: string;
}

/** The namespace the system uses unless configured otherwise. */
export const DEFAULT_NAMESPACE = 'csms';

/** Custom search attributes, registered on the dev server and by the deployment's setup job. */
export const SEARCH_ATTRIBUTES = {
  ChargePointId: 'Keyword',
} as const;

/** The typed key of the `ChargePointId` search attribute, for starts and visibility queries. */
export const CHARGE_POINT_ID_ATTRIBUTE = defineSearchAttributeKey('ChargePointId', SearchAttributeType.KEYWORD);
