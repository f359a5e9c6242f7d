// `#/u/:handle[/:tab]`: a member's profile — who they are, their counts, follow /
// block / mute, and tabs for their videos (posted; drafts and liked for the member
// themself; cameos) and their followers, following and mutuals.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  Avatar,
  MemberList,
  Page,
  PagedFooter,
  formatCount,
  usePaged,
  Loading,
} from '../components';
import { ApiError, errorMessage } from '../http';
import { MoreIcon } from '../icons';
import { href } from '../router';
import { useSession } from '../session';
import * as social from '../social';
import { VideoGrid } from './videos';

type Tab = social.Shelf | social.Connections;

const kShelves: { tab: social.Shelf; label: string; ownerOnly: boolean }[] = [
  { tab: 'posted', label: 'Posted', ownerOnly: false },
  { tab: 'drafts', label: 'Drafts', ownerOnly: true },
  { tab: 'liked', label: 'Liked', ownerOnly: true },
  { tab: 'cameos', label: 'Cameos', ownerOnly: false },
];
const kConnections: { tab: social.Connections; label: string }[] = [
  { tab: 'followers', label: 'Followers' },
  { tab: 'following', label: 'Following' },
  { tab: 'mutuals', label: 'Mutuals' },
];

export function ProfilePage(props: { handle: string; tab: string | undefined }) {
  const { me, setMe } = useSession();
  const [profile, setProfile] = useState<social.Profile | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [reloads, setReloads] = useState(0);
  // Blocking hides a member from the blocker too, so their profile then answers 404.
  const [blockedHere, setBlockedHere] = useState(false);

  useEffect(() => {
    let live = true;
    setError(null);
    social
      .getProfile(props.handle)
      .then((p) => live && setProfile(p))
      .catch(async (err: unknown) => {
        // A member one has blocked answers 404 like a stranger would; one's own block
        // list tells the two apart, so the page can offer to unblock.
        if (err instanceof ApiError && err.status === 404 && (await inBlockList(props.handle))) {
          if (live) setBlockedHere(true);
          return;
        }
        if (live) setError(err instanceof Error ? err : new Error(String(err)));
      });
    return () => {
      live = false;
    };
  }, [props.handle, reloads]);

  // The blocker may still load the profile (relationship.blocking); either way the
  // page offers to undo the block rather than to follow.
  if (blockedHere || profile?.relationship?.blocking) {
    return (
      <Page title={`@${props.handle}`}>
        <BlockedNotice
          handle={props.handle}
          onUnblocked={() => {
            setBlockedHere(false);
            setReloads((n) => n + 1);
          }}
        />
      </Page>
    );
  }
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Page title={`@${props.handle}`}>
        <section class="panel notice">
          <h1>{missing ? 'No such member' : 'This profile could not be loaded'}</h1>
          <p class="muted">
            {missing ? `Nobody here goes by @${props.handle}.` : errorMessage(error)}
          </p>
        </section>
      </Page>
    );
  }
  if (!profile) {
    return (
      <Page title={`@${props.handle}`}>
        <Loading />
      </Page>
    );
  }

  const own = profile.is_self;
  const shelves = kShelves.filter((s) => own || !s.ownerOnly);
  const tabs: Tab[] = [...shelves.map((s) => s.tab), ...kConnections.map((c) => c.tab)];
  const tab: Tab = tabs.includes(props.tab as Tab) ? (props.tab as Tab) : 'posted';

  return (
    <Page title={`${profile.display_name} (@${profile.handle})`} wide>
      <section class="panel profile-head" aria-labelledby="profile-name">
        <Avatar member={profile} size={88} />
        <div class="profile-main">
          <h1 id="profile-name" data-testid="profile-name">
            {profile.display_name}
          </h1>
          <p class="member-handle" data-testid="profile-handle">
            @{profile.handle}
            {profile.relationship?.followed_by && <span class="tag">Follows you</span>}
          </p>
          {profile.bio && <p class="profile-bio">{profile.bio}</p>}
          <p class="profile-counts">
            <a href={href('u', profile.handle, 'followers')} data-testid="follower-count">
              <strong>{formatCount(profile.follower_count)}</strong>{' '}
              {profile.follower_count === 1 ? 'follower' : 'followers'}
            </a>
            <a href={href('u', profile.handle, 'following')} data-testid="following-count">
              <strong>{formatCount(profile.following_count)}</strong> following
            </a>
            <span>
              <strong>{formatCount(profile.video_count)}</strong>{' '}
              {profile.video_count === 1 ? 'video' : 'videos'}
            </span>
          </p>
        </div>
        <div class="profile-actions">
          {own ? (
            <a class="button" href={href('settings')}>
              Edit profile
            </a>
          ) : (
            profile.relationship && (
              <RelationshipControls
                handle={profile.handle}
                relationship={profile.relationship}
                onChange={(relationship, followerDelta) => {
                  setProfile({
                    ...profile,
                    relationship,
                    follower_count: Math.max(0, profile.follower_count + followerDelta),
                  });
                  if (followerDelta !== 0) {
                    setMe({
                      ...me,
                      following_count: Math.max(0, me.following_count + followerDelta),
                    });
                  }
                }}
                onBlocked={() => setBlockedHere(true)}
              />
            )
          )}
        </div>
      </section>

      <nav class="tabs" aria-label={`${profile.display_name}'s videos and connections`}>
        {shelves.map((s) => (
          <TabLink key={s.tab} handle={profile.handle} tab={s.tab} current={tab} label={s.label} />
        ))}
        <span class="tabs-gap" aria-hidden="true" />
        {kConnections.map((c) => (
          <TabLink key={c.tab} handle={profile.handle} tab={c.tab} current={tab} label={c.label} />
        ))}
      </nav>

      <section class="tab-panel" aria-live="polite">
        {isShelf(tab) ? (
          <ShelfList handle={profile.handle} shelf={tab} own={own} />
        ) : (
          <ConnectionList handle={profile.handle} which={tab} own={own} />
        )}
      </section>
    </Page>
  );
}

