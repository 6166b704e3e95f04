import type { ApiErrorBody } from '../../shared/protocol';
import { first } from './at';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny browser stand-in: fetch with one cookie jar, JSON in and out. */
export class HttpClient {
  cookie = '';

  constructor(public baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    };
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const pair = first(c.split(';'), 'cookie name=value');
      const value = pair.slice(pair.indexOf('=') + 1);
      this.cookie = value ? pair : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : null;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  getText(path: string) {
    return this.request<string>('GET', path);
  }
  /** A download (Word, PDF) as bytes. */
  async getBuffer(path: string): Promise<HttpResult<Buffer>> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
}

export function errorOf(res: HttpResult): ApiErrorBody['error'] {
  return (res.body as ApiErrorBody).error;
}
