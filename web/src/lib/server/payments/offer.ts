import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { ConnectorOffer } from './driver-types.ts';

/** See `describeConnectorOffer` in `./driver.ts`. */
export async function describeOffer(_services: Services, _chargePointId: string, _connectorId: number): Promise<ConnectorOffer> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}
