// Small pieces the views share: avatars, labelled fields with their errors, copy
// buttons, paged lists with "load more", and how times and counts are written.

import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorMessage } from './http';
import { CopyIcon } from './icons';
import { href } from './router';
import type * as social from './social';

// ---- Members ----

export function Avatar(props: {
  member: { handle: string; display_name: string; avatar_url: string | null };
  size?: number;
}) {
  const size = props.size ?? 36;
  const [broken, setBroken] = useState(false);
  const { avatar_url: url, display_name: name, handle } = props.member;
  if (url && !broken) {
    return (
      <img
        class="avatar"
        src={url}
        alt=""
        width={size}
        height={size}
        style={{ width: `${size}px`, height: `${size}px` }}
        onError={() => setBroken(true)}
      />
    );
  }
  const initial = (name || handle).trim().charAt(0).toUpperCase() || '?';
  return (
    <span
      class="avatar avatar-initial"
      aria-hidden="true"
      style={{ width: `${size}px`, height: `${size}px`, fontSize: `${Math.round(size * 0.42)}px` }}
    >
      {initial}
    </span>
  );
}

export function MemberList(props: { members: social.Member[]; empty: string }) {
  if (props.members.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <ul class="member-list">
      {props.members.map((m) => (
        <li key={m.id}>
          <a class="member-row" href={href('u', m.handle)}>
            <Avatar member={m} size={40} />
            <span class="member-names">
              <span class="member-name">{m.display_name}</span>
              <span class="member-handle">@{m.handle}</span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

// ---- Forms ----

/** The server's error on a form: `field` when its `param` names one of the form's inputs. */
export interface FieldError {
  message: string;
  field: string | null;
}

export function toFieldError(err: unknown, fields: readonly string[]): FieldError {
  const param = err instanceof ApiError ? err.param : null;
  return { message: errorMessage(err), field: param && fields.includes(param) ? param : null };
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: FieldError | null;
  type?: 'text' | 'password' | 'email' | 'date' | 'search';
  hint?: string;
  autoComplete?: string;
  maxLength?: number;
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  testId?: string;
}) {
  const mine = props.error?.field === props.id ? props.error : null;
  const describedBy =
    [props.hint ? `${props.id}-hint` : '', mine ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    id: props.id,
    name: props.id,
    value: props.value,
    maxLength: props.maxLength,
    required: props.required,
    'aria-invalid': mine ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': props.testId,
  };
  return (
    <div class="form-field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      {props.multiline ? (
        <textarea
          {...common}
          class="input textarea-small"
          rows={props.rows ?? 3}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      ) : (
        <input
          {...common}
          class="input"
          // Preact types each input type separately; these all take the same attributes.
          type={(props.type ?? 'text') as 'text'}
          autoComplete={props.autoComplete}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
      {props.hint && (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {mine && (
        <p class="field-error" id={`${props.id}-error`} data-testid={`${props.id}-error`}>
          {mine.message}
        </p>
      )}
    </div>
  );
}

/** A form-level message (errors not about one field); announced when it appears. */
export function FormAlert(props: { error: FieldError | null; testId?: string }) {
  if (!props.error || props.error.field) return null;
  return (
    <p class="form-error" role="alert" data-testid={props.testId ?? 'form-error'}>
      {props.error.message}
    </p>
  );
}

/** Moves focus to the input an error is about, so keyboard users land on it. */
export function focusField(error: FieldError | null) {
  if (error?.field) requestAnimationFrame(() => document.getElementById(error.field!)?.focus());
}

// ---- Copying ----

export function CopyButton(props: { text: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      class="button button-small"
      data-testid={props.testId}
      aria-label={copied ? `${props.label}: copied` : props.label}
      onClick={() => void copyText(props.text).then(setCopied)}
    >
      <CopyIcon />
      <span aria-live="polite">{copied ? 'Copied' : 'Copy'}</span>
    </button>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an insecure origin) or no permission: the old way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

// ---- Paged lists ----

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (update: (items: T[]) => T[]) => void;
}

/**
 * A cursor-paginated list: loads the first page when `key` changes, the next one on
 * loadMore(). Answers for an older key are dropped.
 */
export function usePaged<T>(
  key: string,
  load: (after: string | null) => Promise<social.Page<T>>,
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((after: string | null, replace: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    loadRef
      .current(after)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((old) => (replace ? page.data : [...old, ...page.data]));
        setCursor(page.next_cursor);
        setHasMore(page.has_more && page.next_cursor !== null);
      })
      .catch((err: unknown) => {
        if (mine === generation.current) setError(errorMessage(err));
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    setItems([]);
    setHasMore(false);
    fetchPage(null, true);
  }, [key, reloads]);

  return {
    items,
    loading,
    error,
    hasMore,
    loadMore: () => {
      if (!loading && cursor) fetchPage(cursor, false);
    },
    reload: () => setReloads((n) => n + 1),
    setItems,
  };
}

/** The foot of a paged list: an error, a spinner, or the "Load more" button. */
export function PagedFooter(props: {
  paged: Pick<Paged<unknown>, 'loading' | 'error' | 'hasMore' | 'loadMore'>;
  label?: string;
}) {
  const { paged } = props;
  return (
    <div class="paged-footer">
      {paged.error && (
        <p class="form-error" role="alert">
          {paged.error}
        </p>
      )}
      {paged.loading && (
        <p class="loading" role="status">
          Loading…
        </p>
      )}
      {!paged.loading && paged.hasMore && (
        <button type="button" class="button" onClick={paged.loadMore} data-testid="load-more">
          {props.label ?? 'Load more'}
        </button>
      )}
    </div>
  );
}

// ---- Layout ----

export function Page(props: { title: string; children: ComponentChildren; wide?: boolean }) {
  useEffect(() => {
    document.title = `${props.title} · Kinora`;
  }, [props.title]);
  return <main class={props.wide ? 'page page-wide' : 'page'}>{props.children}</main>;
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      {props.label ?? 'Loading…'}
    </p>
  );
}

// ---- Words ----

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}K`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const kUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", or "just now". */
export function timeAgo(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of kUnits) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
