// Joining and signing in: sign-in, sign-up with an invite, the waitlist and its
// status page. These views work without a session.

import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  CopyButton,
  FormAlert,
  TextField,
  focusField,
  formatDate,
  toFieldError,
  type FieldError,
} from '../components';
import { countries, guessCountry } from '../countries';
import { errorMessage } from '../http';
import { href } from '../router';
import * as social from '../social';

function AuthCard(props: { title: string; lede?: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Kinora`;
  }, [props.title]);
  return (
    <main class="auth">
      <section class="panel auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{props.title}</h1>
        {props.lede && <p class="lede">{props.lede}</p>}
        {props.children}
      </section>
    </main>
  );
}

function SubmitButton(props: { busy: boolean; label: string; busyLabel: string; testId: string }) {
  return (
    <button type="submit" class="generate" data-testid={props.testId} disabled={props.busy}>
      {props.busy && <span class="spinner" aria-hidden="true" />}
      {props.busy ? props.busyLabel : props.label}
    </button>
  );
}

export function SignIn(props: { onSignedIn: (answer: social.SignedIn) => void }) {
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!handle.trim() || !password) {
      const missing = !handle.trim() ? 'handle' : 'password';
      const e = { message: `Enter your ${missing}.`, field: missing };
      setError(e);
      focusField(e);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await social.signIn(handle.trim(), password));
    } catch (err) {
      // A wrong handle or password is one message for the whole form: saying which
      // was wrong would tell a stranger which handles exist.
      const e = toFieldError(err, []);
      setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" lede="Welcome back to Kinora.">
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="handle"
          label="Handle"
          value={handle}
          onInput={setHandle}
          error={error}
          autoComplete="username"
          testId="signin-handle"
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          error={error}
          autoComplete="current-password"
          testId="signin-password"
        />
        <SubmitButton busy={busy} label="Sign in" busyLabel="Signing in…" testId="signin-submit" />
        <FormAlert error={error} testId="signin-error" />
      </form>
      <p class="auth-links">
        New here? <a href={href('signup')}>Join with an invite</a> · No invite?{' '}
        <a href={href('waitlist')}>Join the waitlist</a>
      </p>
    </AuthCard>
  );
}

const kSignUpFields = [
  'handle',
  'display_name',
  'password',
  'birthdate',
  'country',
  'invite_code',
] as const;

export function SignUp(props: { invite: string; onSignedIn: (answer: social.SignedIn) => void }) {
  const [form, setForm] = useState<social.SignUpRequest>(() => ({
    handle: '',
    display_name: '',
    password: '',
    birthdate: '',
    country: guessCountry(),
    invite_code: props.invite,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);

  const set = (field: keyof social.SignUpRequest) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (error?.field === field) setError(null);
  };

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const fields = {
        ...form,
        handle: form.handle.trim(),
        display_name: form.display_name.trim(),
        invite_code: form.invite_code.trim(),
      };
      props.onSignedIn(await social.signUp(fields));
    } catch (err) {
      const e = toFieldError(err, kSignUpFields);
      setError(e);
      focusField(e);
    } finally {
      setBusy(false);
    }
  };

  const countryError = error?.field === 'country' ? error : null;
  return (
    <AuthCard title="Join Kinora" lede="Make videos with sound from a sentence, and share them.">
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="invite_code"
          label="Invite code"
          value={form.invite_code}
          onInput={set('invite_code')}
          error={error}
          hint="From a friend or the waitlist. The first member of a new installation needs none."
          autoComplete="off"
          testId="signup-invite"
        />
        <TextField
          id="handle"
          label="Handle"
          value={form.handle}
          onInput={set('handle')}
          error={error}
          hint="3–30 letters, digits, dots or underscores. Your profile is at @handle."
          autoComplete="username"
          maxLength={30}
          testId="signup-handle"
        />
        <TextField
          id="display_name"
          label="Display name"
          value={form.display_name}
          onInput={set('display_name')}
          error={error}
          autoComplete="name"
          maxLength={50}
          testId="signup-display-name"
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          value={form.password}
          onInput={set('password')}
          error={error}
          hint="At least 8 characters."
          autoComplete="new-password"
          testId="signup-password"
        />
        <div class="form-row">
          <TextField
            id="birthdate"
            label="Birthdate"
            type="date"
            value={form.birthdate}
            onInput={set('birthdate')}
            error={error}
            autoComplete="bday"
            testId="signup-birthdate"
          />
          <CountrySelect
            value={form.country}
            onChange={set('country')}
            error={countryError}
            testId="signup-country"
          />
        </div>
        <SubmitButton
          busy={busy}
          label="Create account"
          busyLabel="Creating your account…"
          testId="signup-submit"
        />
        <FormAlert error={error} testId="signup-error" />
      </form>
      <p class="auth-links">
        Already a member? <a href={href('signin')}>Sign in</a> · No invite?{' '}
        <a href={href('waitlist')}>Join the waitlist</a>
      </p>
    </AuthCard>
  );
}

function CountrySelect(props: {
  value: string;
  onChange: (code: string) => void;
  error: FieldError | null;
  testId: string;
}) {
  return (
    <div class="form-field">
      <label class="field-label" for="country">
        Country
      </label>
      <select
        id="country"
        name="country"
        data-testid={props.testId}
        value={props.value}
        autoComplete="country"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? 'country-error' : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">Choose…</option>
        {countries().map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="field-error" id="country-error" data-testid="country-error">
          {props.error.message}
        </p>
      )}
    </div>
  );
}

const kWaitlistKey = 'kinora.waitlist.id';

export function Waitlist() {
  const [email, setEmail] = useState('');
  const [country, setCountry] = useState(guessCountry);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [ticket, setTicket] = useState<social.WaitlistTicket | null>(null);
  const earlier = readStoredTicket();

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await social.joinWaitlist(email.trim(), country, note.trim());
      setTicket(answer);
      try {
        localStorage.setItem(kWaitlistKey, answer.id);
      } catch {
        // No storage: the link on screen is the way back.
      }
    } catch (err) {
      const e = toFieldError(err, ['email', 'country', 'note']);
      setError(e);
      focusField(e);
    } finally {
      setBusy(false);
    }
  };

  if (ticket) {
    return (
      <AuthCard title="You're on the list" lede="We'll let you in as soon as there is room.">
        <WaitlistTicketView initial={ticket} />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Join the waitlist"
      lede="Kinora grows by invitation. Leave your address and we'll send you a code."
    >
      {earlier && (
        <p class="note">
          You joined before: <a href={href('waitlist', earlier)}>check your status</a>.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="email"
          label="Email"
          type="email"
          value={email}
          onInput={setEmail}
          error={error}
          autoComplete="email"
          testId="waitlist-email"
        />
        <CountrySelect
          value={country}
          onChange={setCountry}
          error={error?.field === 'country' ? error : null}
          testId="waitlist-country"
        />
        <TextField
          id="note"
          label="Anything you'd like us to know (optional)"
          value={note}
          onInput={setNote}
          error={error}
          multiline
          maxLength={500}
          testId="waitlist-note"
        />
        <SubmitButton
          busy={busy}
          label="Join the waitlist"
          busyLabel="Joining…"
          testId="waitlist-submit"
        />
        <FormAlert error={error} testId="waitlist-error" />
      </form>
      <p class="auth-links">
        Have an invite? <a href={href('signup')}>Join now</a> · Already a member?{' '}
        <a href={href('signin')}>Sign in</a>
      </p>
    </AuthCard>
  );
}

/** `#/waitlist/:id`: where someone on the waitlist checks whether they are in. */
export function WaitlistStatusPage(props: { id: string }) {
  const [ticket, setTicket] = useState<social.WaitlistTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTicket(null);
    setError(null);
    social.waitlistStatus(props.id).then(setTicket, (err: unknown) => setError(errorMessage(err)));
  }, [props.id]);
  return (
    <AuthCard title="Your place on the waitlist">
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!error && !ticket && <p class="loading">Loading…</p>}
      {ticket && <WaitlistTicketView initial={ticket} />}
    </AuthCard>
  );
}

