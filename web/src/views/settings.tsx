// `#/settings`: the member's profile (name, bio, avatar), password, API keys (each
// shown once), signed-in browsers, invite codes, blocked and muted members, and for
// administrators the invites and the waitlist.

import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  Avatar,
  CopyButton,
  FormAlert,
  Loading,
  Page,
  PagedFooter,
  TextField,
  focusField,
  formatDate,
  timeAgo,
  toFieldError,
  usePaged,
  type FieldError,
} from '../components';
import { errorMessage } from '../http';
import { href } from '../router';
import { useSession } from '../session';
import * as social from '../social';

export function SettingsPage() {
  const { me } = useSession();
  return (
    <Page title="Settings">
      <h1 class="page-title">Settings</h1>
      {me.is_teen && (
        <p class="note teen-note" data-testid="teen-note">
          Your account has teen protections because you are under 18. They stay on until your 18th
          birthday.
        </p>
      )}
      <ProfileSection />
      <PasswordSection />
      <ApiKeysSection />
      <SessionsSection />
      <InvitesSection />
      <HiddenMembersSection />
      {me.role === 'admin' && <AdminSection />}
    </Page>
  );
}

function Section(props: { id: string; title: string; lede?: string; children: ComponentChildren }) {
  return (
    <section
      class="panel settings-section"
      aria-labelledby={`${props.id}-title`}
      data-testid={`settings-${props.id}`}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.lede && <p class="lede">{props.lede}</p>}
      {props.children}
    </section>
  );
}

/** A short "Saved." that screen readers announce. */
function Saved(props: { text: string | null; testId?: string }) {
  return (
    <p class="saved" role="status" data-testid={props.testId}>
      {props.text}
    </p>
  );
}

// ---- Profile ----

function ProfileSection() {
  const { me, setMe } = useSession();
  const [displayName, setDisplayName] = useState(me.display_name);
  const [bio, setBio] = useState(me.bio);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const { user } = await social.updateMe({ display_name: displayName.trim(), bio: bio.trim() });
      setMe(user);
      setDisplayName(user.display_name);
      setBio(user.bio);
      setSaved('Profile saved.');
    } catch (err) {
      const e = toFieldError(err, ['display_name', 'bio']);
      setError(e);
      focusField(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="profile" title="Profile" lede={`How others see you at @${me.handle}.`}>
      <AvatarUpload />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="display_name"
          label="Display name"
          value={displayName}
          onInput={setDisplayName}
          error={error}
          maxLength={50}
          testId="settings-display-name"
        />
        <TextField
          id="bio"
          label="Bio"
          value={bio}
          onInput={setBio}
          error={error}
          multiline
          maxLength={300}
          hint="Up to 300 characters."
          testId="settings-bio"
        />
        <div class="form-actions">
          <button
            type="submit"
            class="button button-primary"
            disabled={busy}
            data-testid="save-profile"
          >
            {busy ? 'Saving…' : 'Save profile'}
          </button>
          <a class="button" href={href('u', me.handle)}>
            View profile
          </a>
        </div>
        <FormAlert error={error} />
        <Saved text={saved} testId="profile-saved" />
      </form>
    </Section>
  );
}

