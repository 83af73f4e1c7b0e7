// The Hono environment: the variables middleware puts on the context.
import type { Partner } from '../domain.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The partner whose API key authenticated the request. */
    partner: Partner;
    /** Set by pagePolicy(): the answer brings its own framing policy. */
    ownFramePolicy: boolean;
  };
}
