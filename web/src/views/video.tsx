// `#/v/:id`: one video — the player, caption, owner, likes and views, comments, and
// for its owner the controls to post, unlist or take it back to draft, edit the
// caption and delete it.

import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  Avatar,
  Loading,
  Page,
  PagedFooter,
  formatCount,
  formatDate,
  plural,
  timeAgo,
  usePaged,
} from '../components';
import { ApiError, errorMessage } from '../http';
import { EyeIcon, HeartIcon } from '../icons';
import { href, navigate } from '../router';
import { useSession } from '../session';
import * as social from '../social';
import { visibilityLabel } from './videos';

export function VideoPage(props: { id: string }) {
  const { me } = useSession();
  const [video, setVideo] = useState<social.Video | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    let live = true;
    setVideo(null);
    setError(null);
    social.getVideo(props.id).then(
      (v) => live && setVideo(v),
      (err: unknown) => live && setError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      live = false;
    };
  }, [props.id]);

  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Page title="Video">
        <section class="panel notice">
          <h1>{missing ? 'Video not found' : 'This video could not be loaded'}</h1>
          <p class="muted">
            {missing
              ? 'It may have been deleted, or it is not shared with you.'
              : errorMessage(error)}
          </p>
        </section>
      </Page>
    );
  }
  if (!video) {
    return (
      <Page title="Video">
        <Loading />
      </Page>
    );
  }

  const [w, h] = parseSize(video.size);
  return (
    <Page title={video.caption || 'Video'} wide>
      <div class="video-layout">
        <section class="panel stage video-stage" aria-label="Video">
          <div class="screen" style={{ '--w': w, '--h': h }}>
            <ViewCountingPlayer
              video={video}
              onViewed={() => setVideo((v) => v && { ...v, view_count: v.view_count + 1 })}
            />
          </div>
        </section>

        <section class="panel video-side" aria-label="About this video">
          <a class="member-row" href={href('u', video.owner.handle)} data-testid="video-owner">
            <Avatar member={video.owner} size={40} />
            <span class="member-names">
              <span class="member-name">{video.owner.display_name}</span>
              <span class="member-handle">@{video.owner.handle}</span>
            </span>
          </a>

          <h1
            id="video-caption"
            class={video.caption ? 'video-caption' : 'video-caption muted'}
            data-testid="video-caption"
          >
            {video.caption || 'No caption'}
          </h1>
          <p class="video-prompt">
            <span class="muted">Prompt:</span> {video.prompt}
          </p>
          <p class="video-meta">
            <span
              class={`pill pill-${video.visibility}`}
              data-testid="video-visibility"
              data-visibility={video.visibility}
            >
              {visibilityLabel(video.visibility)}
            </span>
            <span>
              {video.posted_at
                ? `Posted ${timeAgo(video.posted_at)}`
                : `Made ${timeAgo(video.created_at)}`}
            </span>
          </p>

          <div class="video-actions">
            <LikeButton
              video={video}
              onChange={(liked, like_count) => setVideo({ ...video, liked, like_count })}
            />
            <span
              class="stat"
              data-testid="view-count"
              aria-label={plural(video.view_count, 'view', 'views')}
            >
              <EyeIcon /> {formatCount(video.view_count)}
            </span>
          </div>

          {video.can_edit && <OwnerControls video={video} onChange={setVideo} />}
          {video.can_delete && (
            <DeleteVideo
              video={video}
              afterDelete={() =>
                navigate(href('u', me.handle, video.visibility === 'draft' ? 'drafts' : 'posted'))
              }
            />
          )}
        </section>
      </div>

      <Comments
        video={video}
        onCountChange={(delta) =>
          setVideo((v) => v && { ...v, comment_count: v.comment_count + delta })
        }
      />
    </Page>
  );
}

/** The player; the first time it plays, the view is counted (once per visit). */
function ViewCountingPlayer(props: { video: social.Video; onViewed: () => void }) {
  const counted = useRef(false);
  return (
    <video
      class="player"
      data-testid="video"
      src={props.video.content_url}
      controls
      playsInline
      preload="metadata"
      onPlay={() => {
        if (counted.current) return;
        counted.current = true;
        social.recordView(props.video.id).then(props.onViewed, () => {
          counted.current = false;
        });
      }}
    />
  );
}

