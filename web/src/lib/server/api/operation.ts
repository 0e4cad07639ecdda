import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Principal, RouteRole } from '../auth/principal.ts';
import type { Services } from '../services.ts';

/** HTTP methods of the REST API. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** What a handler receives: parsed and validated path parameters, query and body, the caller and the services. */
export interface OperationInput<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType> {
  readonly params: z.output<P>;
  readonly query: z.output<Q>;
  readonly body: z.output<B>;
  /** Null only on `public` operations. */
  readonly principal: Principal | null;
  readonly services: Services;
  readonly event: RequestEvent;
}

/**
 * One REST API operation: its place (method + OpenAPI path), who may call it, the zod schemas of its inputs and of its
 * JSON response, and the handler. The same object drives request validation, response validation and the OpenAPI
 * document, so the three cannot drift apart.
 */
export interface Operation<
  P extends ObjectSchema = ObjectSchema,
  Q extends ObjectSchema = ObjectSchema,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI path, e.g. `/api/v1/charge-points/{id}`; must match the SvelteKit route the handler is exported from. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly role: RouteRole;
  readonly params?: P;
  readonly query?: Q;
  /** JSON request body; an empty body is parsed as `{}`. */
  readonly body?: B;
  /**
   * The body may also be sent as `text/csv`: it reaches the body schema as `{ csv: <the text> }` (the same object a
   * JSON body `{"csv": "…"}` gives).
   */
  readonly csvBody?: boolean;
  /** Largest body in bytes (default `API_MAX_BODY_BYTES`): a fleet import is a large file. */
  readonly maxBodyBytes?: number;
  /** JSON response body of the success status; absent: 204 No Content. */
  readonly response?: R;
  /** Success status (default 200, or 204 without a response schema). */
  readonly status?: 200 | 201 | 204;
  /** Also answers `text/csv` (`?format=csv` or `Accept: text/csv`); the handler returns the CSV `Response` itself. */
  readonly csv?: boolean;
  /** The success answer is a file of this media type (the handler returns the `Response`), e.g. `application/octet-stream`. */
  readonly fileResponse?: string;
  /** A body the handler reads itself (no JSON `body` schema), documented as this media type and schema, e.g. a multipart upload. */
  readonly rawBody?: { readonly contentType: string; readonly schema: Readonly<Record<string, unknown>> };
  /** Error statuses this operation may answer besides 400/401/403 (documented in OpenAPI). */
  readonly errors?: readonly number[];
  handle(input: OperationInput<P, Q, B>): Promise<z.input<R> | Response | void>;
}

/** Declares an operation with its types inferred from the schemas. */
export function defineOperation<
  P extends ObjectSchema = ObjectSchema,
  Q extends ObjectSchema = ObjectSchema,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(operation: Operation<P, Q, B, R>): Operation<P, Q, B, R> {
  return operation;
}
