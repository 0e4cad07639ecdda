import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { InvalidStateError } from '../../errors.ts';
import { json } from '../json.ts';
import type { ServerCallOutcome } from '../station-link.ts';
import type { Connector } from '../state.ts';

/** One reservation the simulated 1.6 station holds. */
export interface HeldReservation16 {
  readonly reservationId: number;
  /** 0: the whole station. */
  readonly connectorId: number;
  readonly idTag: string;
  readonly parentIdTag: string | undefined;
  readonly expiresAt: Date;
  readonly timer: NodeJS.Timeout;
}

interface Book {
  readonly reservations: Map<number, HeldReservation16>;
  /** Each tag's group as the central system last told it (idTagInfo.parentIdTag of Authorize / StartTransaction). */
  readonly parents: Map<string, string | undefined>;
}

const books = new WeakMap<ChargePoint, Book>();
// setTimeout holds at most 2^31-1 ms (~24.8 days); a later expiry is checked again when that timer fires
const MAX_TIMER_MS = 2 ** 31 - 1;
const BUSY: readonly string[] = ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'];

function bookOf(cp: ChargePoint): Book {
  let book = books.get(cp);
  if (book === undefined) {
    book = { reservations: new Map(), parents: new Map() };
    books.set(cp, book);
  }
  return book;
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The reservations the station holds now (for tests and UIs). */
export function heldReservations16(cp: ChargePoint): HeldReservation16[] {
  return [...(books.get(cp)?.reservations.values() ?? [])];
}

/** Remembers a tag's group from an idTagInfo, so a later start of a group member can use a group reservation. */
export function rememberParent16(cp: ChargePoint, idTag: string, parentIdTag: string | undefined): void {
  bookOf(cp).parents.set(idTag, parentIdTag);
}

/** Whether `idTag` may use `reservation` (1.6 §5.13: the reserved tag, or a tag whose parentIdTag is the reservation's). */
function fits(book: Book, reservation: HeldReservation16, idTag: string): boolean {
  return same(reservation.idTag, idTag) || same(reservation.parentIdTag, book.parents.get(idTag));
}

/**
 * Called when a transaction starts on `connectorId` with `idTag`: consumes the reservation it may use (the connector's,
 * else the station's) and returns its id for StartTransaction. A connector reserved for someone else refuses the
 * start, as a real station does.
 */
export function claimReservation16(cp: ChargePoint, connectorId: number, idTag: string): number | undefined {
  const book = books.get(cp);
  if (book === undefined || book.reservations.size === 0) return undefined;
  const held = [...book.reservations.values()];
  const own = held.find((r) => r.connectorId === connectorId);
  const match = own !== undefined && fits(book, own, idTag) ? own : held.find((r) => r.connectorId === 0 && fits(book, r, idTag));
  if (match === undefined && own !== undefined) {
    throw new InvalidStateError(`connector ${connectorId} is reserved (reservation ${own.reservationId}) for another tag`);
  }
  if (match === undefined) return undefined;
  clearTimeout(match.timer);
  book.reservations.delete(match.reservationId);
  return match.reservationId;
}

/** Whether `connectorId` is reserved for a tag other than `idTag` and its group (a remote start there is refused). */
export function reservedForOther16(cp: ChargePoint, connectorId: number, idTag: string): boolean {
  const book = books.get(cp);
  const own = book === undefined ? undefined : [...book.reservations.values()].find((r) => r.connectorId === connectorId);
  return own !== undefined && !fits(book!, own, idTag);
}

/** Why `connector` cannot be reserved now, as a ReserveNow status, or undefined when it can. */
function refusal(connector: Connector, book: Book, reservationId: number): Ocpp16.ReserveNowResponse['status'] | undefined {
  if (connector.status === 'Faulted') return 'Faulted';
  if (connector.availability === 'Inoperative' || connector.status === 'Unavailable') return 'Unavailable';
  if (connector.transaction !== undefined || BUSY.includes(connector.status)) return 'Occupied';
  const other = [...book.reservations.values()].find((r) => r.connectorId === connector.id && r.reservationId !== reservationId);
  return other === undefined ? undefined : 'Occupied';
}

const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });

