// Describes<> is checked by the compiler (npm run typecheck); these cases pin what it accepts and refuses.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Describes } from './types.js';

interface Partner {
  id: string;
  homepage?: string;
  imageHosts?: string[];
  tags: { name: string; weight?: number }[];
  kind: 'rss' | 'atom' | null;
}

const Exact = z.strictObject({
  id: z.string(),
  homepage: z.string().optional(),
  imageHosts: z.array(z.string()).optional(),
  tags: z.array(z.strictObject({ name: z.string(), weight: z.number().optional() })),
  kind: z.enum(['rss', 'atom']).nullable(),
});
const MissingOptional = Exact.omit({ imageHosts: true });
const MissingNested = Exact.extend({ tags: z.array(z.strictObject({ name: z.string() })) });
const Extra = Exact.extend({ createdAt: z.string() });
const WrongType = Exact.extend({ kind: z.string().nullable() });
const NotNullable = Exact.extend({ kind: z.enum(['rss', 'atom']) });

const verdicts = {
  exact: true satisfies Describes<typeof Exact, Partner>,
  missingOptional: false satisfies Describes<typeof MissingOptional, Partner>,
  missingNested: false satisfies Describes<typeof MissingNested, Partner>,
  extra: false satisfies Describes<typeof Extra, Partner>,
  wrongType: false satisfies Describes<typeof WrongType, Partner>,
  notNullable: false satisfies Describes<typeof NotNullable, Partner>,
};

describe('Describes', () => {
  it('holds only for a schema with the same keys and types as the service type', () => {
    expect(Object.values(verdicts).filter(Boolean)).toHaveLength(1);
  });
});
