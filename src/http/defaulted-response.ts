// The Node response the service's server makes (main.ts: serverOptions): it carries default headers (the
// request context's security headers and request id, CORS) and writes them with the answer's own in the one
// writeHead @hono/node-server makes, leaving out a default the answer sets itself. setHeader per default per
// request cost a validation and a bookkeeping entry each, and made Node merge the answer's headers into them
// one setHeader at a time; a single flat header list is Node's cheapest writeHead.
import {
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';

/** A header every answer gets unless it sets that header, or one of those the default yields to, itself. */
export interface HeaderDefault {
  readonly name: string;
  readonly value: string;
  /** The name in lower case, as answers' headers are compared. */
  readonly lower: string;
  /** Lower-case names of headers whose presence drops this default (X-Frame-Options yields to a page's CSP). */
  readonly yieldsTo: readonly string[];
}

export function headerDefault(name: string, value: string, yieldsTo: readonly string[] = []): HeaderDefault {
  return { name, value, lower: name.toLowerCase(), yieldsTo };
}

/** The defaults of a plain record of headers. */
export function headerDefaults(headers: Readonly<Record<string, string>>): readonly HeaderDefault[] {
  return Object.entries(headers).map(([name, value]) => headerDefault(name, value));
}

/** Whether a default stays, given a test for the answer's own headers by lower-case name. */
export function defaultApplies(d: HeaderDefault, has: (lower: string) => boolean): boolean {
  return !has(d.lower) && !d.yieldsTo.some(has);
}

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

export class DefaultedResponse<
  Request extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Request> {
  #defaults: HeaderDefault[] | undefined;

  /** Adds defaults; a later one of the same name replaces an earlier one. */
  addDefaults(defaults: readonly HeaderDefault[]): void {
    this.#defaults ??= [];
    const own = this.#defaults;
    for (const d of defaults) {
      const at = own.findIndex((o) => o.lower === d.lower);
      if (at < 0) own.push(d);
      else own[at] = d;
    }
  }

  override writeHead(statusCode: number, reason?: string | Headers, headers?: Headers): this {
    const message = typeof reason === 'string' ? reason : undefined;
    const given = typeof reason === 'string' ? headers : reason;
    const defaults = this.#defaults;
    this.#defaults = undefined;
    if (defaults === undefined) return super.writeHead(statusCode, message, given);
    const flat = flatten(given);
    const names: string[] = [];
    for (let i = 0; i < flat.length; i += 2) names.push(String(flat[i]).toLowerCase());
    if (this.getHeaderNames().length > 0) {
      // Headers were also set one by one: Node merges the given ones into those, so the defaults join them.
      const has = (lower: string) => this.hasHeader(lower) || names.includes(lower);
      for (const d of defaults) if (defaultApplies(d, has)) this.setHeader(d.name, d.value);
      return super.writeHead(statusCode, message, given);
    }
    // One flat [name, value, …] list, defaults first: Node validates each pair once and writes it as given.
    const has = (lower: string) => names.includes(lower);
    const all: Flat = [];
    for (const d of defaults) if (defaultApplies(d, has)) all.push(d.name, d.value);
    for (const item of flat) all.push(item);
    return super.writeHead(statusCode, message, all as OutgoingHttpHeader[]);
  }
}

type Flat = (OutgoingHttpHeader | undefined)[];

/** Headers as given to writeHead (an object, a flat list or a list of pairs) as one flat [name, value, …] list. */
function flatten(given: Headers | undefined): Flat {
  if (given === undefined) return [];
  if (!Array.isArray(given)) {
    const flat: Flat = [];
    for (const name in given) if (Object.hasOwn(given, name)) flat.push(name, given[name]);
    return flat;
  }
  if (given.length > 0 && Array.isArray(given[0])) return given.flatMap((pair) => pair as Flat);
  return given;
}
