// jsonBody over a real socket, when the client is gone before the route reads the body.
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { nodeRequest } from './answer.js';
import { jsonBody } from './input.js';

describe('jsonBody, the client gone before the body is read', () => {
  /** What each request's jsonBody came to: the body, or the error it threw. */
  const outcomes: Array<(outcome: unknown) => void> = [];
  let server: ReturnType<typeof serve>;
  beforeAll(async () => {
    const app = new Hono();
    // As a route that awaits the store first (auth, a rate limit): the client leaves meanwhile.
    app.post('/', async (c) => {
      const incoming = nodeRequest(c);
      if (incoming !== undefined && !incoming.destroyed)
        await new Promise((resolve) => incoming.once('close', resolve));
      const settle = outcomes.shift();
      try {
        settle?.(await jsonBody(c, z.unknown()));
      } catch (err) {
        settle?.(err);
      }
      return c.body(null, 204);
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(() => {
    server.close();
  });

  /** Sends the headers of a JSON body (`declared` bytes, or chunked) and `sent`, leaves; resolves with what jsonBody did. */
  const leave = (declared: number | 'chunked', sent: string) =>
    new Promise<unknown>((resolve) => {
      outcomes.push(resolve);
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${declared === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${declared}`}\r\n\r\n${sent}`,
          () => socket.destroy(),
        );
      });
      socket.on('error', () => {});
    });

  it('settles: a 400 for a body cut short, the body when all of it came', async () => {
    for (const cut of [await leave(50, '{"a":'), await leave('chunked', '5\r\n{"a":\r\n')]) {
      expect(cut).toBeInstanceOf(ApiError);
      expect((cut as ApiError).status).toBe(400);
    }
    expect(await leave(7, '{"a":1}')).toEqual({ a: 1 });
  });
});
