// End to end: Debian's Chromium drives the web app served by a real `kinora serve`.
// The first member signs up (a fresh installation needs no invite), generates a
// 4-second clip and checks that it plays, at the chosen size, with sound; then opens
// the draft it became, captions it, posts it, likes it and comments on it.
//
//   KINORA_BIN=build/kinora KINORA_WEB_DIST=web/dist node --test tests/e2e/
//
// Optional: KINORA_E2E_ARTIFACTS (folder for screenshots), KINORA_CHROMIUM (browser path).

import { after, before, test } from 'node:test';
import {
  assert,
  assertionCount,
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

const kGenerateTimeoutMs = 180_000;
const kPrompt = 'A golden retriever on a beach at sunset says "Hello world"';
const kSeconds = '4';
const kSize = '1280x720'; // not the page's default, so the test proves the select is sent
const kMember = { handle: 'maker', displayName: 'Mae Maker', password: 'correct horse 42' };
const kCaption = 'Sunset dog says hi';

let server; // { baseUrl, command, log(), stop() }
let browser;
let member; // { name, context, page, problems }
let page;
let videoPageUrl = null; // the draft the generation became, once the generate test saw it

before(async () => {
  const { bin, webDist } = serverPaths();
  server = await startServer(bin, webDist);
  browser = await launchBrowser();
  member = await openMember(browser, 'maker');
  page = member.page;
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  console.log(`assertions run: ${assertionCount()}`);
});

function diagnose(t, name, body) {
  return withDiagnostics(t, name, { server, members: [member] }, body);
}

test('the first member of a new installation signs up without an invite', async (t) => {
  await diagnose(t, 'first-member', async () => {
    // Signed out, the generator is behind sign-in, and /v1 answers 401.
    await page.goto(server.baseUrl);
    await page.waitForURL(/#\/signin/);
    const anonymous = await fetch(`${server.baseUrl}/v1/videos/video_none`);
    assert.equal(anonymous.status, 401);

    await fillSignUp(page, server.baseUrl, kMember);
    await waitSignedIn(page, kMember.handle);
    assert.match(new URL(page.url()).hash, /^#\/?$/);
    const me = await pageFetch(page, '/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.handle, kMember.handle);
    assert.equal(me.body.user.role, 'admin', 'the first member is the administrator');
    assert.deepEqual(uncaughtErrors(member), []);
  });
});

test('an empty prompt is refused with a message, and the page keeps working', async (t) => {
  await diagnose(t, 'empty-prompt', async () => {
    // The server's own answer (with the session cookie), which the page shows for anything
    // it does not catch itself; without the CSRF token the cookie alone is refused.
    const video = { prompt: '', seconds: kSeconds, size: kSize, model: 'kinora-sim' };
    const refused = await pageFetch(page, '/v1/videos', { method: 'POST', json: video });
    assert.equal(refused.status, 400);
    assert.equal(typeof refused.body.error?.message, 'string');
    assert.ok(refused.body.error.message.length > 0, 'error.message is empty');
    const forged = await pageFetch(page, '/v1/videos', {
      method: 'POST',
      json: video,
      csrf: false,
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error?.code, 'csrf_failed');

    await page.goto(server.baseUrl);
    await page.getByTestId('prompt').fill('');
    await page.getByTestId('generate').click();
    const error = page.getByTestId('error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await error.innerText(), /\S/);
    assert.equal(await page.getByTestId('generate').isEnabled(), true);
    assert.equal(await page.getByTestId('video').count(), 0);
    assert.deepEqual(uncaughtErrors(member), []);
  });
});

test('generates a 4-second video and plays it with sound', { timeout: 240_000 }, async (t) => {
  await diagnose(t, 'generate', async () => {
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

    // The finished generation is the member's draft, linked from the stage.
    const draft = page.getByTestId('draft-link');
    await draft.waitFor({ timeout: 15_000 });
    assert.match(await draft.innerText(), /post/i);
    videoPageUrl = new URL(await draft.getAttribute('href'), server.baseUrl).href;
    assert.match(videoPageUrl, /#\/v\/[^/]+$/);
    assert.deepEqual(uncaughtErrors(member), []);

    const shot = await screenshot(page, 'web_generate.png');
    t.diagnostic(`screenshot: ${shot}`);
    console.log(`screenshot: ${shot}`);
  });
});

test(
  'the draft can be captioned, posted, liked, commented on and deleted',
  { timeout: 60_000 },
  async (t) => {
    if (!videoPageUrl) {
      t.skip('no draft: the generation test did not get that far');
      return;
    }
    await diagnose(t, 'post-draft', async () => {
      await page.getByTestId('draft-link').click();
      await page.waitForURL(/#\/v\//);
      const visibility = page.getByTestId('video-visibility');
      await visibility.waitFor();
      assert.equal(await visibility.getAttribute('data-visibility'), 'draft');

      // The player streams the social video's content and counts one view when it plays.
      const video = page.getByTestId('video');
      assert.match(await video.getAttribute('src'), /\/api\/videos\/[^/]+\/content$/);
      const views = page.getByTestId('view-count');
      const viewsBefore = Number((await views.innerText()).trim());
      await video.evaluate(async (v) => {
        v.muted = true;
        await v.play();
        await new Promise((resolve) => setTimeout(resolve, 500));
        v.pause();
      });
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="view-count"]')?.textContent) === n,
        viewsBefore + 1,
        { timeout: 10_000 },
      );

      await page.getByLabel('Caption', { exact: true }).fill(kCaption);
      await page.getByTestId('caption-save').click();
      await page.getByTestId('video-caption').filter({ hasText: kCaption }).waitFor();

      await page.getByTestId('visibility-posted').click();
      await page.locator('[data-testid="video-visibility"][data-visibility="posted"]').waitFor();

      const like = page.getByTestId('like-button');
      assert.equal(await like.getAttribute('aria-pressed'), 'false');
      await like.click();
      await page.locator('[data-testid="like-button"][aria-pressed="true"]').waitFor();
      assert.equal((await page.getByTestId('like-count').innerText()).trim(), '1');

      await page.getByLabel('Add a comment').fill('What a good dog');
      await page.getByTestId('comment-submit').click();
      await page.getByTestId('comment').filter({ hasText: 'What a good dog' }).waitFor();
      console.log(`screenshot: ${await screenshot(page, 'web_generate_video.png')}`);

      // After a reload everything is still there: it was the server's answer, not local state.
      await page.reload();
      await page.getByTestId('video-caption').filter({ hasText: kCaption }).waitFor();
      assert.equal(
        await page.getByTestId('video-visibility').getAttribute('data-visibility'),
        'posted',
      );
      assert.equal((await page.getByTestId('like-count').innerText()).trim(), '1');
      assert.equal(await page.getByTestId('comment').count(), 1);

      // The member's profile lists it under Posted.
      await page.getByTestId('nav-profile').click();
      const card = page.getByTestId('video-card').filter({ hasText: kCaption });
      await card.waitFor();
      console.log(`screenshot: ${await screenshot(page, 'web_generate_profile.png')}`);

      // Deleting asks first, then the video is gone from the profile and from the server.
      await card.click();
      await page.getByTestId('delete-video').click();
      await page.getByTestId('confirm-delete').click();
      await page.waitForURL(/#\/u\/maker\/posted$/);
      await page.getByText('You have not posted a video yet.').waitFor();
      const gone = await pageFetch(
        page,
        new URL(videoPageUrl).hash.replace('#/v/', '/api/videos/'),
      );
      assert.equal(gone.status, 404);
      assert.deepEqual(uncaughtErrors(member), []);
    });
  },
);

// ---- helpers ----

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
