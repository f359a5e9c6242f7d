// PostgreSQL's schema, one migration per version: SQLite's migrations
// (store/sqlite/migrations.cc) with the same versions, names, tables, columns
// and indexes, in PostgreSQL 15's types. Times (Unix milliseconds) and counts
// are BIGINT. Every id, key, handle, code, tag and email is TEXT COLLATE "C",
// so comparisons and ORDER BY are bytewise as in SQLite whatever the
// database's locale; free text (prompts, names, bodies) keeps the default.
#include "store/postgres/database.h"

namespace kinora::store::postgres {

const sql::Dialect& PostgresDialect() {
  static const sql::Dialect dialect{
      .name = "postgres",
      .migrations =
          {
              {1, "generations", R"sql(
CREATE TABLE generations (
  id              TEXT COLLATE "C" PRIMARY KEY,
  status          TEXT COLLATE "C" NOT NULL CHECK (status IN
                    ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
  progress        BIGINT NOT NULL DEFAULT 0,
  model           TEXT COLLATE "C" NOT NULL,
  prompt          TEXT NOT NULL,
  seconds         BIGINT NOT NULL,
  width           BIGINT NOT NULL,
  height          BIGINT NOT NULL,
  seed            BIGINT NOT NULL,
  storyboard_json TEXT NOT NULL DEFAULT '',
  content_key     TEXT COLLATE "C" NOT NULL DEFAULT '',
  error_code      TEXT COLLATE "C" NOT NULL DEFAULT '',
  error_message   TEXT NOT NULL DEFAULT '',
  attempts        BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  started_at      BIGINT,
  completed_at    BIGINT
);
CREATE INDEX generations_by_status ON generations (status, created_at);
)sql"},
              {2, "accounts and social graph", R"sql(
CREATE TABLE users (
  id              TEXT COLLATE "C" PRIMARY KEY,
  handle          TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  bio             TEXT NOT NULL DEFAULT '',
  avatar_key      TEXT COLLATE "C" NOT NULL DEFAULT '',
  birthdate       TEXT COLLATE "C" NOT NULL,
  country         TEXT COLLATE "C" NOT NULL DEFAULT '',
  password_hash   TEXT NOT NULL,
  role            TEXT COLLATE "C" NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  follower_count  BIGINT NOT NULL DEFAULT 0,
  following_count BIGINT NOT NULL DEFAULT 0,
  video_count     BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL
);
CREATE TABLE sessions (
  id           TEXT COLLATE "C" PRIMARY KEY,
  user_id      TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT COLLATE "C" NOT NULL,
  user_agent   TEXT NOT NULL DEFAULT '',
  ip           TEXT NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE TABLE api_keys (
  id           TEXT COLLATE "C" PRIMARY KEY,
  user_id      TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  prefix       TEXT COLLATE "C" NOT NULL,
  key_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX api_keys_by_user ON api_keys (user_id);
CREATE TABLE invites (
  code       TEXT COLLATE "C" PRIMARY KEY,
  created_by TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  used_by    TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
  used_at    BIGINT
);
CREATE INDEX invites_by_creator ON invites (created_by, created_at);
CREATE TABLE waitlist (
  id          TEXT COLLATE "C" PRIMARY KEY,
  email       TEXT COLLATE "C" NOT NULL UNIQUE,
  country     TEXT COLLATE "C" NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  invite_code TEXT COLLATE "C" NOT NULL DEFAULT '',
  admitted_at BIGINT
);
CREATE TABLE follows (
  follower_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followee_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_by_follower ON follows (follower_id, created_at, followee_id);
CREATE TABLE blocks (
  blocker_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);
CREATE TABLE mutes (
  muter_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  muted_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (muter_id, muted_id)
);
CREATE INDEX mutes_by_muted ON mutes (muted_id);
CREATE TABLE videos (
  id              TEXT COLLATE "C" PRIMARY KEY,
  owner_id        TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  generation_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
  prompt          TEXT NOT NULL DEFAULT '',
  caption         TEXT NOT NULL DEFAULT '',
  storyboard_json TEXT NOT NULL DEFAULT '',
  visibility      TEXT COLLATE "C" NOT NULL CHECK (visibility IN ('draft', 'posted', 'unlisted')),
  remix_of        TEXT COLLATE "C" REFERENCES videos (id) ON DELETE SET NULL,
  content_key     TEXT COLLATE "C" NOT NULL DEFAULT '',
  thumbnail_key   TEXT COLLATE "C" NOT NULL DEFAULT '',
  seconds         BIGINT NOT NULL DEFAULT 0,
  width           BIGINT NOT NULL DEFAULT 0,
  height          BIGINT NOT NULL DEFAULT 0,
  like_count      BIGINT NOT NULL DEFAULT 0,
  comment_count   BIGINT NOT NULL DEFAULT 0,
  view_count      BIGINT NOT NULL DEFAULT 0,
  remix_count     BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  posted_at       BIGINT
);
CREATE INDEX videos_by_owner ON videos (owner_id, visibility, id);
CREATE INDEX videos_by_generation ON videos (generation_id);
CREATE INDEX videos_by_remix ON videos (remix_of);
CREATE TABLE video_cast (
  video_id TEXT COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  cameo_id TEXT COLLATE "C" NOT NULL,
  owner_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (video_id, cameo_id)
);
CREATE INDEX video_cast_by_owner ON video_cast (owner_id, video_id);
CREATE TABLE video_tags (
  video_id TEXT COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  tag      TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (video_id, tag)
);
CREATE INDEX video_tags_by_tag ON video_tags (tag, video_id);
CREATE TABLE likes (
  video_id   TEXT COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (video_id, user_id)
);
CREATE INDEX likes_by_user ON likes (user_id, created_at, video_id);
CREATE TABLE comments (
  id         TEXT COLLATE "C" PRIMARY KEY,
  video_id   TEXT COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  author_id  TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX comments_by_video ON comments (video_id, id);
CREATE INDEX comments_by_author ON comments (author_id);
CREATE TABLE notifications (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       TEXT COLLATE "C" NOT NULL,
  actor_id   TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
  video_id   TEXT COLLATE "C" REFERENCES videos (id) ON DELETE CASCADE,
  comment_id TEXT COLLATE "C",
  text       TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at    BIGINT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_by_video ON notifications (video_id);
CREATE INDEX notifications_by_actor ON notifications (actor_id);
CREATE TABLE blob_refs (
  blob_key TEXT COLLATE "C" PRIMARY KEY,
  refs     BIGINT NOT NULL CHECK (refs >= 0)
);
ALTER TABLE generations ADD COLUMN owner_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX generations_by_owner ON generations (owner_id, id);
)sql"},
              {3, "generation queue", R"sql(
ALTER TABLE generations ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN max_attempts BIGINT NOT NULL DEFAULT 3;
ALTER TABLE generations ADD COLUMN available_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN lease_owner TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN lease_token TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN lease_expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN cancel_requested BIGINT NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1));
ALTER TABLE generations ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN remixed_from TEXT COLLATE "C" REFERENCES generations (id) ON DELETE SET NULL;
ALTER TABLE generations ADD COLUMN kind TEXT COLLATE "C" NOT NULL DEFAULT 'create' CHECK (kind IN
                    ('create', 'remix', 'extension', 'edit'));
ALTER TABLE generations ADD COLUMN input_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN thumbnail_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN spritesheet_key TEXT COLLATE "C" NOT NULL DEFAULT '';
-- Generation times become milliseconds, as every other table's.
UPDATE generations SET created_at = created_at * 1000, started_at = started_at * 1000,
  completed_at = completed_at * 1000;
DROP INDEX generations_by_status;
DROP INDEX generations_by_owner;
CREATE INDEX generations_claim ON generations (status, priority DESC, created_at, id);
CREATE INDEX generations_by_created ON generations (created_at, id);
CREATE INDEX generations_by_owner ON generations (owner_id, created_at, id);
CREATE INDEX generations_by_owner_status ON generations (owner_id, status);
CREATE INDEX generations_by_remix ON generations (remixed_from);
CREATE TABLE idempotency_keys (
  scope         TEXT COLLATE "C" NOT NULL,
  key           TEXT COLLATE "C" NOT NULL,
  request_hash  TEXT COLLATE "C" NOT NULL,
  generation_id TEXT COLLATE "C" NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  created_at    BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_generation ON idempotency_keys (generation_id);
CREATE TABLE generation_attempts (
  generation_id TEXT COLLATE "C" NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  attempt       BIGINT NOT NULL,
  worker        TEXT COLLATE "C" NOT NULL,
  started_at    BIGINT NOT NULL,
  ended_at      BIGINT,
  outcome       TEXT COLLATE "C" CHECK (outcome IN
                    ('completed', 'failed', 'retry', 'lost', 'released', 'cancelled')),
  reason        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (generation_id, attempt)
);
)sql"},
              {4, "characters", R"sql(
CREATE TABLE characters (
  id         TEXT COLLATE "C" PRIMARY KEY,
  owner_id   TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('animal', 'object')),
  clip_key   TEXT COLLATE "C" NOT NULL,
  image_key  TEXT COLLATE "C" NOT NULL,
  palette    TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE INDEX characters_by_owner ON characters (owner_id, created_at, id);
CREATE INDEX characters_by_created ON characters (created_at, id);
)sql"},
              {5, "webhooks", R"sql(
CREATE TABLE webhook_endpoints (
  id          TEXT COLLATE "C" PRIMARY KEY,
  owner_id    TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  secret      TEXT COLLATE "C" NOT NULL,
  events      TEXT COLLATE "C" NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  disabled_at BIGINT
);
CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (owner_id, id);
CREATE TABLE webhook_deliveries (
  id               TEXT COLLATE "C" PRIMARY KEY,
  endpoint_id      TEXT COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_type       TEXT COLLATE "C" NOT NULL,
  payload          TEXT NOT NULL,
  status           TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         BIGINT NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT NOT NULL,
  lease_expires_at BIGINT,
  created_at       BIGINT NOT NULL,
  delivered_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE TABLE webhook_attempts (
  delivery_id      TEXT COLLATE "C" NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt          BIGINT NOT NULL,
  at               BIGINT NOT NULL,
  status_code      BIGINT,
  error            TEXT NOT NULL DEFAULT '',
  duration_ms      BIGINT NOT NULL,
  response_excerpt TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (delivery_id, attempt)
);
)sql"},
          },
      .skip_locked = " FOR UPDATE SKIP LOCKED",
      .migration_lock = "SELECT pg_advisory_xact_lock(4242001)",
      .signup_lock = "SELECT pg_advisory_xact_lock(4242002)",
      .key_lock = "SELECT pg_advisory_xact_lock(4242003, hashtext(?))",
  };
  return dialect;
}

}  // namespace kinora::store::postgres
