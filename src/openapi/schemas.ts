// Schema pieces every route's response schemas share, and the problem body every error answers with.
import { z } from 'zod';
import type { Problem } from '../errors.js';
import type { Describes } from './types.js';

export const isoTime = z.string().meta({ format: 'date-time' });
export const itemId = z.string().regex(/^[0-9a-f]{20}$/);
export const fieldErrors = z.array(
  z.strictObject({ path: z.string().meta({ description: 'e.g. "headlines.3.url"' }), message: z.string() }),
);

/** RFC 9457 problem details, as src/errors.ts renders them. */
export const ProblemSchema = z.strictObject({
  type: z.string().meta({
    description: 'A URI naming the kind of problem, e.g. https://citeste-si.ro/problems/validation',
  }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: fieldErrors.optional().meta({ description: 'One entry per invalid field' }),
});
true satisfies Describes<typeof ProblemSchema, Problem>;
