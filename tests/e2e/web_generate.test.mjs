// End to end: Debian's Chromium drives the web app served by a real `kinora serve`,
// generates a 4-second clip and checks that it plays, at the chosen size, with sound.
//
//   KINORA_BIN=build/kinora KINORA_WEB_DIST=web/dist node --test tests/e2e/
//
// Optional: KINORA_E2E_ARTIFACTS (folder for screenshots), KINORA_CHROMIUM (browser path).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const kHealthTimeoutMs = 30_000;
const kGenerateTimeoutMs = 180_000;
const kStopTimeoutMs = 10_000;
const kPrompt = 'A golden retriever on a beach at sunset says "Hello world"';
const kSeconds = '4';
const kSize = '1280x720'; // not the page's default, so the test proves the select is sent
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

let server; // { baseUrl, log(), stop() }
let browser;
let page;
const pageProblems = []; // uncaught page errors and console errors, printed on failure

before(async () => {
  const bin = requiredPath('KINORA_BIN', 'the kinora server binary, e.g. build/kinora');
  const webDist = requiredPath('KINORA_WEB_DIST', 'the built web app, e.g. web/dist');
  server = await startServer(bin, webDist);
  browser = await chromium.launch({
    executablePath: process.env.KINORA_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: kChromiumArgs,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => pageProblems.push(`pageerror: ${err.stack || err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageProblems.push(`console.error: ${msg.text()}`);
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('an empty prompt is refused with a message, and the page keeps working', async (t) => {
  await withDiagnostics(t, 'empty-prompt', async () => {
    // The server's own answer, which the page shows for anything it does not catch itself.
    const response = await fetch(`${server.baseUrl}/v1/videos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: '', seconds: kSeconds, size: kSize, model: 'kinora-1' }),
    });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(typeof body.error?.message, 'string');
    assert.ok(body.error.message.length > 0, 'error.message is empty');

    await page.goto(server.baseUrl);
    await page.getByTestId('prompt').fill('');
    await page.getByTestId('generate').click();
    const error = page.getByTestId('error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await error.innerText(), /\S/);
    assert.equal(await page.getByTestId('generate').isEnabled(), true);
    assert.equal(await page.getByTestId('video').count(), 0);
    assert.deepEqual(uncaughtErrors(), []);
  });
});

test('generates a 4-second video and plays it with sound', { timeout: 240_000 }, async (t) => {
  await withDiagnostics(t, 'generate', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('prompt').fill(kPrompt);
    await page.getByLabel('Duration').selectOption(kSeconds);
    await page.getByLabel('Format').selectOption(kSize);
    await recordStatusChanges(page);
    await page.getByTestId('generate').click();

    // The status leaves "idle" as soon as the server accepts the job.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.dataset.status !== 'idle',
      null,
      { timeout: 15_000 },
    );
    assert.equal(await page.getByTestId('error').count(), 0, 'the form shows an error');

    const outcome = await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="status"]');
        if (status?.dataset.status === 'failed') return { failed: status.textContent };
        const video = document.querySelector('[data-testid="video"]');
        return video && video.readyState >= 2 ? { ready: true } : null;
      },
      null,
      { timeout: kGenerateTimeoutMs, polling: 250 },
    );
    const result = await outcome.jsonValue();
    assert.ok(!result.failed, `generation failed: ${result.failed}`);

    // What the page showed on the way: statuses in order, and a progress bar that never went back.
    const seen = await page.evaluate(() => window.__kinoraSeen);
    t.diagnostic(`statuses: ${seen.statuses.join(' → ')}; progress: ${seen.progress.join(',')}`);
    assert.equal(seen.statuses.at(-1), 'completed');
    assert.ok(seen.statuses.length >= 2, `the status never updated: ${seen.statuses}`);
    for (let i = 1; i < seen.progress.length; i++) {
      assert.ok(seen.progress[i] >= seen.progress[i - 1], `progress went back: ${seen.progress}`);
    }

    const video = page.getByTestId('video');
    const media = await video.evaluate((v) => ({
      src: v.currentSrc,
      duration: v.duration,
      width: v.videoWidth,
      height: v.videoHeight,
      muted: v.muted,
    }));
    t.diagnostic(`video: ${JSON.stringify(media)}`);
    assert.match(media.src, /\/v1\/videos\/[^/]+\/content$/);
    assert.ok(Math.abs(media.duration - Number(kSeconds)) <= 0.1, `duration ${media.duration}`);
    assert.equal(`${media.width}x${media.height}`, kSize);
    assert.equal(media.muted, false, 'the page muted the video');

    const download = page.getByRole('link', { name: /download/i });
    assert.equal(await download.getAttribute('href'), new URL(media.src).pathname);

    const playback = await video.evaluate(async (v) => {
      v.pause();
      v.currentTime = 0;
      await v.play();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return {
        currentTime: v.currentTime,
        paused: v.paused,
        audioBytes: v.webkitAudioDecodedByteCount,
        videoBytes: v.webkitVideoDecodedByteCount,
      };
    });
    t.diagnostic(`playback: ${JSON.stringify(playback)}`);
    assert.ok(playback.currentTime > 0.5, `currentTime ${playback.currentTime} after 1.5 s`);
    assert.ok(playback.videoBytes > 0, 'no video was decoded');
    assert.ok(playback.audioBytes > 0, 'no audio was decoded: the clip has no sound');

    const listed = page.locator('.history li', { hasText: 'Hello world' });
    assert.equal(await listed.count(), 1, 'the generation is not in the session list');
    assert.deepEqual(uncaughtErrors(), []);

    const shot = await screenshot('web_generate.png');
    t.diagnostic(`screenshot: ${shot}`);
    console.log(`screenshot: ${shot}`);
  });
});

