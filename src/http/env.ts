// The Hono environment: what the request context binds (withRequestContext) and the variables middleware
// puts on the context.
import type { Partner } from '../domain.js';

/** `c.env`: the Node request and response under @hono/node-server, and the request id of every request. */
export interface RequestBindings {
  incoming?: unknown;
  outgoing?: unknown;
  requestId?: string;
}

export interface AppEnv {
  Bindings: RequestBindings;
  Variables: {
    /** The partner whose API key authenticated the request. */
    partner: Partner;
  };
}
