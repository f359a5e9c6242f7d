// The generator: a prompt becomes a video through `POST /v1/videos` (authenticated by
// the member's session), with live progress; a finished video is the member's draft,
// linked from here to its page where it can be captioned and posted.

import type { TargetedKeyboardEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  createVideo,
  isTerminal,
  kDefaultModel,
  pollVideo,
  videoContentUrl,
  type Video,
  type VideoSeconds,
  type VideoSize,
  type VideoStatus,
} from '../api';
import { errorMessage } from '../http';
import { DownloadIcon, FilmIcon, SparkIcon } from '../icons';
import { href } from '../router';
import { useSession } from '../session';
import * as social from '../social';
import { PreviewThumb } from './videos';

/** One generation started in this browser session, as the page shows it. */
interface Generation {
  id: string;
  prompt: string;
  seconds: string;
  size: string;
  status: VideoStatus;
  progress: number;
  error: string | null;
  /** Local clock, ms: when the user pressed Generate (server clocks may differ). */
  startedAt: number;
}

const kSecondsOptions: VideoSeconds[] = ['4', '8', '12'];
const kSizeOptions: { value: VideoSize; label: string }[] = [
  { value: '720x1280', label: 'Portrait · 720×1280' },
  { value: '1280x720', label: 'Landscape · 1280×720' },
];
const kPlaceholder = 'A golden retriever on a beach at sunset says "Hello world"';
const kExamples: { label: string; prompt: string }[] = [
  { label: 'Beach dog', prompt: kPlaceholder },
  {
    label: 'Moon frisbee',
    prompt: 'Two astronauts toss a frisbee on the moon. One grins: "Nice catch!"',
  },
  {
    label: 'Neon cat',
    prompt: 'Anime style: a cat on a rainy neon street at night whispers "Follow me"',
  },
  { label: 'Paper boat', prompt: 'A paper boat drifts down a forest stream, soft piano music' },
];

/** A message shown under the form; `field` marks the input it is about, if any. */
interface FormError {
  message: string;
  field: 'prompt' | null;
}

// Per member, so a shared browser does not show one member's renders to the next.
const kStorageKey = 'kinora.session.generations.v1';

function storageKey(userId: string): string {
  return `${kStorageKey}:${userId}`;
}

