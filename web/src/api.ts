// Typed client for the Kinora server's OpenAI-compatible Videos API.
// The app is served from the same origin as the API, so every path is relative;
// a signed-in member's session cookie and CSRF token authenticate the calls (http.ts).

import { ApiError, isObject, request, type RequestOptions } from './http';

export { ApiError } from './http';

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

export const kDefaultModel = 'kinora-sim';

export function isTerminal(status: VideoStatus): boolean {
  return status === 'completed' || status === 'failed';
}

export function createVideo(video: CreateVideoRequest, signal?: AbortSignal): Promise<Video> {
  return call<Video>('/v1/videos', { method: 'POST', json: video, signal });
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

async function call<T>(path: string, options: RequestOptions): Promise<T> {
  const body = await request<unknown>(path, options);
  if (!isObject(body)) {
    throw new ApiError('The server sent a response the app does not understand.', 200);
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
