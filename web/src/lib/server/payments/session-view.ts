import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { DriverSessionView } from './driver-types.ts';

/** See `getDriverSession` in `./driver.ts`. */
export async function readDriverSession(_services: Services, _sessionId: string): Promise<DriverSessionView | null> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}
