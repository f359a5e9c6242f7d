// Shared by the browser tests: a real `kinora serve` on a free port with a fresh data
// dir, Debian's Chromium through playwright-core, page-problem collection, screenshots
// into $KINORA_E2E_ARTIFACTS, and the sign-up form filled the way a person would.

import strictAssert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const kHealthTimeoutMs = 30_000;
const kStopTimeoutMs = 10_000;
const kChromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

let assertionsRun = 0;

/**
 * node:assert/strict, counting the calls that ran, so a run can say how many checks it
 * made (waitFor() and friends check too, but are not counted).
 */
export const assert = new Proxy(strictAssert, {
  apply(target, self, args) {
    assertionsRun++;
    return Reflect.apply(target, self, args);
  },
  get(target, name) {
    const value = Reflect.get(target, name);
    if (typeof value !== 'function' || name === 'AssertionError') return value;
    return (...args) => {
      assertionsRun++;
      return Reflect.apply(value, target, args);
    };
  },
});

export function assertionCount() {
  return assertionsRun;
}

export function requiredPath(name, what) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: point it at ${what}`);
  const resolved = path.resolve(value);
  if (!existsSync(resolved)) throw new Error(`${name}=${value}: no such file (${what})`);
  return resolved;
}

/** The server binary and web app named by KINORA_BIN and KINORA_WEB_DIST. */
export function serverPaths() {
  return {
    bin: requiredPath('KINORA_BIN', 'the kinora server binary, e.g. build/kinora'),
    webDist: requiredPath('KINORA_WEB_DIST', 'the built web app, e.g. web/dist'),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.KINORA_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: kChromiumArgs,
  });
}

/**
 * A browser context (its own cookies: one member) and a page in it whose uncaught
 * errors and console errors are collected in `problems`.
 */
export async function openMember(browser, name, contextOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.stack || err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  return { name, context, page, problems };
}

/** Uncaught page errors only: console errors include expected 4xx answers. */
export function uncaughtErrors(member) {
  return member.problems.filter((p) => p.startsWith('pageerror:'));
}

let artifactsDir;
export async function artifactPath(fileName) {
  if (!artifactsDir) {
    artifactsDir = process.env.KINORA_E2E_ARTIFACTS
      ? path.resolve(process.env.KINORA_E2E_ARTIFACTS)
      : await fs.mkdtemp(path.join(os.tmpdir(), 'kinora-e2e-artifacts-'));
    await fs.mkdir(artifactsDir, { recursive: true });
  }
  return path.join(artifactsDir, fileName);
}

export async function screenshot(page, fileName) {
  const file = await artifactPath(fileName);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs a test body; on failure saves a screenshot of every member's page and prints
 * their page problems and the server's log.
 */
export async function withDiagnostics(t, name, { server, members }, body) {
  try {
    await body();
  } catch (err) {
    console.error(`\n--- ${t.name} failed ---`);
    for (const m of members) {
      const shot = await screenshot(m.page, `${name}-${m.name}-failure.png`).catch(() => null);
      if (shot) console.error(`screenshot (${m.name}): ${shot} at ${m.page.url()}`);
      if (m.problems.length) console.error(`page problems (${m.name}):\n${m.problems.join('\n')}`);
    }
    console.error(`server log (${server.command}):\n${server.log() || '(empty)'}\n--- end ---`);
    throw err;
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns `kinora serve` on a free port with a fresh data dir and waits for /healthz. */
export async function startServer(bin, webDist, extraArgs = []) {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kinora-e2e-data-'));
  const listen = `127.0.0.1:${port}`;
  const args = [
    'serve',
    '--listen',
    listen,
    '--data-dir',
    dataDir,
    '--web-dir',
    webDist,
    ...extraArgs,
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-150_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => {
    child.once('error', (err) => resolve({ error: err }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const baseUrl = `http://${listen}`;
  const command = `${bin} ${args.join(' ')}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited, delay(kStopTimeoutMs).then(() => null)]);
      if (!done) {
        console.error(`kinora did not exit ${kStopTimeoutMs} ms after SIGTERM; killing it`);
        child.kill('SIGKILL');
        await exited;
      }
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + kHealthTimeoutMs;
  let exitedEarly = null;
  exited.then((status) => (exitedEarly = status));
  for (;;) {
    if (exitedEarly) {
      await stop();
      const why = `kinora exited (${JSON.stringify(exitedEarly)}) before /healthz answered`;
      throw new Error(`${why}: ${command}\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      const why = `kinora was not healthy within ${kHealthTimeoutMs} ms: ${command}`;
      throw new Error(`${why}\n${output}`);
    }
    await delay(200);
  }
  return { baseUrl, dataDir, command, stop, log: () => output };
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** YYYY-MM-DD of the day `years` years before today. */
export function birthdateYearsAgo(years) {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  return d.toISOString().slice(0, 10);
}

/**
 * Fills the sign-up form at `#/signup` field by field, by its labels, and submits it.
 * Does not wait for the outcome.
 */
export async function fillSignUp(page, baseUrl, member) {
  await page.goto(`${baseUrl}/#/signup`);
  await page.getByLabel('Invite code').fill(member.invite ?? '');
  await page.getByLabel('Handle').fill(member.handle);
  await page.getByLabel('Display name').fill(member.displayName);
  await page.getByLabel('Password').fill(member.password);
  await page.getByLabel('Birthdate').fill(member.birthdate ?? birthdateYearsAgo(30));
  await page.getByLabel('Country').selectOption(member.country ?? 'FR');
  await page.getByTestId('signup-submit').click();
}

/** Waits until the header shows the member signed in as `handle`. */
export async function waitSignedIn(page, handle, timeout = 15_000) {
  await page
    .getByTestId('nav-profile')
    .filter({ hasText: `@${handle}` })
    .waitFor({ timeout });
}

/**
 * Runs fetch inside the page, so the member's session cookie goes with it; for
 * requests that change something, sends the CSRF token from GET /api/me unless
 * `csrf: false`. Resolves with {status, body}.
 */
export function pageFetch(page, url, { method = 'GET', json, csrf = true } = {}) {
  return page.evaluate(
    async ({ url, method, json, csrf }) => {
      const headers = { Accept: 'application/json' };
      if (json !== undefined) headers['Content-Type'] = 'application/json';
      if (method !== 'GET' && csrf) {
        const me = await (await fetch('/api/me', { credentials: 'same-origin' })).json();
        headers['X-CSRF-Token'] = me.csrf_token;
      }
      const response = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const text = await response.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      return { status: response.status, body };
    },
    { url, method, json, csrf },
  );
}
