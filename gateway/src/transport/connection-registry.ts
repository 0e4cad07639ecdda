/** The part of a live connection the registry needs. */
export interface RegisteredConnection {
  readonly chargePointId: string;
  readonly epoch: number;
  close(code: number, reason: string): void;
}

/**
 * Which connection currently speaks for each station on this node. A new connection for a station that is already
 * connected wins: the old one is closed, and because its epoch is no longer current, its close handler neither
 * unregisters the new connection nor marks the station offline (OCPP.Core answered 500 and locked stations out).
 */
export class ConnectionRegistry<C extends RegisteredConnection> {
  readonly #current = new Map<string, C>();
  #lastEpoch = 0;

  /**
   * A fresh epoch: strictly increasing on this node and, being based on the clock, larger than any epoch of an
   * earlier run, so a database row written by an older connection can be told apart.
   */
  nextEpoch(): number {
    this.#lastEpoch = Math.max(this.#lastEpoch + 1, Date.now() * 1000);
    return this.#lastEpoch;
  }

  /** Makes `connection` the current one for its station; closes and returns the one it replaces, if any. */
  attach(connection: C): C | undefined {
    const previous = this.#current.get(connection.chargePointId);
    this.#current.set(connection.chargePointId, connection);
    if (previous && previous !== connection) {
      previous.close(1000, 'replaced by a new connection');
      return previous;
    }
    return undefined;
  }

  /** Forgets `connection` if it is still the current one; returns whether it was (and so may mark the station offline). */
  detach(connection: C): boolean {
    if (this.#current.get(connection.chargePointId) !== connection) return false;
    this.#current.delete(connection.chargePointId);
    return true;
  }

  /** The current connection of a station on this node. */
  get(chargePointId: string): C | undefined {
    return this.#current.get(chargePointId);
  }

  get size(): number {
    return this.#current.size;
  }

  /** Every current connection (for shutdown). */
  all(): IterableIterator<C> {
    return this.#current.values();
  }
}