function WaitlistTicketView(props: { initial: social.WaitlistTicket }) {
  const [ticket, setTicket] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const link = `${window.location.origin}${window.location.pathname}${href('waitlist', ticket.id)}`;

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setTicket(await social.waitlistStatus(ticket.id));
      setCheckedAt(Date.now());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="ticket" data-testid="waitlist-ticket">
      <p>
        Status:{' '}
        <strong data-testid="waitlist-status" data-status={ticket.status}>
          {ticket.status === 'admitted' ? 'Admitted' : 'Waiting'}
        </strong>
        {checkedAt && <span class="muted"> · checked {formatDate(checkedAt)}</span>}
      </p>
      {ticket.status === 'admitted' && ticket.invite_code ? (
        <div class="secret-box">
          <p>You're in. Your invite code:</p>
          <div class="secret-row">
            <code data-testid="waitlist-invite">{ticket.invite_code}</code>
            <CopyButton text={ticket.invite_code} label="Copy invite code" />
          </div>
          <a
            class="button button-primary"
            href={`${href('signup')}?invite=${encodeURIComponent(ticket.invite_code)}`}
          >
            Create your account
          </a>
        </div>
      ) : (
        <>
          <p class="muted">Keep this link to check on your place later:</p>
          <div class="secret-row">
            <a href={href('waitlist', ticket.id)} data-testid="waitlist-link">
              <code>{ticket.id}</code>
            </a>
            <CopyButton text={link} label="Copy status link" />
          </div>
          <button
            type="button"
            class="button"
            onClick={check}
            disabled={busy}
            data-testid="waitlist-check"
          >
            {busy ? 'Checking…' : 'Check status'}
          </button>
        </>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function readStoredTicket(): string | null {
  try {
    return localStorage.getItem(kWaitlistKey);
  } catch {
    return null;
  }
}