async function inBlockList(handle: string): Promise<boolean> {
  try {
    const page = await social.listBlocked(null, 100);
    return page.data.some((m) => m.handle === handle.toLowerCase());
  } catch {
    return false;
  }
}

function isShelf(tab: Tab): tab is social.Shelf {
  return kShelves.some((s) => s.tab === tab);
}

function TabLink(props: { handle: string; tab: Tab; current: Tab; label: string }) {
  const selected = props.tab === props.current;
  return (
    <a
      class="tab"
      href={href('u', props.handle, props.tab)}
      aria-current={selected ? 'page' : undefined}
      data-testid={`tab-${props.tab}`}
    >
      {props.label}
    </a>
  );
}

function ShelfList(props: { handle: string; shelf: social.Shelf; own: boolean }) {
  const paged = usePaged(`${props.handle}/${props.shelf}`, (after) =>
    social.memberVideos(props.handle, props.shelf, after),
  );
  const empty = {
    posted: props.own ? 'You have not posted a video yet.' : 'No posted videos yet.',
    drafts: 'No drafts. Videos you generate land here until you post them.',
    liked: 'Videos you like are listed here.',
    cameos: 'No videos with a cameo yet.',
  }[props.shelf];
  return (
    <>
      {(paged.items.length > 0 || !paged.loading) && (
        <VideoGrid
          videos={paged.items}
          empty={empty}
          showOwner={props.shelf !== 'posted' && props.shelf !== 'drafts'}
        />
      )}
      <PagedFooter paged={paged} />
    </>
  );
}

function ConnectionList(props: { handle: string; which: social.Connections; own: boolean }) {
  const paged = usePaged(`${props.handle}/${props.which}`, (after) =>
    social.listConnections(props.handle, props.which, after),
  );
  const empty = {
    followers: 'No followers yet.',
    following: props.own ? 'You follow nobody yet.' : 'Follows nobody yet.',
    mutuals: 'No mutual follows yet.',
  }[props.which];
  return (
    <>
      {(paged.items.length > 0 || !paged.loading) && (
        <MemberList members={paged.items} empty={empty} />
      )}
      <PagedFooter paged={paged} />
    </>
  );
}

/** Follow / unfollow, and block and mute in a small menu. */
function RelationshipControls(props: {
  handle: string;
  relationship: social.Relationship;
  onChange: (relationship: social.Relationship, followerDelta: number) => void;
  onBlocked: () => void;
}) {
  const r = props.relationship;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const toggleFollow = () =>
    run(async () => {
      const { following } = await social.setFollowing(props.handle, !r.following);
      props.onChange({ ...r, following }, Number(following) - Number(r.following));
    });
  const toggleMute = () =>
    run(async () => {
      const { muting } = await social.setMuting(props.handle, !r.muting);
      props.onChange({ ...r, muting }, 0);
    });
  const block = () =>
    run(async () => {
      await social.setBlocking(props.handle, true);
      props.onBlocked();
    });

  const followLabel = r.following ? 'Following' : r.followed_by ? 'Follow back' : 'Follow';
  return (
    <div class="relationship">
      <button
        type="button"
        class={r.following ? 'button' : 'button button-primary'}
        aria-pressed={r.following}
        disabled={busy}
        onClick={() => void toggleFollow()}
        data-testid="follow-button"
        title={r.following ? `Unfollow @${props.handle}` : undefined}
      >
        {followLabel}
      </button>
      <Menu label={`More actions for @${props.handle}`}>
        {(close) => (
          <>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                void toggleMute();
              }}
              data-testid="mute-button"
            >
              {r.muting ? `Unmute @${props.handle}` : `Mute @${props.handle}`}
            </button>
            <button
              type="button"
              role="menuitem"
              class="danger"
              onClick={() => {
                close();
                void block();
              }}
              data-testid="block-button"
            >
              Block @{props.handle}
            </button>
          </>
        )}
      </Menu>
      {r.muting && <span class="tag">Muted</span>}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function BlockedNotice(props: { handle: string; onUnblocked: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="panel notice" data-testid="blocked-notice">
      <h1>You blocked @{props.handle}</h1>
      <p class="muted">
        Neither of you sees the other now, and follows between you were removed. You can also
        unblock people in <a href={href('settings')}>Settings</a>.
      </p>
      <button
        type="button"
        class="button"
        onClick={() =>
          social
            .setBlocking(props.handle, false)
            .then(props.onUnblocked, (err: unknown) => setError(errorMessage(err)))
        }
      >
        Unblock @{props.handle}
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * A button that opens a small menu: arrow keys move between items, Escape closes it
 * and gives focus back to the button, and a click elsewhere closes it.
 */
export function Menu(props: { label: string; children: (close: () => void) => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    const items = Array.from(
      root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  return (
    <div class="menu" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        class="button button-icon"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={props.label}
        onClick={() => setOpen((o) => !o)}
        data-testid="more-menu"
      >
        <MoreIcon />
      </button>
      {open && (
        <div class="menu-items" role="menu" aria-label={props.label}>
          {props.children(close)}
        </div>
      )}
    </div>
  );
}
