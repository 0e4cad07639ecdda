import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { PaymentFilter, PaymentPage, PaymentView } from './driver-types.ts';

/** See `listPayments` in `./admin.ts`. */
export async function readPayments(_services: Services, _filter: PaymentFilter): Promise<PaymentPage> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}

/** See `getPayment` in `./admin.ts`. */
export async function readPayment(_services: Services, _id: number): Promise<PaymentView | null> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}
