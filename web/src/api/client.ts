// The one way the web app talks to the API: same-origin fetch with the session cookie, JSON in and
// out, errors as ApiError. A 401 tells the app the session is gone so it can send the person to
// sign-in and back.
import type { ApiErrorBody } from './types.ts';

/** An error answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** Seconds to wait before trying again, when the API said so (429 `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, body: ApiErrorBody['error'], retryAfter?: string | null) {
    super(body.message);
    this.status = status;
    this.retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    this.code = body.code;
    this.fields = Object.fromEntries((body.details ?? []).map((d) => [d.field, d.message]));
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the API answers 401 (session expired or revoked). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Calls the API; resolves with the JSON body or rejects with an ApiError. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'network', message: 'Cannot reach Expedite. Check your connection.' });
  }
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/login')) for (const l of unauthorizedListeners) l();
    const error = (body as ApiErrorBody | undefined)?.error ?? { code: 'error', message: res.statusText };
    throw new ApiError(res.status, error, res.headers.get('retry-after'));
  }
  return body as T;
}

/** The message to show for an error of any kind. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Uploads one file as multipart/form-data (field `file`) with XMLHttpRequest, which — unlike
 * fetch — reports upload progress: `onProgress` gets the fraction sent (0–1). Resolves with the
 * JSON answer or rejects with an ApiError, like `api`.
 */
export function uploadFile<T>(
  path: string,
  file: File,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(1);
        resolve(body as T);
        return;
      }
      if (xhr.status === 401) for (const l of unauthorizedListeners) l();
      const fallback =
        xhr.status === 413
          ? { code: 'payload_too_large', message: 'The file is too large to upload.' }
          : { code: 'error', message: xhr.statusText || `Upload failed (${xhr.status})` };
      reject(new ApiError(xhr.status, (body as ApiErrorBody | undefined)?.error ?? fallback));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: 'network', message: 'Cannot reach Expedite. Check your connection.' }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('The upload was cancelled.', 'AbortError'));
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
