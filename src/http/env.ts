// The Hono environment: the variables middleware puts on the context.
import type { Partner } from '../domain.js';
import type { Logger } from '../log.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The partner whose API key authenticated the request. */
    partner: Partner;
  };
}
