// Who is signed in, and what is new for them: the member, the unread-notification
// count, and the live notification stream (Server-Sent Events) while signed in.
// Views read it with useSession(); the App owns it.

import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as social from './social';

export interface Session {
  me: social.Me;
  unread: number;
  setMe: (me: social.Me) => void;
  setUnread: (update: (count: number) => number) => void;
  /** Listens to notifications as they arrive; returns the unsubscribe function. */
  onNotification: (listener: (n: social.Notification) => void) => () => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in member's session; only views behind sign-in may call it. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

const kReconnectMs = 5000;

export function SessionProvider(props: {
  me: social.Me;
  unread: number;
  onMeChange: (me: social.Me) => void;
  onSignOut: () => Promise<void>;
  children: ComponentChildren;
}) {
  const [unread, setUnreadCount] = useState(props.unread);
  const listeners = useRef(new Set<(n: social.Notification) => void>());
  const [announcement, setAnnouncement] = useState('');
  const userId = props.me.id;

  useEffect(() => setUnreadCount(props.unread), [props.unread]);

  // One stream per signed-in member. EventSource reconnects by itself (sending
  // Last-Event-ID, so nothing is missed); when the server refuses it outright the
  // source closes, and a new one is opened after a pause with a fresh count.
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const seen = new Set<string>();

    const open = () => {
      source = new EventSource(social.kNotificationStreamUrl);
      source.addEventListener('notification', (event: MessageEvent<string>) => {
        let n: social.Notification;
        try {
          n = JSON.parse(event.data) as social.Notification;
        } catch {
          return;
        }
        const key = String(n.id);
        if (seen.has(key)) return;
        seen.add(key);
        if (!n.read) setUnreadCount((c) => c + 1);
        setAnnouncement(`New notification: ${describeNotification(n)}`);
        listeners.current.forEach((listener) => listener(n));
      });
      source.onerror = () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        timer = setTimeout(() => {
          if (stopped) return;
          void social
            .getMe()
            .then((state) => {
              if (stopped || !state) return;
              setUnreadCount(state.unread_notifications);
              open();
            })
            .catch(() => undefined);
        }, kReconnectMs);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [userId]);

  const session = useMemo<Session>(
    () => ({
      me: props.me,
      unread,
      setMe: props.onMeChange,
      setUnread: (update) => setUnreadCount((c) => Math.max(0, update(c))),
      onNotification: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
      signOut: props.onSignOut,
    }),
    [props.me, unread, props.onMeChange, props.onSignOut],
  );

  return (
    <SessionContext.Provider value={session}>
      {props.children}
      <p class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </SessionContext.Provider>
  );
}

/** One line saying what happened, for the list and for screen readers. */
export function describeNotification(n: social.Notification): string {
  const who = n.actor ? n.actor.display_name || `@${n.actor.handle}` : 'Someone';
  switch (n.kind) {
    case 'follow':
      return `${who} followed you`;
    case 'like':
      return `${who} liked your video`;
    case 'comment':
      return n.text ? `${who} commented: ${n.text}` : `${who} commented on your video`;
    case 'remix':
      return `${who} remixed your video`;
    case 'generation':
      return n.video_id
        ? 'Your video is ready: it is waiting in your drafts'
        : `Your video could not be made${n.text ? `: ${n.text}` : ''}`;
    case 'cameo':
      return n.text ? `${who}: ${n.text}` : `${who} used your cameo`;
    default:
      return n.text || 'Something happened';
  }
}