function LikeButton(props: {
  video: social.Video;
  onChange: (liked: boolean, count: number) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { liked, like_count } = props.video;
  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await social.setLiked(props.video.id, !liked);
      props.onChange(answer.liked, answer.like_count);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        class={liked ? 'button like liked' : 'button like'}
        aria-pressed={liked}
        aria-label={`${liked ? 'Unlike' : 'Like'} · ${plural(like_count, 'like', 'likes')}`}
        disabled={busy}
        onClick={() => void toggle()}
        data-testid="like-button"
      >
        <HeartIcon filled={liked} />
        <span data-testid="like-count">{formatCount(like_count)}</span>
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

const kVisibilityActions: { to: social.Visibility; label: string; hint: string }[] = [
  { to: 'posted', label: 'Post', hint: 'On your profile, for everyone' },
  { to: 'unlisted', label: 'Unlist', hint: 'Only people with the link' },
  { to: 'draft', label: 'Back to draft', hint: 'Only you (and people in it)' },
];

function OwnerControls(props: { video: social.Video; onChange: (video: social.Video) => void }) {
  const { video } = props;
  const [caption, setCaption] = useState(video.caption);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => setCaption(video.caption), [video.id, video.caption]);

  const save = async (
    fields: { visibility?: social.Visibility; caption?: string },
    done: string,
  ) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      props.onChange(await social.updateVideo(video.id, fields));
      setSaved(done);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onCaption = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save({ caption: caption.trim() }, 'Caption saved.');
  };

  return (
    <div class="owner-controls">
      <h2 class="section-title">Share</h2>
      <div class="visibility-actions" role="group" aria-label="Who can see this video">
        {kVisibilityActions
          .filter((a) => a.to !== video.visibility)
          .map((a) => (
            <button
              key={a.to}
              type="button"
              class={a.to === 'posted' ? 'button button-primary' : 'button'}
              title={a.hint}
              disabled={busy}
              onClick={() => void save({ visibility: a.to }, `${visibilityLabel(a.to)}.`)}
              data-testid={`visibility-${a.to}`}
            >
              {a.label}
            </button>
          ))}
      </div>
      <form class="caption-form" onSubmit={onCaption} noValidate>
        <label class="field-label" for="caption">
          Caption
        </label>
        <textarea
          id="caption"
          class="input textarea-small"
          rows={2}
          maxLength={500}
          value={caption}
          onInput={(e) => setCaption(e.currentTarget.value)}
          data-testid="caption-input"
        />
        <button
          type="submit"
          class="button"
          disabled={busy || caption.trim() === video.caption}
          data-testid="caption-save"
        >
          Save caption
        </button>
      </form>
      <p class="saved" role="status" data-testid="owner-status">
        {saved}
      </p>
      {error && (
        <p class="form-error" role="alert" data-testid="owner-error">
          {error}
        </p>
      )}
    </div>
  );
}

function DeleteVideo(props: { video: social.Video; afterDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await social.deleteVideo(props.video.id);
      props.afterDelete();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div class="danger-zone">
      {!confirming ? (
        <button
          type="button"
          class="button button-danger"
          onClick={() => setConfirming(true)}
          data-testid="delete-video"
        >
          Delete video
        </button>
      ) : (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby="confirm-delete-title"
          aria-describedby="confirm-delete-text"
        >
          <p id="confirm-delete-title" class="confirm-title">
            Delete this video?
          </p>
          <p id="confirm-delete-text" class="muted">
            It disappears for everyone, with its likes and comments. This cannot be undone.
          </p>
          <div class="confirm-actions">
            <button
              type="button"
              class="button button-danger"
              ref={confirmRef}
              disabled={busy}
              onClick={() => void remove()}
              data-testid="confirm-delete"
            >
              {busy ? 'Deleting…' : 'Delete'}
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Comments(props: { video: social.Video; onCountChange: (delta: number) => void }) {
  const paged = usePaged(`comments/${props.video.id}`, (after) =>
    social.listComments(props.video.id, after),
  );
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = body.trim();
    if (busy) return;
    if (!text) {
      setError('Write something first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const comment = await social.addComment(props.video.id, text);
      // Oldest first: a new comment goes last, unless more pages are still to load.
      if (!paged.hasMore) paged.setItems((items) => [...items, comment]);
      props.onCountChange(1);
      setBody('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await social.deleteComment(id);
      paged.setItems((items) => items.filter((c) => c.id !== id));
      props.onCountChange(-1);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section class="comments" aria-labelledby="comments-title">
      <div class="history-head">
        <h2 id="comments-title">Comments</h2>
        <span class="count" data-testid="comment-count">
          {props.video.comment_count}
        </span>
      </div>
      {paged.items.length === 0 && !paged.loading && !paged.error && (
        <p class="empty">No comments yet. Say something nice.</p>
      )}
      <ul class="comment-list" data-testid="comments">
        {paged.items.map((c) => (
          <li key={c.id} class="comment" data-testid="comment">
            <a
              href={href('u', c.author.handle)}
              class="comment-avatar"
              tabIndex={-1}
              aria-hidden="true"
            >
              <Avatar member={c.author} size={32} />
            </a>
            <div class="comment-main">
              <p class="comment-head">
                <a href={href('u', c.author.handle)}>{c.author.display_name}</a>{' '}
                <span class="muted" title={formatDate(c.created_at)}>
                  @{c.author.handle} · {timeAgo(c.created_at)}
                </span>
              </p>
              <p class="comment-body">{c.body}</p>
            </div>
            {c.can_delete && (
              <button
                type="button"
                class="button button-small button-quiet"
                aria-label={`Delete comment by @${c.author.handle}`}
                onClick={() => void remove(c.id)}
                data-testid="delete-comment"
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      <PagedFooter paged={paged} label="Load more comments" />
      <form class="comment-form" onSubmit={onSubmit} noValidate>
        <label class="field-label" for="comment">
          Add a comment
        </label>
        <textarea
          id="comment"
          class="input textarea-small"
          rows={2}
          maxLength={1000}
          value={body}
          aria-describedby={error ? 'comment-error' : undefined}
          onInput={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          data-testid="comment-input"
        />
        <button
          type="submit"
          class="button button-primary"
          disabled={busy}
          data-testid="comment-submit"
        >
          {busy ? 'Posting…' : 'Post comment'}
        </button>
        {error && (
          <p class="form-error" id="comment-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function parseSize(size: string): [number, number] {
  const match = /^(\d+)x(\d+)$/.exec(size);
  return match ? [Number(match[1]), Number(match[2])] : [16, 9];
}
