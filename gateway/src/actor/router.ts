import { OcppCallError } from '../errors.ts';
import { errorCodeFor, type RpcErrorKind } from '../protocol/error-codes.ts';
import type { JsonObject } from '../protocol/frames.ts';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import { serializeCallError, serializeCallResult } from '../protocol/serialize.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { Handler, SendHandler, StationContext } from './handler.ts';

/** Options of {@link OcppRouter}. */
export interface OcppRouterOptions<C extends StationContext> {
  readonly version: OcppVersion;
  /** A typed table (`Ocpp16HandlerTable` …) checked with `satisfies` where it is defined. */
  readonly handlers: object;
  /** 2.1 SEND handlers by message name; unknown SENDs are logged and dropped. */
  readonly sendHandlers?: { readonly [name: string]: SendHandler<never, C> };
  /** Share one validator per version across connections; built (lazily compiling) if omitted. */
  readonly validator?: OcppValidator;
  /** Check handlers' responses against the schema too (tests and development: an invalid answer → InternalError). */
  readonly validateResponses?: boolean;
}

type AnyHandler<C extends StationContext> = Handler<unknown, unknown, C>;

/**
 * Protocol mechanics around the handlers of one OCPP version: looks up the action (unknown → `NotImplemented`,
 * known but not handled → `NotSupported`), validates the payload against the OCA schema (violations →
 * the CALLERROR of OCPP-J §4.2.3 / Part 4 §4.3 in this version's spelling), calls the handler and serialises its
 * answer. Stateless and shared by all connections of a version; ordering is the actor's job.
 */
export class OcppRouter<C extends StationContext = StationContext> {
  readonly version: OcppVersion;
  readonly validator: OcppValidator;
  readonly #handlers: Map<string, AnyHandler<C>>;
  readonly #sendHandlers: Map<string, SendHandler<unknown, C>>;
  readonly #validateResponses: boolean;

  constructor(options: OcppRouterOptions<C>) {
    this.version = options.version;
    this.validator = options.validator ?? new OcppValidator(options.version);
    if (this.validator.version !== options.version) {
      throw new Error(`validator is for OCPP ${this.validator.version}, router for ${options.version}`);
    }
    // A Map, not the table object: an action named "constructor" or "__proto__" must not find Object.prototype.
    this.#handlers = new Map(Object.entries(options.handlers) as [string, AnyHandler<C>][]);
    this.#sendHandlers = new Map(Object.entries(options.sendHandlers ?? {}) as [string, SendHandler<unknown, C>][]);
    this.#validateResponses = options.validateResponses ?? false;
  }

  /**
   * Answers one CALL. Returns the frame to send: synchronously when the handler is synchronous or the CALL is
   * refused, else a promise (which never rejects: failures become CALLERRORs).
   *
   * @param lenient process payloads whose violations are all soft, logging them (per-station setting)
   */
  handleCall(context: C, messageId: string, action: string, payload: JsonObject, lenient: boolean): string | Promise<string> {
    const handler = this.#handlers.get(action);
    if (handler === undefined) {
      return this.validator.hasRequest(action)
        ? this.#error(messageId, 'NotSupported', `${action} is not supported`)
        : this.#error(messageId, 'NotImplemented', `${action} is not a known OCPP ${this.version} action`);
    }
    const violation = this.validator.validate('request', action, payload, lenient);
    if (violation !== undefined) {
      if (!(lenient && violation.soft)) return this.#error(messageId, violation.kind, violation.description);
      context.logger.warn({ uniqueId: messageId, action, violation: violation.description }, 'lenient: schema violation accepted');
    }
    let result: unknown;
    try {
      result = handler(payload, context, messageId);
    } catch (error) {
      return this.#failure(context, messageId, action, error);
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => this.#result(context, messageId, action, value),
        (error: unknown) => this.#failure(context, messageId, action, error),
      );
    }
    return this.#result(context, messageId, action, result);
  }

  /** Handles a 2.1 SEND (never answered). Invalid or unknown SENDs are logged and dropped. */
  handleSend(context: C, messageId: string, action: string, payload: JsonObject, lenient: boolean): void | Promise<void> {
    const handler = this.#sendHandlers.get(action);
    const violation = this.validator.hasSend(action)
      ? this.validator.validate('send', action, payload, lenient)
      : { kind: 'NotImplemented' as const, description: 'unknown SEND message', soft: false };
    if (violation !== undefined && !(lenient && violation.soft)) {
      context.logger.warn({ uniqueId: messageId, action, violation: violation.description }, 'SEND dropped');
      return;
    }
    if (handler === undefined) {
      context.logger.debug({ uniqueId: messageId, action }, 'SEND without handler dropped');
      return;
    }
    try {
      const done = handler(payload, context, messageId);
      if (done instanceof Promise) {
        return done.catch((error: unknown) => context.logger.error({ err: error, uniqueId: messageId, action }, 'SEND handler failed'));
      }
    } catch (error) {
      context.logger.error({ err: error, uniqueId: messageId, action }, 'SEND handler failed');
    }
  }

  #result(context: C, messageId: string, action: string, value: unknown): string {
    if (value === null || typeof value !== 'object') {
      context.logger.error({ uniqueId: messageId, action }, 'handler returned no response object');
      return this.#error(messageId, 'InternalError', 'internal error');
    }
    if (this.#validateResponses) {
      const violation = this.validator.validate('response', action, value);
      if (violation !== undefined) {
        context.logger.error({ uniqueId: messageId, action, violation: violation.description }, 'handler answered off-schema');
        return this.#error(messageId, 'InternalError', 'internal error');
      }
    }
    try {
      return serializeCallResult(messageId, value);
    } catch (error) {
      // A BigInt or a cycle in a handler's answer must not stall the station's mailbox.
      context.logger.error({ err: error, uniqueId: messageId, action }, 'handler answer cannot be serialised');
      return this.#error(messageId, 'InternalError', 'internal error');
    }
  }

  #failure(context: C, messageId: string, action: string, error: unknown): string {
    if (error instanceof OcppCallError) return this.#error(messageId, error.rpcError, error.message, error.details);
    context.logger.error({ err: error, uniqueId: messageId, action }, 'handler failed');
    // The station learns nothing about our internals.
    return this.#error(messageId, 'InternalError', 'internal error');
  }

  #error(messageId: string, kind: RpcErrorKind, description: string, details?: object): string {
    return serializeCallError(messageId, errorCodeFor(this.version, kind), description, details);
  }
}
