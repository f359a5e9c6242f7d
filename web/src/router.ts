// Hash routing: `#/path?query`. The server serves one page, so every view lives
// behind the hash and a reload lands on the same view.

import { useEffect, useState } from 'preact/hooks';

export interface Location {
  /** Path segments, decoded: `#/u/ada/liked` → ['u', 'ada', 'liked']. */
  segments: string[];
  query: URLSearchParams;
  /** The hash without '#', as typed. */
  raw: string;
}

export function currentLocation(): Location {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(search), raw };
}

/** Re-renders the caller whenever the hash changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const onChange = () => setLocation(currentLocation());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}

/** A link target: href('u', handle) → '#/u/handle'. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** Goes to a view; `replace` keeps the current one out of the history. */
export function navigate(target: string, { replace = false } = {}): void {
  const hash = target.startsWith('#') ? target : `#${target}`;
  if (replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
