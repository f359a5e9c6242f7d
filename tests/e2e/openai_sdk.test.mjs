// The official `openai` npm package, unmodified, against a real `kinora serve`: only
// `baseURL` and `apiKey` are set. Every method of `client.videos` is called the way
// existing code calls it — create, retrieve (polling), list (with auto-pagination),
// downloadContent for the video, thumbnail and spritesheet, remix, extend, edit,
// delete, createCharacter and getCharacter — and the SDK's typed errors come back for
// bad keys, unknown ids, invalid parameters, conflicts and rate limits.
//
//   KINORA_BIN=build/kinora KINORA_WEB_DIST=web/dist node --test tests/e2e/openai_sdk.test.mjs

import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { assert, assertionCount, delay, serverPaths, startServer } from './support.mjs';

const kPollMs = 250;
const kJobTimeoutMs = 240_000;

const kMember = 'bob';

let server;
let bin;
let admin; // an OpenAI client with an installation key

function makeKey(args) {
  const out = execFileSync(bin, ['admin', 'api-key', 'create', '--data-dir', server.dataDir, ...args], {
    encoding: 'utf8',
  });
  const key = out.trim().split('\n').pop().trim();
  assert.match(key, /^kn_/);
  return key;
}

function client(apiKey, options = {}) {
  return new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, ...options });
}

/** Polls with retrieve() until the job leaves queued/in_progress; returns the last state. */
async function waitDone(c, id) {
  const seen = new Set();
  const deadline = Date.now() + kJobTimeoutMs;
  for (;;) {
    const v = await c.videos.retrieve(id);
    seen.add(v.status);
    if (v.status !== 'queued' && v.status !== 'in_progress') return { video: v, seen };
    assert.ok(Date.now() < deadline, `video ${id} still ${v.status} after ${kJobTimeoutMs} ms`);
    await delay(kPollMs);
  }
}

async function bytesOf(response) {
  return Buffer.from(await response.arrayBuffer());
}

function isMp4(buf) {
  return buf.length > 1000 && buf.subarray(4, 8).toString('latin1') === 'ftyp';
}

