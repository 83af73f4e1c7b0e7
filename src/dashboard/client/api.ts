// The report and feed APIs as the dashboard reads them, with the bearer token of the session.

export interface DailyRow {
  date: string;
  publisher: string;
  outlet: string;
  widgetLoads: number;
  impressions: number;
  viewable: number;
  clicks: number;
}

export interface DailyReport {
  from: string;
  to: string;
  rows: DailyRow[];
}

export interface ExchangePartner {
  id: string;
  name: string;
  clicksSent: number;
  clicksReceived: number;
  balance: number;
  fairExchange: boolean;
}

export interface ExchangeReport {
  from: string;
  to: string;
  partners: ExchangePartner[];
}

export interface TopHeadline {
  id: string;
  title: string;
  url: string;
  outlet: string;
  impressions: number;
  clicks: number;
  ctr: number;
  pinned: boolean;
  boosted: boolean;
  buried: boolean;
  blocked: boolean;
}

export interface TopReport {
  publisher: string;
  headlines: TopHeadline[];
}

export interface FeedHealth {
  id: string;
  url: string;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface FeedList {
  feeds: FeedHealth[];
}

export type Role = 'admin' | 'partner';

/** A refused API call, with its status for the caller to tell "signed out" from "bad range". */
export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export const session = { token: '', role: 'partner' as Role };

export function request(path: string, token = session.token): Promise<Response> {
  return fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
}

export async function api<T>(path: string): Promise<T> {
  const res = await request(path);
  if (!res.ok) throw new HttpError(res.status);
  return (await res.json()) as T;
}

/** The report base path of the signed-in role. */
export function reports(): string {
  return session.role === 'admin' ? '/v1/admin/reports/' : '/v1/reports/';
}

/** A query string with the date range of the filters and any non-empty extra parameters. */
export function query(range: { from: string; to: string }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(range);
  for (const [key, value] of Object.entries(extra)) if (value) q.set(key, value);
  return q.toString();
}

/** Sign-in: the admin token opens /v1/admin/reports, a partner key /v1/reports. */
export async function detectRole(token: string): Promise<{ role: Role; partner: string } | undefined> {
  const admin = await request('/v1/admin/reports/exchange', token);
  if (admin.ok) return { role: 'admin', partner: '' };
  const partner = await request('/v1/reports/exchange', token);
  if (!partner.ok) return undefined;
  const body = (await partner.json()) as ExchangeReport;
  return { role: 'partner', partner: body.partners[0]?.id ?? '' };
}
