import { endpoint } from '$lib/server/api/endpoint.ts';
import { cancelReservation } from '$lib/server/api/operations/reservations.ts';

export const DELETE = endpoint(cancelReservation);
