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
