// `#/notifications`: what happened, newest first. Opening the page marks everything
// shown as read; notifications that arrive while it is open are added at the top
// (from the live stream) and marked read too.

import { useEffect, useRef } from 'preact/hooks';
import { Avatar, Page, PagedFooter, formatDate, timeAgo, usePaged } from '../components';
import { href } from '../router';
import { describeNotification, useSession } from '../session';
import * as social from '../social';

export function NotificationsPage() {
  const { me, setUnread, onNotification } = useSession();
  const paged = usePaged(`notifications/${me.id}`, (after) => social.listNotifications({ after }));
  // Unread as the page first showed them, so they stay highlighted once marked read.
  const fresh = useRef(new Set<string>());

  const markRead = (newest: social.Notification | undefined) => {
    if (!newest) return;
    social
      .markNotificationsRead(newest.id)
      .then(() => setUnread(() => 0))
      .catch(() => undefined);
  };

  useEffect(() => {
    if (paged.loading || paged.error) return;
    for (const n of paged.items) if (!n.read) fresh.current.add(String(n.id));
    if (paged.items.some((n) => !n.read)) markRead(paged.items[0]);
  }, [paged.loading]);

  useEffect(
    () =>
      onNotification((n) => {
        fresh.current.add(String(n.id));
        paged.setItems((items) =>
          items.some((i) => String(i.id) === String(n.id)) ? items : [n, ...items],
        );
        markRead(n);
      }),
    [],
  );

  return (
    <Page title="Notifications">
      <section class="panel list-panel" aria-labelledby="notifications-title">
        <h1 id="notifications-title">Notifications</h1>
        {paged.items.length === 0 && !paged.loading && !paged.error && (
          <p class="empty">Nothing yet. Follows, likes and comments show up here.</p>
        )}
        <ul class="notification-list" data-testid="notifications">
          {paged.items.map((n) => {
            const unread = !n.read || fresh.current.has(String(n.id));
            return (
              <li
                key={String(n.id)}
                class={unread ? 'notification unread' : 'notification'}
                data-testid="notification"
                data-kind={n.kind}
              >
                {n.actor ? (
                  <Avatar member={n.actor} size={36} />
                ) : (
                  <span class="avatar avatar-initial avatar-system" aria-hidden="true">
                    K
                  </span>
                )}
                <div class="notification-main">
                  <a href={target(n)} class="notification-text">
                    {describeNotification(n)}
                  </a>
                  <span class="muted" title={formatDate(n.created_at)}>
                    {timeAgo(n.created_at)}
                    {unread && <span class="sr-only"> · new</span>}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
        <PagedFooter paged={paged} />
      </section>
    </Page>
  );
}

function target(n: social.Notification): string {
  if (n.video_id) return href('v', n.video_id);
  if (n.actor) return href('u', n.actor.handle);
  return href('notifications');
}