export function Generator() {
  const { me } = useSession();
  const key = storageKey(me.id);
  const [prompt, setPrompt] = useState('');
  const [seconds, setSeconds] = useState<VideoSeconds>('4');
  const [size, setSize] = useState<VideoSize>('720x1280');
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [generations, setGenerations] = useState<Generation[]>(() => loadSession(key));
  const [selectedId, setSelectedId] = useState<string | null>(() => generations[0]?.id ?? null);
  // The clip that should start playing as soon as it is ready: only one the user asked for.
  const [autoplayId, setAutoplayId] = useState<string | null>(null);
  // Bumped when a clip in the list is clicked, so a clip already on stage plays again.
  const [playRequest, setPlayRequest] = useState(0);
  const pollers = useRef(new Map<string, AbortController>());
  const promptRef = useRef<HTMLTextAreaElement>(null);

  const update = (id: string, patch: Partial<Generation>) =>
    setGenerations((list) => list.map((g) => (g.id === id ? { ...g, ...patch } : g)));

  const track = (id: string) => {
    if (pollers.current.has(id)) return;
    const controller = new AbortController();
    pollers.current.set(id, controller);
    pollVideo(id, (video) => update(id, fromVideo(video)), { signal: controller.signal })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          err instanceof ApiError && err.status === 404
            ? 'This video is no longer on the server.'
            : errorMessage(err);
        update(id, { status: 'failed', error: message });
      })
      .finally(() => pollers.current.delete(id));
  };

  useEffect(() => {
    for (const g of generations) if (!isTerminal(g.status)) track(g.id);
    const active = pollers.current;
    return () => active.forEach((controller) => controller.abort());
  }, []);

  useEffect(() => saveSession(key, generations), [generations]);

  useEffect(() => {
    document.title = 'Kinora Studio';
  }, []);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const text = prompt.trim();
    if (!text) {
      const message = 'Describe the video you want: a prompt is required.';
      setFormError({ message, field: 'prompt' });
      promptRef.current?.focus();
      return;
    }
    setFormError(null);
    setSubmitting(true);
    const startedAt = Date.now();
    try {
      const video = await createVideo({ prompt: text, seconds, size, model: kDefaultModel });
      const generation: Generation = { prompt: text, startedAt, ...fromVideo(video) };
      setGenerations((list) => [generation, ...list.filter((g) => g.id !== video.id)]);
      setSelectedId(video.id);
      setAutoplayId(video.id);
      if (!isTerminal(video.status)) track(video.id);
      // On narrow screens the preview sits below the form.
      document.getElementById('stage')?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    } catch (err) {
      const field = err instanceof ApiError && err.param === 'prompt' ? 'prompt' : null;
      setFormError({ message: errorMessage(err), field });
    } finally {
      setSubmitting(false);
    }
  };

  const onPromptKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const select = (id: string) => {
    setSelectedId(id);
    setAutoplayId(id);
    setPlayRequest((n) => n + 1);
    document.getElementById('stage')?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  };

  const selected = generations.find((g) => g.id === selectedId) ?? null;

  return (
    <>
      <main class="layout">
        <section class="panel composer" aria-labelledby="composer-title">
          <div class="composer-head">
            <h1 id="composer-title">Create a video</h1>
            <span class="model-badge" title="Model used for new videos">
              <span class="dot" aria-hidden="true" />
              {kDefaultModel}
            </span>
          </div>
          <p class="lede">
            Describe a scene. Put spoken lines in quotes and Kinora gives them a voice, with sound
            to match.
          </p>

          <form onSubmit={onSubmit} noValidate>
            <label class="field-label" for="prompt">
              Prompt
            </label>
            <textarea
              id="prompt"
              ref={promptRef}
              data-testid="prompt"
              rows={5}
              value={prompt}
              placeholder={kPlaceholder}
              aria-describedby={formError ? 'prompt-hint form-error' : 'prompt-hint'}
              aria-invalid={formError?.field === 'prompt' ? true : undefined}
              onInput={(e) => {
                setPrompt(e.currentTarget.value);
                if (formError?.field === 'prompt') setFormError(null);
              }}
              onKeyDown={onPromptKeyDown}
            />
            <div class="hint-row" id="prompt-hint">
              <span>Dialogue in "quotes" is spoken aloud.</span>
              <span class="kbd-hint">
                <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to generate
              </span>
            </div>

            <div class="examples" role="group" aria-labelledby="examples-label">
              <span class="examples-label" id="examples-label">
                Try
              </span>
              {kExamples.map((example) => (
                <button
                  type="button"
                  class="chip"
                  key={example.label}
                  title={example.prompt}
                  onClick={() => {
                    setPrompt(example.prompt);
                    setFormError(null);
                    promptRef.current?.focus();
                  }}
                >
                  {example.label}
                </button>
              ))}
            </div>

            <div class="options">
              <div class="field">
                <label class="field-label" for="seconds">
                  Duration
                </label>
                <select
                  id="seconds"
                  data-testid="seconds"
                  value={seconds}
                  onChange={(e) => setSeconds(e.currentTarget.value as VideoSeconds)}
                >
                  {kSecondsOptions.map((s) => (
                    <option key={s} value={s}>
                      {s} seconds
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label class="field-label" for="size">
                  Format
                </label>
                <select
                  id="size"
                  data-testid="size"
                  value={size}
                  onChange={(e) => setSize(e.currentTarget.value as VideoSize)}
                >
                  {kSizeOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>

            <button type="submit" class="generate" data-testid="generate" disabled={submitting}>
              {submitting ? <span class="spinner" aria-hidden="true" /> : <SparkIcon />}
              {submitting ? 'Submitting…' : 'Generate'}
            </button>

            {formError && (
              <p class="form-error" id="form-error" role="alert" data-testid="error">
                {formError.message}
              </p>
            )}
          </form>
        </section>

        <Stage
          generation={selected}
          fallbackSize={size}
          autoplay={selected !== null && selected.id === autoplayId}
          playRequest={playRequest}
        />
      </main>

      <History generations={generations} selectedId={selectedId} onSelect={select} />
    </>
  );
}

function Stage(props: {
  generation: Generation | null;
  fallbackSize: string;
  autoplay: boolean;
  playRequest: number;
}) {
  const g = props.generation;
  const [w, h] = parseSize(g?.size ?? props.fallbackSize);
  const active = g !== null && !isTerminal(g.status);
  // Re-render once a second while rendering so the elapsed time keeps moving between polls.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [active]);

  return (
    <section class="panel stage" id="stage" aria-label="Preview">
      <div class="screen" style={{ '--w': w, '--h': h }}>
        {g === null && (
          <div class="screen-empty">
            <FilmIcon />
            <p>Your video will appear here</p>
          </div>
        )}
        {g !== null && active && (
          <div class="screen-rendering">
            <div class="shimmer" aria-hidden="true" />
            <span class="big-percent" aria-hidden="true">
              {Math.round(g.progress)}%
            </span>
            <span class="rendering-label" aria-hidden="true">
              {g.status === 'queued' ? 'In the queue' : 'Rendering frames and sound'}
            </span>
          </div>
        )}
        {g !== null && g.status === 'completed' && (
          <Player
            key={g.id}
            generation={g}
            autoplay={props.autoplay}
            playRequest={props.playRequest}
          />
        )}
        {g !== null && g.status === 'failed' && (
          <div class="screen-failed">
            <p class="failed-title">Generation failed</p>
            <p class="failed-message">{g.error ?? 'Unknown error'}</p>
          </div>
        )}
      </div>

      <div class="stage-info">
        <div class="status-row">
          <p
            class={`status status-${g?.status ?? 'idle'}`}
            data-testid="status"
            data-status={g?.status ?? 'idle'}
            aria-live="polite"
          >
            <span class="status-dot" aria-hidden="true" />
            {statusText(g)}
          </p>
          {active && <span class="elapsed">{formatElapsed(Date.now() - g.startedAt)}</span>}
          {g?.status === 'completed' && <DraftLink generationId={g.id} />}
          {g?.status === 'completed' && (
            <a class="download" href={videoContentUrl(g.id)} download={`kinora-${g.id}.mp4`}>
              <DownloadIcon />
              Download MP4
            </a>
          )}
        </div>
        {active && (
          <div class="progress-wrap">
            <div
              class="progress"
              data-testid="progress"
              role="progressbar"
              aria-label="Generation progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(g.progress)}
            >
              <div class="progress-fill" style={{ width: `${clamp(g.progress, 0, 100)}%` }} />
            </div>
            <span class="progress-value">{Math.round(g.progress)}%</span>
          </div>
        )}
        {g !== null && <p class="stage-prompt">{g.prompt}</p>}
      </div>
    </section>
  );
}

const kDraftAttempts = 10;
const kDraftRetryMs = 700;

/**
 * A link to the social video a finished generation became. The draft is made as the
 * job completes, so a 404 right after completion is retried for a few seconds.
 */
function DraftLink(props: { generationId: string }) {
  const [video, setVideo] = useState<social.Video | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setVideo(null);
    setError(null);
    (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          setVideo(await social.videoForGeneration(props.generationId, controller.signal));
          return;
        } catch (err) {
          if (controller.signal.aborted) return;
          const retry = err instanceof ApiError && err.status === 404 && attempt < kDraftAttempts;
          if (!retry) {
            // A generation made before accounts existed has no draft: say nothing then.
            if (!(err instanceof ApiError && err.status === 404)) setError(errorMessage(err));
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, kDraftRetryMs));
        }
      }
    })();
    return () => controller.abort();
  }, [props.generationId]);

  if (error) {
    return (
      <span class="draft-error" role="status">
        {error}
      </span>
    );
  }
  if (!video) return null;
  const draft = video.visibility === 'draft';
  return (
    <a class="download draft-link" href={href('v', video.id)} data-testid="draft-link">
      {draft ? 'Post or caption' : 'View post'}
    </a>
  );
}

