// End to end, the social side of the web app in Debian's Chromium against a real
// `kinora serve`: two members in two browser contexts. Alice joins first (no invite:
// she becomes the administrator), makes an API key that works with a Bearer header and
// stops working once revoked, and copies an invite code; Bob joins with it, follows
// her, and she sees the notification arrive live; a used code is refused with the
// server's message; signing out and in works and a wrong password is told.
//
//   KINORA_BIN=build/kinora KINORA_WEB_DIST=web/dist node --test tests/e2e/web_social.test.mjs
//
// Optional: KINORA_E2E_ARTIFACTS (folder for screenshots), KINORA_CHROMIUM (browser path).

import { after, before, test } from 'node:test';
import {
  assert,
  assertionCount,
  birthdateYearsAgo,
  fillSignUp,
  launchBrowser,
  openMember,
  pageFetch,
  screenshot,
  serverPaths,
  startServer,
  uncaughtErrors,
  waitSignedIn,
  withDiagnostics,
} from './support.mjs';

const kAlice = { handle: 'alice', displayName: 'Alice Liddell', password: 'rabbit-hole-1865' };
// Bob is 15: his account has teen protections.
const kBob = {
  handle: 'bob',
  displayName: 'Bob Builder',
  password: 'can-we-fix-it',
  birthdate: birthdateYearsAgo(15),
  country: 'GB',
};

let server;
let browser;
let alice; // { name, context, page, problems }
let bob;
let inviteCode = null; // copied by Alice, used by Bob

before(async () => {
  const { bin, webDist } = serverPaths();
  server = await startServer(bin, webDist);
  browser = await launchBrowser();
  alice = await openMember(browser, 'alice');
  await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.baseUrl,
  });
  bob = await openMember(browser, 'bob');
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  console.log(`assertions run: ${assertionCount()}`);
});

function diagnose(t, name, body) {
  return withDiagnostics(t, name, { server, members: [alice, bob].filter(Boolean) }, body);
}