before(async () => {
  const paths = serverPaths();
  bin = paths.bin;
  server = await startServer(bin, paths.webDist, ['--workers', '2', '--invites', 'open']);
  admin = client(makeKey(['--name', 'sdk-admin']));
  // The first member to join administers the installation; the second is a plain member.
  for (const handle of ['ada', kMember]) {
    const joined = await fetch(`${server.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        handle,
        display_name: handle,
        password: 'a long enough password',
        birthdate: '1990-01-01',
        country: 'FR',
      }),
    });
    assert.equal(joined.status, 201, await joined.text());
  }
});

after(async () => {
  await server?.stop();
  console.log(`assertions run: ${assertionCount()}`);
});

let first; // the completed video the later tests build on

test('create, poll with retrieve, download all three variants', async () => {
  const created = await admin.videos.create({
    prompt: 'A corgi on a sunny beach says "Hello there!" and runs to the sea',
    model: 'sora-2',
    seconds: '4',
    size: '256x448', // small, so the CPU engine renders it in seconds
  });
  assert.equal(created.object, 'video');
  assert.match(created.id, /^video_/);
  assert.equal(created.status, 'queued');
  assert.equal(created.model, 'sora-2');
  assert.equal(created.seconds, '4');
  assert.equal(created.size, '256x448');
  assert.equal(created.prompt, 'A corgi on a sunny beach says "Hello there!" and runs to the sea');
  assert.equal(created.remixed_from_video_id, null);
  assert.equal(created.error, null);
  assert.equal(typeof created.created_at, 'number');

  const { video, seen } = await waitDone(admin, created.id);
  assert.equal(video.status, 'completed', JSON.stringify(video));
  assert.equal(video.progress, 100);
  assert.ok(video.completed_at >= video.created_at);
  assert.ok(seen.has('completed'));
  first = video;

  const mp4 = await bytesOf(await admin.videos.downloadContent(video.id));
  assert.ok(isMp4(mp4), 'the video variant is an MP4');
  const explicit = await admin.videos.downloadContent(video.id, { variant: 'video' });
  assert.equal(explicit.headers.get('content-type'), 'video/mp4');
  assert.ok((await bytesOf(explicit)).equals(mp4));

  const thumb = await admin.videos.downloadContent(video.id, { variant: 'thumbnail' });
  assert.equal(thumb.headers.get('content-type'), 'image/webp');
  const thumbBytes = await bytesOf(thumb);
  assert.equal(thumbBytes.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(thumbBytes.subarray(8, 12).toString('latin1'), 'WEBP');

  const sprite = await admin.videos.downloadContent(video.id, { variant: 'spritesheet' });
  assert.equal(sprite.headers.get('content-type'), 'image/jpeg');
  const spriteBytes = await bytesOf(sprite);
  assert.equal(spriteBytes[0], 0xff);
  assert.equal(spriteBytes[1], 0xd8);

  // Range and ETag, as a player or a resuming download uses them.
  const etag = explicit.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{64}"$/);
  const part = await fetch(`${server.baseUrl}/v1/videos/${video.id}/content`, {
    headers: { Authorization: `Bearer ${admin.apiKey}`, Range: 'bytes=0-99' },
  });
  assert.equal(part.status, 206);
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(mp4.subarray(0, 100)));
  const cached = await fetch(`${server.baseUrl}/v1/videos/${video.id}/content`, {
    headers: { Authorization: `Bearer ${admin.apiKey}`, 'If-None-Match': etag },
  });
  assert.equal(cached.status, 304);
});

test('input_reference as an upload or a data URL opens the video', async () => {
  assert.ok(first, 'needs the first test');
  const thumb = await bytesOf(await admin.videos.downloadContent(first.id, { variant: 'thumbnail' }));
  const uploaded = await admin.videos.create({
    prompt: 'a dog runs across a park',
    seconds: '1',
    size: '128x128',
    input_reference: await toFile(thumb, 'reference.webp', { type: 'image/webp' }),
  });
  const byUrl = await admin.videos.create({
    prompt: 'a dog runs across a park',
    seconds: '1',
    size: '128x128',
    input_reference: { image_url: `data:image/webp;base64,${thumb.toString('base64')}` },
  });
  for (const job of [uploaded, byUrl]) {
    const { video } = await waitDone(admin, job.id);
    assert.equal(video.status, 'completed', JSON.stringify(video));
    await admin.videos.delete(video.id);
  }
  await assert.rejects(
    admin.videos.create({
      prompt: 'a dog',
      input_reference: await toFile(Buffer.from('#EXTM3U\n'), 'list.m3u8'),
    }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'input_reference',
  );
});

test('remix, extend and edit make new jobs from a completed video', async () => {
  assert.ok(first, 'needs the first test');
  const remix = await admin.videos.remix(first.id, { prompt: 'make it anime, at night' });
  assert.equal(remix.remixed_from_video_id, first.id);
  assert.equal(remix.size, first.size);

  const extension = await admin.videos.extend({
    prompt: 'the corgi digs a hole in the sand',
    seconds: '4',
    video: { id: first.id },
  });
  assert.equal(extension.seconds, '8', 'an extension reports the stitched length');

  const edit = await admin.videos.edit({ prompt: 'in the rain', video: { id: first.id } });
  assert.match(edit.id, /^video_/);

  for (const job of [remix, extension, edit]) {
    const { video } = await waitDone(admin, job.id);
    assert.equal(video.status, 'completed', JSON.stringify(video));
    assert.ok(isMp4(await bytesOf(await admin.videos.downloadContent(video.id))));
  }
  const remixed = await admin.videos.retrieve(remix.id);
  assert.equal(remixed.remixed_from_video_id, first.id);
});

test('list pages with after/limit/order and auto-pagination', async () => {
  const page = await admin.videos.list({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.has_more, true);
  const all = [];
  for await (const v of admin.videos.list({ limit: 2 })) all.push(v.id);
  assert.equal(all.length, 4, `four videos made so far: ${all}`);
  assert.equal(new Set(all).size, 4, 'no video twice across pages');
  const ascending = [];
  for await (const v of admin.videos.list({ order: 'asc', limit: 3 })) ascending.push(v.id);
  assert.deepEqual(ascending, [...all].reverse());
  assert.equal(ascending[0], first.id);
});

test('createCharacter and getCharacter', async () => {
  // A clip of a red ball, rendered by the engine itself so no person is in it.
  const prop = await admin.videos.create({
    prompt: 'a red ball bounces in an empty studio',
    seconds: '2',
    size: '256x256',
  });
  const { video } = await waitDone(admin, prop.id);
  assert.equal(video.status, 'completed');
  const clip = await bytesOf(await admin.videos.downloadContent(video.id));

  const character = await admin.videos.createCharacter({
    name: 'Red Ball',
    video: await toFile(clip, 'ball.mp4', { type: 'video/mp4' }),
  });
  assert.match(character.id, /^char_/);
  assert.equal(character.name, 'Red Ball');
  assert.equal(typeof character.created_at, 'number');
  const got = await admin.videos.getCharacter(character.id);
  assert.deepEqual(got, character);

  await assert.rejects(admin.videos.getCharacter('char_0000000000000000000000000a'), OpenAI.NotFoundError);
  await assert.rejects(
    admin.videos.createCharacter({ name: '', video: await toFile(clip, 'ball.mp4') }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'name',
  );
});

test('delete removes the video and its assets', async () => {
  const made = await admin.videos.create({ prompt: 'a blue cube spins', seconds: '1', size: '128x128' });
  const { video } = await waitDone(admin, made.id);
  assert.equal(video.status, 'completed');
  const deleted = await admin.videos.delete(video.id);
  assert.deepEqual(deleted, { id: video.id, deleted: true, object: 'video.deleted' });
  await assert.rejects(admin.videos.retrieve(video.id), OpenAI.NotFoundError);
  await assert.rejects(admin.videos.downloadContent(video.id), OpenAI.NotFoundError);
});

test('errors come back as the SDK typed errors', async () => {
  await assert.rejects(client('kn_not_a_real_key').videos.retrieve(first.id), OpenAI.AuthenticationError);
  await assert.rejects(admin.videos.retrieve('video_nope'), OpenAI.NotFoundError);
  await assert.rejects(
    admin.videos.create({ prompt: 'a cat', size: '100x' }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'size' && err.status === 400,
  );
  await assert.rejects(
    admin.videos.create({ prompt: 'a cat', seconds: 'four' }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'seconds',
  );
  await assert.rejects(
    admin.videos.create({ prompt: 'a cat', model: 'gpt-4o' }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'model',
  );
  await assert.rejects(
    admin.videos.create({ prompt: 'a cat', input_reference: { file_id: 'file_123' } }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'input_reference',
  );
  // Content of a job that has not finished is a conflict.
  const pending = await admin.videos.create({ prompt: 'a slow sunset over the sea', seconds: '12' });
  await assert.rejects(admin.videos.downloadContent(pending.id), OpenAI.ConflictError);
  await admin.videos.delete(pending.id); // cancels it
  // A member cannot see the installation's videos.
  const member = client(makeKey(['--name', 'sdk-member', '--user', kMember]));
  await assert.rejects(member.videos.retrieve(first.id), OpenAI.NotFoundError);
  await assert.rejects(member.videos.remix(first.id, { prompt: 'make it anime' }), OpenAI.NotFoundError);
  const own = await member.videos.list();
  assert.equal(own.data.length, 0, 'a member lists only their own videos');
});

test('a key past its rate limit gets 429 with Retry-After', async () => {
  const limited = await startServer(bin, serverPaths().webDist, [
    '--workers',
    '0',
    '--rate-limit',
    '60',
    '--rate-limit-burst',
    '3',
  ]);
  try {
    const out = execFileSync(
      bin,
      ['admin', 'api-key', 'create', '--data-dir', limited.dataDir, '--name', 'limited'],
      { encoding: 'utf8' },
    );
    const c = new OpenAI({
      baseURL: `${limited.baseUrl}/v1`,
      apiKey: out.trim().split('\n').pop().trim(),
    });
    for (let i = 0; i < 3; i++) await c.videos.list();
    const err = await c.videos.list({}, { maxRetries: 0 }).then(
      () => null,
      (e) => e,
    );
    assert.ok(err instanceof OpenAI.RateLimitError, `expected a RateLimitError, got ${err}`);
    assert.equal(err.status, 429);
    assert.equal(err.headers.get('retry-after'), '1');
    assert.equal(err.code, 'rate_limit_exceeded');
    // The SDK's own retry honours Retry-After and then succeeds.
    const page = await c.videos.list();
    assert.equal(page.data.length, 0);
  } finally {
    await limited.stop();
  }
});

test('the OpenAPI document describes routes the server has', async () => {
  const res = await fetch(`${server.baseUrl}/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  let operations = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      operations++;
      const url = server.baseUrl + path.replace(/\{[^}]+\}/g, 'x');
      const r = await fetch(url, { method: method.toUpperCase() });
      const expected = path === '/v1/openapi.json' ? 200 : 401;
      assert.equal(r.status, expected, `${method.toUpperCase()} ${path}: ${await r.text()}`);
    }
  }
  assert.ok(operations >= 12, `${operations} operations documented`);
  // Every schema reference resolves.
  const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
  for (const ref of refs) {
    const parts = ref.slice(9, -1).split('/').slice(1);
    let node = doc;
    for (const part of parts) node = node?.[part];
    assert.ok(node, `unresolved ${ref}`);
  }
});