/**
 * ReserveNow and CancelReservation of a 1.6 station (§5.13, §5.2): a connector reservation is answered Faulted,
 * Unavailable or Occupied from the connector's state, else Accepted with StatusNotification Reserved; connector 0
 * needs `ReserveConnectorZeroSupported` and one connector that could take it (no StatusNotification: connector 0
 * reports only Available, Unavailable or Faulted). At the expiry the reservation ends and the connector reports
 * Available again; a start of the reserved tag or its group consumes it ({@link claimReservation16}).
 */
export function reservations16(cp: ChargePoint): Record<string, (payload: JsonObject) => ServerCallOutcome> {
  const book = bookOf(cp);
  const find = (id: number): Connector | undefined => cp.connectors[id - 1];

  const release = (reservation: HeldReservation16) => {
    clearTimeout(reservation.timer);
    book.reservations.delete(reservation.reservationId);
    const connector = reservation.connectorId === 0 ? undefined : find(reservation.connectorId);
    if (connector?.status === 'Reserved') cp.background(cp.statusNotification(connector.id, 'Available'));
  };

  const arm = (reservationId: number, expiresAt: Date): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      const held = book.reservations.get(reservationId);
      if (held === undefined || held.timer !== timer) return;
      if (held.expiresAt.getTime() > Date.now()) book.reservations.set(reservationId, { ...held, timer: arm(reservationId, held.expiresAt) });
      else release(held);
    }, Math.min(Math.max(0, expiresAt.getTime() - Date.now()), MAX_TIMER_MS));
    timer.unref();
    return timer;
  };

  return {
    ReserveNow(payload) {
      const request = payload as unknown as Ocpp16.ReserveNowRequest;
      const reply = (status: Ocpp16.ReserveNowResponse['status'], after?: () => void) => answer({ status } satisfies Ocpp16.ReserveNowResponse, after);
      const expiresAt = new Date(request.expiryDate);
      if (!(expiresAt.getTime() > Date.now())) return reply('Rejected');
      if (request.connectorId === 0) {
        if (!cp.settings.flag('ReserveConnectorZeroSupported')) return reply('Rejected');
        const reasons = cp.connectors.map((c) => refusal(c, book, request.reservationId));
        if (!reasons.includes(undefined)) {
          return reply(reasons.every((r) => r === 'Faulted') ? 'Faulted' : reasons.every((r) => r === 'Unavailable') ? 'Unavailable' : 'Occupied');
        }
      } else {
        const connector = find(request.connectorId);
        if (connector === undefined) return reply('Rejected');
        // a reservation with the same id replaces the one held (1.6 §5.13), so its own connector is no refusal
        const reason = refusal(connector, book, request.reservationId);
        if (reason !== undefined) return reply(reason);
      }
      const previous = book.reservations.get(request.reservationId);
      return reply('Accepted', () => {
        if (previous !== undefined && previous.connectorId !== request.connectorId) release(previous);
        else if (previous !== undefined) clearTimeout(previous.timer);
        book.reservations.set(request.reservationId, {
          reservationId: request.reservationId,
          connectorId: request.connectorId,
          idTag: request.idTag,
          parentIdTag: request.parentIdTag,
          expiresAt,
          timer: arm(request.reservationId, expiresAt),
        });
        if (request.connectorId !== 0) cp.background(cp.statusNotification(request.connectorId, 'Reserved'));
      });
    },

    CancelReservation(payload) {
      const { reservationId } = payload as unknown as Ocpp16.CancelReservationRequest;
      const held = book.reservations.get(reservationId);
      if (held === undefined) return answer({ status: 'Rejected' } satisfies Ocpp16.CancelReservationResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp16.CancelReservationResponse, () => release(held));
    },
  };
}
