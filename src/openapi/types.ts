// The shape of one documented operation, written by each route file beside its handlers.
import type { z } from 'zod';

export type Tag = 'admin' | 'partner' | 'widget' | 'ops' | 'docs';
export type Auth = 'admin' | 'partner' | 'none';

export interface ResponseDoc {
  description: string;
  /** Body schema (application/json unless `contentType` says otherwise); strict, the document opens it. */
  schema?: z.ZodType;
  contentType?: string;
  example?: unknown;
  /** Response header name → description. */
  headers?: Record<string, string>;
  /** The same answer in other media types (e.g. text/csv with ?format=csv): type → example. */
  alternatives?: Record<string, string>;
}

export interface OperationDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `{id}`, not `:id`. */
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; example: unknown; contentTypes?: string[] };
  responses: Record<number, ResponseDoc>;
  /** Error statuses beyond those the auth scheme and the request body imply (401, 403, 400, 413, 415). */
  problems?: number[];
}

/** T with every key required and `undefined` dropped, all the way down: optional keys count as keys. */
type Shape<T> = T extends readonly (infer E)[]
  ? Shape<E>[]
  : T extends object
    ? { [K in keyof T]-?: Shape<Exclude<T[K], undefined>> }
    : T;

/**
 * `true` when a response schema describes exactly the type a service returns: the same keys (optional ones
 * too) with the same types, at every depth. Use as `true satisfies Describes<typeof Schema, Type>`.
 */
export type Describes<S extends z.ZodType, T> = [Shape<z.output<S>>] extends [Shape<T>]
  ? [Shape<T>] extends [Shape<z.output<S>>]
    ? true
    : false
  : false;
