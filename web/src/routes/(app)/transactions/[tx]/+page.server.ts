import { error } from '@sveltejs/kit';
import { loadNames, transactionView } from '$lib/server/api/operations/transaction-view.ts';
import { meterCurve } from '$lib/server/ui/meter-curve.ts';
import { getServices } from '$lib/server/services.ts';
import { getPayment } from '$lib/server/payments/admin.ts';
import type { PageServerLoad } from './$types';

/** One transaction with its meter curve, and its card payment when the driver paid by card. */
export const load: PageServerLoad = async ({ params }) => {
  const id = Number(params.tx);
  const services = getServices();
  const tx = Number.isSafeInteger(id) && id > 0 ? await services.db.transactions.get(id) : null;
  if (!tx) error(404, { message: 'not found', code: 'NotFound' });
  const [names, samples, station] = await Promise.all([
    loadNames(services),
    services.db.meterSamples.listForTransaction(tx.id),
    services.db.chargePoints.get(tx.chargePointId),
  ]);
  return {
    payment: tx.paymentId === null ? null : await getPayment(services, tx.paymentId),
    transaction: transactionView(tx, names),
    stationName: station?.name ?? tx.chargePointId,
    online: station?.online ?? false,
    curve: meterCurve(samples, tx.meterStartWh),
  };
};