// ---- helpers ----

function requiredPath(name, what) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: point it at ${what}`);
  const resolved = path.resolve(value);
  if (!existsSync(resolved)) throw new Error(`${name}=${value}: no such file (${what})`);
  return resolved;
}

/** Runs a test body; on failure prints the server's log and page errors, and saves a screenshot. */
async function withDiagnostics(t, name, body) {
  try {
    await body();
  } catch (err) {
    const shot = await screenshot(`${name}-failure.png`).catch(() => null);
    console.error(`\n--- ${t.name} failed ---`);
    if (shot) console.error(`screenshot: ${shot}`);
    if (pageProblems.length) console.error(`page problems:\n${pageProblems.join('\n')}`);
    console.error(`server log (${server.command}):\n${server.log() || '(empty)'}\n--- end ---`);
    throw err;
  }
}

function uncaughtErrors() {
  return pageProblems.filter((p) => p.startsWith('pageerror:'));
}

let artifactsDir;
async function screenshot(fileName) {
  if (!artifactsDir) {
    artifactsDir = process.env.KINORA_E2E_ARTIFACTS
      ? path.resolve(process.env.KINORA_E2E_ARTIFACTS)
      : await fs.mkdtemp(path.join(os.tmpdir(), 'kinora-e2e-artifacts-'));
    await fs.mkdir(artifactsDir, { recursive: true });
  }
  const file = path.join(artifactsDir, fileName);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Records every distinct status and progress value the page shows, in order. */
async function recordStatusChanges(p) {
  await p.evaluate(() => {
    const seen = { statuses: [], progress: [] };
    window.__kinoraSeen = seen;
    const sample = () => {
      const status = document.querySelector('[data-testid="status"]')?.dataset.status;
      if (status && status !== 'idle' && seen.statuses.at(-1) !== status) {
        seen.statuses.push(status);
      }
      const bar = document.querySelector('[data-testid="progress"]');
      const value = bar ? Number(bar.getAttribute('aria-valuenow')) : NaN;
      if (!Number.isNaN(value) && seen.progress.at(-1) !== value) seen.progress.push(value);
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
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
async function startServer(bin, webDist) {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kinora-e2e-data-'));
  const listen = `127.0.0.1:${port}`;
  const args = ['serve', '--listen', listen, '--data-dir', dataDir, '--web-dir', webDist];
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
  return { baseUrl, command, stop, log: () => output };
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
