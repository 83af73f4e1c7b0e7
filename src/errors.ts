// One error type for every expected failure, rendered as application/problem+json (RFC 9457).

export const PROBLEM_CODES = {
  bad_request: { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Missing or invalid credentials' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ProblemCode;
  readonly errors: FieldError[] | undefined;
  /** Seconds, for 429 and 503 answers. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ProblemCode,
    detail?: string,
    options: { errors?: FieldError[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(detail ?? PROBLEM_CODES[code].title, { cause: options.cause });
    this.code = code;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return PROBLEM_CODES[this.code].status;
  }

  toProblem(): Problem {
    const { status, title } = PROBLEM_CODES[this.code];
    const problem: Problem = { type: `https://citeste-si.ro/problems/${this.code}`, title, status };
    if (this.message !== title) problem.detail = this.message;
    if (this.errors?.length) problem.errors = this.errors;
    return problem;
  }
}

/** Typed failures raised below the HTTP layer; only routes map them to status codes. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
/** The store cannot be reached now; the caller may retry later. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Turns zod-style issues into the contract's `errors` entries ("headlines.3.url"). */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
/** Input that passed the schema but not the service's rules (bad token, foreign item...). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

/** A reference to a partner that does not exist, by field path. */
export class UnknownPartnerError extends Error {
  override readonly name = 'UnknownPartnerError';
  constructor(readonly problems: FieldError[]) {
    super('unknown partner');
  }
}

/** Too many requests for one key; retry after the given seconds. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s`);
  }
}