test('signing up: field errors sit by their field; the first member needs no invite', async (t) => {
  await diagnose(t, 'signup', async () => {
    const page = alice.page;
    await page.goto(server.baseUrl);
    await page.waitForURL(/#\/signin/);
    await page.getByRole('link', { name: 'Join with an invite' }).click();
    await page.waitForURL(/#\/signup/);

    // A handle the server refuses: its message is shown under the handle field.
    await fillSignUp(page, server.baseUrl, { ...kAlice, handle: 'no spaces!' });
    const handleError = page.getByTestId('handle-error');
    await handleError.waitFor({ timeout: 10_000 });
    assert.match(await handleError.innerText(), /\S/);
    assert.equal(await page.getByLabel('Handle').getAttribute('aria-invalid'), 'true');
    const direct = await fetch(`${server.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        handle: 'no spaces!',
        display_name: kAlice.displayName,
        password: kAlice.password,
        birthdate: birthdateYearsAgo(30),
        country: 'FR',
        invite_code: '',
      }),
    });
    assert.equal(direct.status, 400);
    const refusal = await direct.json();
    assert.equal(refusal.error.param, 'handle');
    assert.equal((await handleError.innerText()).trim(), refusal.error.message);

    await fillSignUp(page, server.baseUrl, kAlice);
    await waitSignedIn(page, kAlice.handle);
    const me = await pageFetch(page, '/api/me');
    assert.equal(me.body.user.role, 'admin', 'the first member administers the installation');
    assert.equal(me.body.user.is_teen, false);
    assert.deepEqual(uncaughtErrors(alice), []);
  });
});

test('an API key is shown once, works as a Bearer token, and stops when revoked', async (t) => {
  await diagnose(t, 'api-key', async () => {
    const page = alice.page;
    await page.getByTestId('nav-settings').click();
    await page.waitForURL(/#\/settings/);
    assert.equal(await page.getByTestId('teen-note').count(), 0, 'an adult sees the teen note');

    await page.getByTestId('key-name').fill('e2e script');
    await page.getByTestId('create-key').click();
    const shown = page.getByTestId('new-key-value');
    await shown.waitFor({ timeout: 10_000 });
    const key = (await shown.innerText()).trim();
    assert.match(key, /^kn_[A-Za-z0-9_-]{16,}$/);
    assert.match(await page.getByTestId('new-key').innerText(), /won't be shown again/);
    await page.getByTestId('copy-new-key').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
    await screenshot(page, 'web_social_api_key.png');

    const bearer = { Authorization: `Bearer ${key}` };
    const meByKey = await fetch(`${server.baseUrl}/api/me`, { headers: bearer });
    assert.equal(meByKey.status, 200);
    assert.equal((await meByKey.json()).user.handle, kAlice.handle);
    const v1ByKey = await fetch(`${server.baseUrl}/v1/videos/video_none`, { headers: bearer });
    assert.equal(v1ByKey.status, 404, 'the key is accepted on /v1 (unknown id, not 401)');

    // Gone after "I saved it", and not on the page after a reload either.
    await page.getByTestId('dismiss-new-key').click();
    assert.equal(await page.getByTestId('new-key').count(), 0);
    await page.reload();
    const row = page.getByTestId('api-key').filter({ hasText: 'e2e script' });
    await row.waitFor();
    assert.ok(!(await page.content()).includes(key), 'the key is shown again after a reload');

    await row.getByTestId('revoke-key').click();
    await row.getByTestId('confirm-revoke-key').click();
    await row.getByTestId('key-revoked').waitFor({ timeout: 10_000 });
    const revoked = await fetch(`${server.baseUrl}/api/me`, { headers: bearer });
    assert.equal(revoked.status, 401);
    const revokedV1 = await fetch(`${server.baseUrl}/v1/videos/video_none`, { headers: bearer });
    assert.equal(revokedV1.status, 401);
    assert.deepEqual(uncaughtErrors(alice), []);
  });
});

test('an invite code is copied and a second member joins with it', async (t) => {
  await diagnose(t, 'invite', async () => {
    const page = alice.page;
    const invites = page.getByTestId('invite');
    await invites.first().waitFor();
    assert.equal(await invites.count(), 4, 'a new member has 4 invite codes');
    assert.equal(await page.locator('[data-testid="invite"][data-used="false"]').count(), 4);

    const first = invites.first();
    const shownCode = (await first.getByTestId('invite-code').innerText()).trim();
    await first.getByTestId('copy-invite').click();
    await first.getByText('Copied').waitFor();
    inviteCode = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(inviteCode, shownCode);

    await fillSignUp(bob.page, server.baseUrl, { ...kBob, invite: inviteCode });
    await waitSignedIn(bob.page, kBob.handle);
    const me = await pageFetch(bob.page, '/api/me');
    assert.equal(me.body.user.role, 'member');
    assert.equal(me.body.user.is_teen, true);

    // Bob is 15: his settings say so. Alice's list shows the code as used.
    await bob.page.getByTestId('nav-settings').click();
    await bob.page.getByTestId('teen-note').waitFor();
    await page.reload();
    const used = page.locator('[data-testid="invite"][data-used="true"]');
    await used.first().waitFor();
    assert.equal(await used.count(), 1);
    assert.equal((await used.getByTestId('invite-code').innerText()).trim(), inviteCode);
    assert.deepEqual(uncaughtErrors(alice), []);
    assert.deepEqual(uncaughtErrors(bob), []);
  });
});

test('Bob follows Alice and her bell counts it without a reload', async (t) => {
  await diagnose(t, 'follow', async () => {
    const a = alice.page;
    await a.goto(`${server.baseUrl}/#/`);
    await waitSignedIn(a, kAlice.handle);
    const bell = a.getByTestId('bell');
    assert.equal(await bell.getAttribute('data-unread'), '0');
    // Marks this document: if the page reloaded, the mark would be gone.
    await a.evaluate(() => (window.__kinoraNoReload = true));

    const b = bob.page;
    await b.goto(`${server.baseUrl}/#/u/${kAlice.handle}`);
    const follow = b.getByTestId('follow-button');
    await follow.waitFor();
    assert.equal(await follow.getAttribute('aria-pressed'), 'false');
    // Another member's profile has no Drafts or Liked tab.
    assert.equal(await b.getByTestId('tab-drafts').count(), 0);
    assert.equal(await b.getByTestId('tab-liked').count(), 0);
    await follow.click();
    await b.locator('[data-testid="follow-button"][aria-pressed="true"]').waitFor();
    assert.match(await b.getByTestId('follower-count').innerText(), /^1 follower/);

    await a.waitForFunction(
      () => document.querySelector('[data-testid="bell"]')?.dataset.unread === '1',
      null,
      { timeout: 15_000 },
    );
    assert.equal(await a.evaluate(() => window.__kinoraNoReload), true, 'the page reloaded');
    assert.equal((await a.getByTestId('unread-count').innerText()).trim(), '1');
    assert.match(await bell.getAttribute('aria-label'), /1 unread/);
    await screenshot(a, 'web_social_bell.png');

    // The list says who; opening it marks it read.
    await bell.click();
    const item = a.getByTestId('notification').filter({ hasText: kBob.displayName });
    await item.waitFor();
    assert.equal(await item.getAttribute('data-kind'), 'follow');
    await a.waitForFunction(
      () => document.querySelector('[data-testid="bell"]')?.dataset.unread === '0',
      null,
      { timeout: 10_000 },
    );
    const unread = await pageFetch(a, '/api/notifications?unread=true');
    assert.equal(unread.body.unread_count, 0);

    // Alice sees Bob among her followers; her own profile has the Drafts and Liked tabs.
    await a.getByTestId('nav-profile').click();
    await a.getByTestId('tab-drafts').waitFor();
    await a.getByTestId('tab-followers').click();
    await a.locator('.member-row', { hasText: `@${kBob.handle}` }).waitFor();
    assert.deepEqual(uncaughtErrors(alice), []);
    assert.deepEqual(uncaughtErrors(bob), []);
  });
});

test("a used invite code is refused with the server's message", async (t) => {
  await diagnose(t, 'used-invite', async () => {
    assert.ok(inviteCode, 'no invite code from the earlier test');
    const b = bob.page;
    await b.getByTestId('sign-out').click();
    await b.waitForURL(/#\/signin/);

    const carol = { handle: 'carol', displayName: 'Carol', password: 'another-pass-1' };
    await fillSignUp(b, server.baseUrl, { ...carol, invite: inviteCode });
    const shown = b.locator('[data-testid="invite_code-error"], [data-testid="signup-error"]');
    await shown.first().waitFor({ timeout: 10_000 });

    // The same request straight to the server: its message is the one on screen.
    const direct = await fetch(`${server.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        handle: 'carol2',
        display_name: carol.displayName,
        password: carol.password,
        birthdate: birthdateYearsAgo(30),
        country: 'FR',
        invite_code: inviteCode,
      }),
    });
    assert.equal(direct.status, 409, 'a used invite is 409 in docs/api.md');
    const refusal = await direct.json();
    assert.equal((await shown.first().innerText()).trim(), refusal.error.message);
    if (refusal.error.param === 'invite_code') {
      assert.equal(await b.getByLabel('Invite code').getAttribute('aria-invalid'), 'true');
    }
    assert.match(new URL(b.url()).hash, /^#\/signup/, 'left the sign-up form');
    await screenshot(b, 'web_social_used_invite.png');
    assert.deepEqual(uncaughtErrors(bob), []);
  });
});

test('signing out and in; a wrong password is told', async (t) => {
  await diagnose(t, 'signin', async () => {
    const a = alice.page;
    await a.goto(`${server.baseUrl}/#/settings`);
    const here = a.locator('[data-testid="session"][data-current="true"]');
    await here.waitFor();
    assert.match(await here.innerText(), /This device/);

    await a.getByTestId('sign-out').click();
    await a.waitForURL(/#\/signin/);
    assert.equal((await pageFetch(a, '/api/me')).status, 401, 'still signed in after sign-out');

    await a.getByLabel('Handle').fill(kAlice.handle);
    await a.getByLabel('Password').fill('not-her-password');
    await a.getByTestId('signin-submit').click();
    const error = a.getByTestId('signin-error');
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.innerText(), /\S/);
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match(new URL(a.url()).hash, /^#\/signin/);
    assert.equal(await a.getByLabel('Password').inputValue(), '', 'the wrong password stays');
    await screenshot(a, 'web_social_wrong_password.png');

    await a.getByLabel('Password').fill(kAlice.password);
    await a.getByTestId('signin-submit').click();
    await waitSignedIn(a, kAlice.handle);
    assert.equal(await a.getByTestId('signin-error').count(), 0);
    const me = await pageFetch(a, '/api/me');
    assert.equal(me.body.user.handle, kAlice.handle);
    assert.deepEqual(uncaughtErrors(alice), []);
    console.log(`screenshot: ${await screenshot(a, 'web_social.png')}`);
  });
});