function Player(props: { generation: Generation; autoplay: boolean; playRequest: number }) {
  const ref = useRef<HTMLVideoElement>(null);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const video = ref.current;
    if (!video || !props.autoplay) return;
    // Unmuted playback is allowed because the user clicked Generate (or a clip) on this page;
    // where a browser still refuses, the controls stay and a hint says to press play.
    video.play().catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'NotAllowedError') setBlocked(true);
    });
  }, [props.autoplay, props.playRequest]);

  return (
    <>
      <video
        ref={ref}
        class="player"
        data-testid="video"
        src={videoContentUrl(props.generation.id)}
        controls
        playsInline
        preload="auto"
        onPlay={() => setBlocked(false)}
      />
      {blocked && <p class="autoplay-hint">Press play to watch with sound.</p>}
    </>
  );
}

function History(props: {
  generations: Generation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <section class="history" aria-labelledby="history-title">
      <div class="history-head">
        <h2 id="history-title">This session</h2>
        <span class="count">
          {props.generations.length} {props.generations.length === 1 ? 'video' : 'videos'}
        </span>
      </div>
      {props.generations.length === 0 ? (
        <p class="history-empty">Videos you generate in this session are listed here.</p>
      ) : (
        <ul class="history-grid">
          {props.generations.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                class="clip"
                aria-current={g.id === props.selectedId ? 'true' : undefined}
                onClick={() => props.onSelect(g.id)}
              >
                <span class="thumb-wrap">
                  <Thumbnail generation={g} />
                  <span class={`pill pill-${g.status}`}>{shortStatus(g)}</span>
                </span>
                <span class="clip-prompt">{g.prompt}</span>
                <span class="clip-meta">
                  {g.seconds} s · {orientation(g.size)} · {clockTime(g.startedAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Thumbnail({ generation: g }: { generation: Generation }) {
  if (g.status === 'completed') {
    return <PreviewThumb src={videoContentUrl(g.id)} />;
  }
  if (g.status === 'failed') {
    return (
      <span class="thumb thumb-failed" aria-hidden="true">
        !
      </span>
    );
  }
  return (
    <span class="thumb thumb-active" aria-hidden="true">
      <span class="mini-progress">
        <span style={{ width: `${clamp(g.progress, 0, 100)}%` }} />
      </span>
    </span>
  );
}

function statusText(g: Generation | null): string {
  if (g === null) return 'Ready when you are';
  switch (g.status) {
    case 'queued':
      return 'Queued';
    case 'in_progress':
      return 'Rendering';
    case 'completed':
      return `Ready · ${g.seconds} s · ${g.size.replace('x', '×')}`;
    case 'failed':
      return `Failed: ${g.error ?? 'unknown error'}`;
  }
}

function shortStatus(g: Generation): string {
  switch (g.status) {
    case 'queued':
      return 'Queued';
    case 'in_progress':
      return `${Math.round(g.progress)}%`;
    case 'completed':
      return 'Ready';
    case 'failed':
      return 'Failed';
  }
}

/** The server's view of a job, as the fields of a Generation. */
function fromVideo(video: Video): Omit<Generation, 'prompt' | 'startedAt'> {
  const failed = video.status === 'failed';
  return {
    id: video.id,
    seconds: video.seconds,
    size: video.size,
    status: video.status,
    progress: video.status === 'completed' ? 100 : clamp(Number(video.progress) || 0, 0, 100),
    error: failed ? (video.error?.message ?? 'The video could not be generated.') : null,
  };
}

function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function orientation(size: string): string {
  const [w, h] = parseSize(size);
  return w < h ? 'Portrait' : 'Landscape';
}

function parseSize(size: string): [number, number] {
  const match = /^(\d+)x(\d+)$/.exec(size);
  return match ? [Number(match[1]), Number(match[2])] : [16, 9];
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

// The list survives a reload within the tab, so an in-flight render can be picked up again.
function loadSession(key: string): Generation[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (g): g is Generation =>
        typeof g === 'object' &&
        g !== null &&
        typeof g.id === 'string' &&
        typeof g.prompt === 'string' &&
        typeof g.status === 'string' &&
        typeof g.startedAt === 'number',
    );
  } catch {
    return [];
  }
}

function saveSession(key: string, generations: Generation[]) {
  try {
    sessionStorage.setItem(key, JSON.stringify(generations.slice(0, 50)));
  } catch {
    // Storage full or disabled: the list simply does not survive a reload.
  }
}

/** Forgets this browser's list of renders for a member (on sign-out). */
export function forgetGenerations(userId: string) {
  try {
    sessionStorage.removeItem(storageKey(userId));
  } catch {
    // Nothing stored.
  }
}
