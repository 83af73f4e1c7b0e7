// How the service's Node HTTP server is made (main.ts, and the tests that serve the app on a socket): limits that
// keep slow or huge clients from pinning it, and DefaultedResponse, which writes the default headers.
import type { ServerOptions } from 'node:http';
import type { Config } from '../config.js';
import { DefaultedResponse } from './defaulted-response.js';

export function serverOptions(config: Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'>): ServerOptions {
  return {
    ServerResponse: DefaultedResponse,
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: config.headersTimeoutMs,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    maxHeaderSize: 16 * 1024,
  };
}
