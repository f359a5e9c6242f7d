// A grid of videos as cards (a muted preview, the caption, likes and views), used by
// profiles' shelves.

import { EyeIcon, HeartIcon, PlayIcon } from '../icons';
import { formatCount } from '../components';
import { href } from '../router';
import type * as social from '../social';

/** A muted preview that plays on hover; the first frame is shown via the media fragment. */
export function PreviewThumb(props: { src: string }) {
  return (
    <span class="thumb">
      <video
        src={`${props.src}#t=0.1`}
        preload="metadata"
        muted
        playsInline
        loop
        tabIndex={-1}
        aria-hidden="true"
        onMouseEnter={(e) => void e.currentTarget.play().catch(() => undefined)}
        onMouseLeave={(e) => e.currentTarget.pause()}
      />
      <span class="thumb-play" aria-hidden="true">
        <PlayIcon />
      </span>
    </span>
  );
}

export function VideoGrid(props: { videos: social.Video[]; empty: string; showOwner?: boolean }) {
  if (props.videos.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <ul class="history-grid video-grid" data-testid="video-grid">
      {props.videos.map((v) => (
        <li key={v.id}>
          <a class="clip" href={href('v', v.id)} data-testid="video-card">
            <span class="thumb-wrap">
              <PreviewThumb src={v.content_url} />
              {v.visibility !== 'posted' && (
                <span class={`pill pill-${v.visibility}`}>{visibilityLabel(v.visibility)}</span>
              )}
            </span>
            <span class="clip-prompt">{v.caption || v.prompt}</span>
            <span class="clip-meta clip-stats">
              {props.showOwner && <span>@{v.owner.handle}</span>}
              <span aria-label={`${v.like_count} likes`}>
                <HeartIcon /> {formatCount(v.like_count)}
              </span>
              <span aria-label={`${v.view_count} views`}>
                <EyeIcon /> {formatCount(v.view_count)}
              </span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function visibilityLabel(visibility: social.Visibility): string {
  switch (visibility) {
    case 'draft':
      return 'Draft';
    case 'posted':
      return 'Posted';
    case 'unlisted':
      return 'Unlisted';
  }
}
