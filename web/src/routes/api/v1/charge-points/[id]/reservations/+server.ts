import { endpoint } from '$lib/server/api/endpoint.ts';
import { createReservation, listReservations } from '$lib/server/api/operations/reservations.ts';

export const GET = endpoint(listReservations);
export const POST = endpoint(createReservation);
