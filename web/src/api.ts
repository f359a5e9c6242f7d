// Typed client for the Kinora server's OpenAI-compatible Videos API.
// The app is served from the same origin as the API, so every path is relative.

export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export type VideoSeconds = '4' | '8' | '12';
export type VideoSize = '720x1280' | '1280x720';

export interface VideoError {
  code: string;
  message: string;
}

/** A video job as the server reports it (`object: "video"`). */
export interface Video {
  id: string;
  object: 'video';
  status: VideoStatus;
  /** 0..100 */
  progress: number;
  seconds: string;
  size: string;
  model: string;
  /** Unix seconds. */
  created_at: number;
  completed_at: number | null;
  error: VideoError | null;
}

export interface CreateVideoRequest {
  prompt: string;
  seconds: VideoSeconds;
  size: VideoSize;
  model: string;
}

export const kDefaultModel = 'kinora-1';

/** A failed API call: the server's `error` object, or a transport failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly param: string | null;
  readonly code: string | null;

  constructor(
    message: string,
    status: number,
    details: { type?: string | null; param?: string | null; code?: string | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = details.type ?? null;
    this.param = details.param ?? null;
    this.code = details.code ?? null;
  }
}

export function isTerminal(status: VideoStatus): boolean {
  return status === 'completed' || status === 'failed';
}

export function createVideo(request: CreateVideoRequest, signal?: AbortSignal): Promise<Video> {
  return call<Video>('/v1/videos', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
}

export function getVideo(id: string, signal?: AbortSignal): Promise<Video> {
  return call<Video>(`/v1/videos/${encodeURIComponent(id)}`, { signal });
}

/** The URL of the finished MP4 (H.264 + AAC). */
export function videoContentUrl(id: string): string {
  return `/v1/videos/${encodeURIComponent(id)}/content`;
}

export interface PollOptions {
  intervalMs?: number;
  signal?: AbortSignal;
  /** Consecutive network failures tolerated before giving up; HTTP errors end polling at once. */
  maxTransportFailures?: number;
}

/**
 * Polls `GET /v1/videos/{id}` until the job completes or fails, calling `onUpdate`
 * with every snapshot. Resolves with the final video; rejects with ApiError, or with
 * the signal's reason when aborted.
 */
export async function pollVideo(
  id: string,
  onUpdate: (video: Video) => void,
  { intervalMs = 500, signal, maxTransportFailures = 10 }: PollOptions = {},
): Promise<Video> {
  let failures = 0;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const video = await getVideo(id, signal);
      failures = 0;
      onUpdate(video);
      if (isTerminal(video.status)) return video;
    } catch (err) {
      // A dropped connection is worth retrying; an answer from the server is not.
      const transient = err instanceof ApiError && err.status === 0;
      if (!transient || ++failures > maxTransportFailures) throw err;
    }
    await sleep(intervalMs, signal);
  }
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    const headers = { Accept: 'application/json', ...init.headers };
    response = await fetch(path, { ...init, headers });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new ApiError('Cannot reach the Kinora server. Check your connection and try again.', 0);
  }

  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, an empty body): handled below by status.
  }

  if (!response.ok) {
    const error = isObject(body) && isObject(body.error) ? body.error : null;
    const message =
      error && typeof error.message === 'string' && error.message
        ? error.message
        : `The server answered ${response.status} ${response.statusText}`.trim();
    throw new ApiError(message, response.status, {
      type: stringOrNull(error?.type),
      param: stringOrNull(error?.param),
      code: stringOrNull(error?.code),
    });
  }
  if (!isObject(body)) {
    throw new ApiError('The server sent a response the app does not understand.', response.status);
  }
  return body as T;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
