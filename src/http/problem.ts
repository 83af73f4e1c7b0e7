// Renders every error as application/problem+json, the same way for validation, auth and 500s.
import type { Context } from 'hono';
import { ApiError, type FieldError, fieldErrors, type ProblemCode } from '../errors.js';

export function problemResponse(c: Context, error: ApiError): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
  };
  if (error.retryAfter !== undefined) headers['Retry-After'] = String(Math.ceil(error.retryAfter));
  if (error.code === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer';
  return c.body(JSON.stringify(error.toProblem()), error.status as 400, headers);
}

export function problem(code: ProblemCode, detail?: string, errors?: FieldError[]): ApiError {
  return new ApiError(code, detail, errors ? { errors } : {});
}

export function validationProblem(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ApiError {
  return new ApiError('validation', 'The request is not valid', { errors: fieldErrors(issues) });
}
