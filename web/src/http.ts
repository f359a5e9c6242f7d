// The one place the app talks HTTP to the Kinora server: same-origin fetch with the
// session cookie, the session's CSRF token on requests that change something, the
// server's `{"error": {message, type, param, code}}` shape turned into ApiError, and
// a 401 handed to whoever shows the sign-in view.

/** A failed API call: the server's `error` object, or a transport failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly param: string | null;
  readonly code: string | null;
  /** Seconds, from `Retry-After` on a 429. */
  readonly retryAfter: number | null;

  constructor(
    message: string,
    status: number,
    details: {
      type?: string | null;
      param?: string | null;
      code?: string | null;
      retryAfter?: number | null;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = details.type ?? null;
    this.param = details.param ?? null;
    this.code = details.code ?? null;
    this.retryAfter = details.retryAfter ?? null;
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Whether a 401 also sends the person to the sign-in view (default true). Sign-in
   * itself turns it off: there a 401 means a wrong password, shown on the form.
   */
  redirectOn401?: boolean;
}

let csrfToken: string | null = null;
let unauthorizedHandler: ((error: ApiError) => void) | null = null;

/** The session's CSRF token, from sign-in, sign-up or `GET /api/me`; null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on every 401 (except where the request opted out), after the token is dropped. */
export function setUnauthorizedHandler(handler: ((error: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

/**
 * Sends one request and resolves with the parsed JSON body (undefined for an empty
 * one, e.g. 204). Rejects with ApiError; with the signal's reason when aborted.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, true);
  const body = await readJson(response);
  if (response.ok) return body as T;

  const error = toApiError(response, body);
  if (error.status === 401) {
    csrfToken = null;
    if (options.redirectOn401 !== false) unauthorizedHandler?.(error);
  }
  throw error;
}

async function send(path: string, options: RequestOptions, mayRetry: boolean): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) {
    headers['Content-Type'] = options.contentType;
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError('Cannot reach the Kinora server. Check your connection and try again.', 0);
  }

  // A token can go stale (signed in again in another tab): fetch the current one, retry once.
  if (mayRetry && response.status === 403 && method !== 'GET') {
    const body = await readJson(response.clone());
    if (toApiError(response, body).code === 'csrf_failed' && (await refreshCsrfToken())) {
      return send(path, options, false);
    }
  }
  return response;
}

async function refreshCsrfToken(): Promise<boolean> {
  try {
    const response = await fetch('/api/me', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    const body = await readJson(response);
    if (!response.ok || !isObject(body) || typeof body.csrf_token !== 'string') return false;
    csrfToken = body.csrf_token;
    return true;
  } catch {
    return false;
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON (a proxy's error page): handled by status.
    return undefined;
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  const error = isObject(body) && isObject(body.error) ? body.error : null;
  const message =
    error && typeof error.message === 'string' && error.message
      ? error.message
      : `The server answered ${response.status} ${response.statusText}`.trim();
  const retry = Number(response.headers.get('Retry-After'));
  return new ApiError(message, response.status, {
    type: stringOrNull(error?.type),
    param: stringOrNull(error?.param),
    code: stringOrNull(error?.code),
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
  });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}
