// SQLite's schema, one migration per version. Versions match PostgreSQL's
// (store/postgres/migrations.cc) so both backends describe the same schema.
#include "store/sqlite/database.h"

namespace kinora::store::sqlite {

const sql::Dialect& SqliteDialect() {
  static const sql::Dialect dialect{
      .name = "sqlite",
      .migrations =
          {
              {1, "generations", R"sql(
CREATE TABLE generations (
  id              TEXT PRIMARY KEY,
  status          TEXT NOT NULL CHECK (status IN
                    ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
  progress        INTEGER NOT NULL DEFAULT 0,
  model           TEXT NOT NULL,
  prompt          TEXT NOT NULL,
  seconds         INTEGER NOT NULL,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  seed            INTEGER NOT NULL,
  storyboard_json TEXT NOT NULL DEFAULT '',
  content_key     TEXT NOT NULL DEFAULT '',
  error_code      TEXT NOT NULL DEFAULT '',
  error_message   TEXT NOT NULL DEFAULT '',
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  started_at      INTEGER,
  completed_at    INTEGER
);
CREATE INDEX generations_by_status ON generations (status, created_at);
)sql"},
              {2, "accounts and social graph", R"sql(
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  handle          TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  bio             TEXT NOT NULL DEFAULT '',
  avatar_key      TEXT NOT NULL DEFAULT '',
  birthdate       TEXT NOT NULL,
  country         TEXT NOT NULL DEFAULT '',
  password_hash   TEXT NOT NULL,
  role            TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  follower_count  INTEGER NOT NULL DEFAULT 0,
  following_count INTEGER NOT NULL DEFAULT 0,
  video_count     INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL
);
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  user_agent   TEXT NOT NULL DEFAULT '',
  ip           TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_keys_by_user ON api_keys (user_id);
CREATE TABLE invites (
  code       TEXT PRIMARY KEY,
  created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  used_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
  used_at    INTEGER
);
CREATE INDEX invites_by_creator ON invites (created_by, created_at);
CREATE TABLE waitlist (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,
  country     TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  invite_code TEXT NOT NULL DEFAULT '',
  admitted_at INTEGER
);
CREATE TABLE follows (
  follower_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followee_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX follows_by_followee ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_by_follower ON follows (follower_id, created_at, followee_id);
CREATE TABLE blocks (
  blocker_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
) WITHOUT ROWID;
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);
CREATE TABLE mutes (
  muter_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  muted_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (muter_id, muted_id)
) WITHOUT ROWID;
CREATE INDEX mutes_by_muted ON mutes (muted_id);
CREATE TABLE videos (
  id              TEXT PRIMARY KEY,
  owner_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  generation_id   TEXT NOT NULL DEFAULT '',
  prompt          TEXT NOT NULL DEFAULT '',
  caption         TEXT NOT NULL DEFAULT '',
  storyboard_json TEXT NOT NULL DEFAULT '',
  visibility      TEXT NOT NULL CHECK (visibility IN ('draft', 'posted', 'unlisted')),
  remix_of        TEXT REFERENCES videos (id) ON DELETE SET NULL,
  content_key     TEXT NOT NULL DEFAULT '',
  thumbnail_key   TEXT NOT NULL DEFAULT '',
  seconds         INTEGER NOT NULL DEFAULT 0,
  width           INTEGER NOT NULL DEFAULT 0,
  height          INTEGER NOT NULL DEFAULT 0,
  like_count      INTEGER NOT NULL DEFAULT 0,
  comment_count   INTEGER NOT NULL DEFAULT 0,
  view_count      INTEGER NOT NULL DEFAULT 0,
  remix_count     INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  posted_at       INTEGER
);
CREATE INDEX videos_by_owner ON videos (owner_id, visibility, id);
CREATE INDEX videos_by_generation ON videos (generation_id);
CREATE INDEX videos_by_remix ON videos (remix_of);
CREATE TABLE video_cast (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  cameo_id TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (video_id, cameo_id)
) WITHOUT ROWID;
CREATE INDEX video_cast_by_owner ON video_cast (owner_id, video_id);
CREATE TABLE video_tags (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  tag      TEXT NOT NULL,
  PRIMARY KEY (video_id, tag)
) WITHOUT ROWID;
CREATE INDEX video_tags_by_tag ON video_tags (tag, video_id);
CREATE TABLE likes (
  video_id   TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (video_id, user_id)
) WITHOUT ROWID;
CREATE INDEX likes_by_user ON likes (user_id, created_at, video_id);
CREATE TABLE comments (
  id         TEXT PRIMARY KEY,
  video_id   TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_video ON comments (video_id, id);
CREATE INDEX comments_by_author ON comments (author_id);
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  actor_id   TEXT REFERENCES users (id) ON DELETE CASCADE,
  video_id   TEXT REFERENCES videos (id) ON DELETE CASCADE,
  comment_id TEXT,
  text       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_by_video ON notifications (video_id);
CREATE INDEX notifications_by_actor ON notifications (actor_id);
CREATE TABLE blob_refs (
  blob_key TEXT PRIMARY KEY,
  refs     INTEGER NOT NULL CHECK (refs >= 0)
);
ALTER TABLE generations ADD COLUMN owner_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX generations_by_owner ON generations (owner_id, id);
)sql"},
              {3, "generation queue", R"sql(
ALTER TABLE generations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 3;
ALTER TABLE generations ADD COLUMN available_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN lease_token TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN lease_expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1));
ALTER TABLE generations ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN remixed_from TEXT REFERENCES generations (id) ON DELETE SET NULL;
ALTER TABLE generations ADD COLUMN kind TEXT NOT NULL DEFAULT 'create' CHECK (kind IN
                    ('create', 'remix', 'extension', 'edit'));
ALTER TABLE generations ADD COLUMN input_key TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN thumbnail_key TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN spritesheet_key TEXT NOT NULL DEFAULT '';
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
  scope         TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  generation_id TEXT NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_generation ON idempotency_keys (generation_id);
CREATE TABLE generation_attempts (
  generation_id TEXT NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  attempt       INTEGER NOT NULL,
  worker        TEXT NOT NULL,
  started_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  outcome       TEXT CHECK (outcome IN
                    ('completed', 'failed', 'retry', 'lost', 'released', 'cancelled')),
  reason        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (generation_id, attempt)
) WITHOUT ROWID;
)sql"},
              {4, "characters", R"sql(
CREATE TABLE characters (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('animal', 'object')),
  clip_key   TEXT NOT NULL,
  image_key  TEXT NOT NULL,
  palette    TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE INDEX characters_by_owner ON characters (owner_id, created_at, id);
CREATE INDEX characters_by_created ON characters (created_at, id);
)sql"},
              {5, "webhooks", R"sql(
CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,
  owner_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  events      TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  disabled_at INTEGER
);
CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (owner_id, id);
CREATE TABLE webhook_deliveries (
  id               TEXT PRIMARY KEY,
  endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_type       TEXT NOT NULL,
  payload          TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_expires_at INTEGER,
  created_at       INTEGER NOT NULL,
  delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE TABLE webhook_attempts (
  delivery_id      TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt          INTEGER NOT NULL,
  at               INTEGER NOT NULL,
  status_code      INTEGER,
  error            TEXT NOT NULL DEFAULT '',
  duration_ms      INTEGER NOT NULL,
  response_excerpt TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (delivery_id, attempt)
) WITHOUT ROWID;
)sql"},
          },
      .skip_locked = "",
      .migration_lock = "",
      .signup_lock = "",
      .key_lock = "",
  };
  return dialect;
}

}  // namespace kinora::store::sqlite