function AvatarUpload() {
  const { me, setMe } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (!social.kAvatarTypes.includes(file.type)) {
      setError('Choose a PNG, JPEG or WebP image.');
      return;
    }
    if (file.size > social.kAvatarMaxBytes) {
      setError('That image is larger than 2 MB. Choose a smaller one.');
      return;
    }
    setBusy(true);
    try {
      // The server's avatar_url names the picture's version, so the new one is fetched.
      const { user } = await social.uploadAvatar(file);
      setMe(user);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div class="avatar-upload">
      <Avatar member={me} size={72} />
      <div>
        <label class="button" for="avatar-file" aria-disabled={busy}>
          {busy ? 'Uploading…' : 'Change picture'}
        </label>
        <input
          id="avatar-file"
          ref={input}
          class="visually-hidden-file"
          type="file"
          accept={social.kAvatarTypes.join(',')}
          disabled={busy}
          aria-describedby="avatar-hint"
          onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          data-testid="avatar-file"
        />
        <p class="field-hint" id="avatar-hint">
          PNG, JPEG or WebP, up to 2 MB.
        </p>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

// ---- Password ----

function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [replacement, setReplacement] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    if (replacement !== confirm) {
      const e = { message: 'The two new passwords differ.', field: 'confirm_password' };
      setError(e);
      focusField(e);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await social.changePassword(current, replacement);
      setCurrent('');
      setReplacement('');
      setConfirm('');
      setSaved('Password changed.');
    } catch (err) {
      const e = toFieldError(err, ['current_password', 'new_password']);
      setError(e);
      focusField(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="password" title="Password">
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="current_password"
          label="Current password"
          type="password"
          value={current}
          onInput={setCurrent}
          error={error}
          autoComplete="current-password"
        />
        <div class="form-row">
          <TextField
            id="new_password"
            label="New password"
            type="password"
            value={replacement}
            onInput={setReplacement}
            error={error}
            autoComplete="new-password"
            hint="At least 8 characters."
          />
          <TextField
            id="confirm_password"
            label="New password again"
            type="password"
            value={confirm}
            onInput={setConfirm}
            error={error}
            autoComplete="new-password"
          />
        </div>
        <button
          type="submit"
          class="button button-primary"
          disabled={busy || !current || !replacement}
        >
          {busy ? 'Changing…' : 'Change password'}
        </button>
        <FormAlert error={error} />
        <Saved text={saved} />
      </form>
    </Section>
  );
}

// ---- API keys ----

function ApiKeysSection() {
  const [keys, setKeys] = useState<social.ApiKeyInfo[] | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [created, setCreated] = useState<social.NewApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = () =>
    social.listApiKeys().then(
      (answer) => setKeys(answer.data),
      (err: unknown) => setError(toFieldError(err, [])),
    );
  useEffect(() => void load(), []);

  const onCreate = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = await social.createApiKey(name.trim());
      setCreated(key);
      setName('');
      await load();
    } catch (err) {
      const e = toFieldError(err, ['name']);
      setError(e.field === 'name' ? { ...e, field: 'key_name' } : e);
      focusField(e.field === 'name' ? { ...e, field: 'key_name' } : e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string) => {
    setError(null);
    try {
      await social.revokeApiKey(id);
      setConfirming(null);
      if (created?.id === id) setCreated(null);
      await load();
    } catch (err) {
      setError(toFieldError(err, []));
    }
  };

  return (
    <Section
      id="api-keys"
      title="API keys"
      lede="Keys let programs use Kinora as you, for example the OpenAI SDK pointed at this server. Treat them like passwords."
    >
      {created && (
        <div class="secret-box" role="region" aria-label="Your new API key" data-testid="new-key">
          <p>
            <strong>{created.name}</strong> is ready. Copy the key now:{' '}
            <strong>it won't be shown again.</strong>
          </p>
          <div class="secret-row">
            <code data-testid="new-key-value">{created.key}</code>
            <CopyButton text={created.key} label="Copy API key" testId="copy-new-key" />
          </div>
          <p class="field-hint">
            Use it as <code>Authorization: Bearer {created.prefix}…</code>
          </p>
          <button
            type="button"
            class="button button-small"
            onClick={() => setCreated(null)}
            data-testid="dismiss-new-key"
          >
            I saved it
          </button>
        </div>
      )}
      <form class="inline-form" onSubmit={onCreate} noValidate>
        <TextField
          id="key_name"
          label="Name"
          value={name}
          onInput={setName}
          error={error}
          hint="What will use it, e.g. “laptop script”."
          maxLength={60}
          testId="key-name"
        />
        <button
          type="submit"
          class="button button-primary"
          disabled={busy || !name.trim()}
          data-testid="create-key"
        >
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
      <FormAlert error={error} />
      {keys === null ? (
        <Loading />
      ) : keys.length === 0 ? (
        <p class="empty">No keys yet.</p>
      ) : (
        <ul class="rows" data-testid="api-keys">
          {keys.map((k) => (
            <li
              key={k.id}
              class={k.revoked_at ? 'row row-off' : 'row'}
              data-testid="api-key"
              data-key-id={k.id}
            >
              <div class="row-main">
                <span class="row-title">{k.name}</span>
                <span class="muted">
                  <code>{k.prefix}…</code> · created {timeAgo(k.created_at)} ·{' '}
                  {k.last_used_at ? `last used ${timeAgo(k.last_used_at)}` : 'never used'}
                </span>
              </div>
              {k.revoked_at ? (
                <span class="tag" data-testid="key-revoked">
                  Revoked {timeAgo(k.revoked_at)}
                </span>
              ) : confirming === k.id ? (
                <span class="confirm-inline" role="group" aria-label={`Revoke ${k.name}?`}>
                  <span class="muted">Programs using it stop at once.</span>
                  <button
                    type="button"
                    class="button button-small button-danger"
                    onClick={() => void revoke(k.id)}
                    data-testid="confirm-revoke-key"
                  >
                    Revoke
                  </button>
                  <button
                    type="button"
                    class="button button-small"
                    onClick={() => setConfirming(null)}
                  >
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  class="button button-small"
                  aria-label={`Revoke key ${k.name}`}
                  onClick={() => setConfirming(k.id)}
                  data-testid="revoke-key"
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

// ---- Sessions ----

function SessionsSection() {
  const { signOut } = useSession();
  const [sessions, setSessions] = useState<social.SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    social.listSessions().then(
      (answer) => setSessions(answer.data),
      (err: unknown) => setError(errorMessage(err)),
    );
  useEffect(() => void load(), []);

  const revoke = async (s: social.SessionInfo) => {
    setError(null);
    try {
      if (s.current) {
        await signOut();
        return;
      }
      await social.revokeSession(s.id);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Section
      id="sessions"
      title="Where you're signed in"
      lede="Sign out a browser you no longer use."
    >
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {sessions === null ? (
        !error && <Loading />
      ) : (
        <ul class="rows" data-testid="sessions">
          {sessions.map((s) => (
            <li
              key={s.id}
              class="row"
              data-testid="session"
              data-current={s.current ? 'true' : 'false'}
            >
              <div class="row-main">
                <span class="row-title">
                  {describeAgent(s.user_agent)}
                  {s.current && <span class="tag tag-accent">This device</span>}
                </span>
                <span
                  class="muted"
                  title={`Signed in ${formatDate(s.created_at)}; expires ${formatDate(s.expires_at)}`}
                >
                  {s.ip || 'unknown address'} · active {timeAgo(s.last_seen_at)}
                </span>
              </div>
              <button
                type="button"
                class="button button-small"
                onClick={() => void revoke(s)}
                data-testid="revoke-session"
              >
                {s.current ? 'Sign out' : 'Revoke'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** "Chrome on Linux" from a user agent string; the raw string when nothing matches. */
function describeAgent(agent: string): string {
  if (!agent) return 'Unknown browser';
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : null;
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : null;
  if (!browser) return agent.length > 60 ? `${agent.slice(0, 57)}…` : agent;
  return system ? `${browser} on ${system}` : browser;
}

// ---- Invites ----

function InvitesSection() {
  const [invites, setInvites] = useState<social.Invite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    social.listInvites().then(
      (answer) => setInvites(answer.data),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  const left = invites?.filter((i) => !i.used).length ?? 0;
  return (
    <Section
      id="invites"
      title="Invites"
      lede={
        invites ? `${left} of ${invites.length} codes left. Each lets one friend join.` : undefined
      }
    >
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {invites === null ? (
        !error && <Loading />
      ) : invites.length === 0 ? (
        <p class="empty">You have no invite codes.</p>
      ) : (
        <InviteList invites={invites} />
      )}
    </Section>
  );
}

function InviteList(props: { invites: social.Invite[] }) {
  return (
    <ul class="rows" data-testid="invites">
      {props.invites.map((i) => (
        <li
          key={i.code}
          class={i.used ? 'row row-off' : 'row'}
          data-testid="invite"
          data-used={i.used ? 'true' : 'false'}
        >
          <div class="row-main">
            <code class="row-title" data-testid="invite-code">
              {i.code}
            </code>
            <span class="muted">
              {i.used ? `Used ${i.used_at ? timeAgo(i.used_at) : ''}` : 'Not used yet'}
            </span>
          </div>
          {!i.used && (
            <CopyButton text={i.code} label={`Copy invite code ${i.code}`} testId="copy-invite" />
          )}
        </li>
      ))}
    </ul>
  );
}

// ---- Blocked and muted ----

function HiddenMembersSection() {
  return (
    <Section
      id="hidden"
      title="Blocked and muted"
      lede="Blocked members and you don't see each other. Muted members don't notify you."
    >
      <div class="two-columns">
        <HiddenList which="blocked" />
        <HiddenList which="muted" />
      </div>
    </Section>
  );
}

function HiddenList(props: { which: 'blocked' | 'muted' }) {
  const paged = usePaged(props.which, (after) =>
    props.which === 'blocked' ? social.listBlocked(after) : social.listMuted(after),
  );
  const [error, setError] = useState<string | null>(null);
  const undo = async (m: social.Member) => {
    setError(null);
    try {
      if (props.which === 'blocked') await social.setBlocking(m.handle, false);
      else await social.setMuting(m.handle, false);
      paged.setItems((items) => items.filter((i) => i.id !== m.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const verb = props.which === 'blocked' ? 'Unblock' : 'Unmute';
  return (
    <div>
      <h3 class="section-title">{props.which === 'blocked' ? 'Blocked' : 'Muted'}</h3>
      {paged.items.length === 0 && !paged.loading && !paged.error && <p class="empty">Nobody.</p>}
      <ul class="rows">
        {paged.items.map((m) => (
          <li key={m.id} class="row">
            <span class="member-row">
              <Avatar member={m} size={28} />
              <span class="member-names">
                <span class="member-name">{m.display_name}</span>
                <span class="member-handle">@{m.handle}</span>
              </span>
            </span>
            <button
              type="button"
              class="button button-small"
              aria-label={`${verb} @${m.handle}`}
              onClick={() => void undo(m)}
            >
              {verb}
            </button>
          </li>
        ))}
      </ul>
      <PagedFooter paged={paged} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

// ---- Administration ----

function AdminSection() {
  const [count, setCount] = useState('5');
  const [made, setMade] = useState<social.Invite[]>([]);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const waitlist = usePaged('admin-waitlist', (after) =>
    social.listWaitlist({ waitingOnly: true, after }),
  );
  const [admitted, setAdmitted] = useState<social.WaitlistEntry[]>([]);

  const onCreate = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await social.createInvites(Number(count));
      setMade((old) => [...answer.data, ...old]);
    } catch (err) {
      const e = toFieldError(err, ['count']);
      setError(e);
      focusField(e);
    } finally {
      setBusy(false);
    }
  };

  const admit = async (entry: social.WaitlistEntry) => {
    setError(null);
    try {
      const answer = await social.admitFromWaitlist(entry.id);
      waitlist.setItems((items) => items.filter((i) => i.id !== entry.id));
      setAdmitted((old) => [answer, ...old]);
    } catch (err) {
      setError(toFieldError(err, []));
    }
  };

  return (
    <Section id="admin" title="Administration" lede="You run this installation.">
      <h3 class="section-title">New invite codes</h3>
      <form class="inline-form" onSubmit={onCreate} noValidate>
        <div class="form-field">
          <label class="field-label" for="count">
            How many (1–100)
          </label>
          <input
            id="count"
            class="input input-narrow"
            type="number"
            min={1}
            max={100}
            value={count}
            aria-invalid={error?.field === 'count' ? true : undefined}
            onInput={(e) => setCount(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button button-primary" disabled={busy}>
          Create codes
        </button>
      </form>
      {made.length > 0 && <InviteList invites={made} />}

      <h3 class="section-title">Waitlist</h3>
      {waitlist.items.length === 0 && !waitlist.loading && !waitlist.error && (
        <p class="empty">Nobody is waiting.</p>
      )}
      <ul class="rows">
        {waitlist.items.map((w) => (
          <li key={w.id} class="row">
            <div class="row-main">
              <span class="row-title">
                {w.email} <span class="muted">· {w.country}</span>
              </span>
              <span class="muted">
                {w.note ? `“${w.note}” · ` : ''}waiting since {formatDate(w.created_at)}
              </span>
            </div>
            <button
              type="button"
              class="button button-small"
              onClick={() => void admit(w)}
              aria-label={`Admit ${w.email}`}
            >
              Admit
            </button>
          </li>
        ))}
      </ul>
      <PagedFooter paged={waitlist} />
      {admitted.map((a) => (
        <p key={a.id} class="saved" role="status">
          Admitted {a.email}: invite <code>{a.invite_code}</code>
        </p>
      ))}
      <FormAlert error={error} />
    </Section>
  );
}
