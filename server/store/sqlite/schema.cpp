// Schema migrations. Each step moves PRAGMA user_version from its index to index + 1 inside one
// transaction, so a crash mid-migration leaves the previous version intact. Append new steps;
// never edit a step that has shipped.
#include "store/sqlite/schema.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace samrad::store::sqlite {

namespace {

// The events table is the truth; rounds, threads and posts mirror it and are written in the same
// transaction. Times are milliseconds since the Unix epoch, UTC.
constexpr std::array migrations = {
    R"sql(
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL
    CHECK (kind IN ('ministry', 'agency', 'municipality', 'region', 'association', 'other'))
) STRICT;

CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'representative', 'observer')),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  password_hash TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_person ON sessions (person_id);

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  proposal TEXT NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('draft', 'open', 'closed', 'decided')),
  head_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE round_invitations (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (round_id, organisation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX round_invitations_by_organisation ON round_invitations (organisation_id);

CREATE TABLE threads (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  title TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES persons (id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX threads_by_round ON threads (round_id);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  thread_id INTEGER NOT NULL REFERENCES threads (id),
  reply_to INTEGER REFERENCES posts (id),
  author_id INTEGER NOT NULL REFERENCES persons (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX posts_by_thread ON posts (thread_id);
CREATE INDEX posts_by_reply_to ON posts (reply_to);

-- created_id names the round, thread or post the event created, so a replay can answer with it
-- without parsing the frame.
CREATE TABLE events (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL,
  created_id INTEGER NOT NULL,
  frame TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, seq)
) STRICT, WITHOUT ROWID;
)sql",
    // 2: events are kept as data (kind, actor, JSON data) instead of protocol-v1 frames, and are
    // keyed by stream: (round, stream kind, seq). A stream's head_seq moves from rounds to streams.
    // Old frames' data keys are the stored format's keys (store/event_data.cpp), except that an
    // invited organisation's side is not stored: it follows from its kind.
    R"sql(
CREATE TABLE streams (
  round_id INTEGER NOT NULL REFERENCES rounds (id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL CHECK (kind IN ('main', 'state_preparation', 'municipal_preparation')),
  head_seq INTEGER NOT NULL CHECK (head_seq >= 1),
  PRIMARY KEY (round_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO streams (round_id, kind, head_seq) SELECT id, 'main', head_seq FROM rounds;

CREATE TABLE stream_events (
  round_id INTEGER NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES persons (id),
  actor_organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  data TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (round_id, stream, seq),
  FOREIGN KEY (round_id, stream) REFERENCES streams (round_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO stream_events
  SELECT round_id, 'main', seq, kind, created_at,
         json_extract(frame, '$.actor.id'), json_extract(frame, '$.actor.organisation.id'),
         CASE kind
           WHEN 'round_created' THEN json_set(json_extract(frame, '$.data'), '$.invited',
             (SELECT json_group_array(json_remove(value, '$.side'))
                FROM json_each(frame, '$.data.invited')))
           ELSE json_extract(frame, '$.data')
         END
  FROM events;
DROP TABLE events;
ALTER TABLE stream_events RENAME TO events;

ALTER TABLE rounds DROP COLUMN head_seq;
ALTER TABLE threads ADD COLUMN stream TEXT NOT NULL DEFAULT 'main'
  CHECK (stream IN ('main', 'state_preparation', 'municipal_preparation'));
)sql",
    // 3: a round's kind, sectors and schedule; who set the closing time acts when it comes.
    R"sql(
ALTER TABLE rounds ADD COLUMN kind TEXT NOT NULL DEFAULT 'plenary'
  CHECK (kind IN ('plenary', 'bilateral'));
ALTER TABLE rounds ADD COLUMN sectors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sectors));
ALTER TABLE rounds ADD COLUMN opens_at INTEGER;
ALTER TABLE rounds ADD COLUMN closes_at INTEGER;
ALTER TABLE rounds ADD COLUMN schedule_set_by INTEGER REFERENCES persons (id);
CREATE INDEX rounds_by_closing_time ON rounds (phase, closes_at);
)sql",
    // 4: the agenda (proposed, accepted or declined items; locked threads; a pinned post) and
    // the proposal's versions (each post records the version it was written against).
    R"sql(
ALTER TABLE threads ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted'
  CHECK (status IN ('accepted', 'proposed', 'declined'));
ALTER TABLE threads ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));
ALTER TABLE threads ADD COLUMN pinned_post_id INTEGER REFERENCES posts (id);
ALTER TABLE rounds ADD COLUMN proposal_version INTEGER NOT NULL DEFAULT 1
  CHECK (proposal_version >= 1);
ALTER TABLE posts ADD COLUMN proposal_version INTEGER;
)sql",
    // 5: accounts and the audit log. People and organisations are deactivated, never deleted; a
    // person may have no password yet ('') until they set one through a one-time invitation
    // link, kept only as a hash like session tokens. Sessions get an id their owner can name,
    // an idle limit (expires_at moves with use, never past absolute_expires_at) and where they
    // were opened. The audit log is append-only: triggers refuse every UPDATE and DELETE.
    R"sql(
ALTER TABLE organisations ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE persons ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

CREATE TABLE sessions_with_ids (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  user_agent TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
) STRICT;
-- Sessions from before keep working; when they were opened was not kept.
INSERT INTO sessions_with_ids (token_hash, person_id, expires_at, absolute_expires_at, created_at,
                               last_used_at)
  SELECT token_hash, person_id, expires_at, expires_at, 0, 0 FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_with_ids RENAME TO sessions;
CREATE INDEX sessions_by_person ON sessions (person_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  created_by INTEGER REFERENCES persons (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX invitations_by_person ON invitations (person_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor_id INTEGER REFERENCES persons (id),
  source TEXT NOT NULL CHECK (source IN ('web', 'cli', 'server')),
  address TEXT NOT NULL,
  round_id INTEGER,
  target_kind TEXT NOT NULL,
  target_id INTEGER,
  details TEXT NOT NULL CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_by_round ON audit_log (round_id, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql",
    // 6: moderation and edits. Every version of a post's text is kept (post_versions; posts.body
    // is the current one); a hidden post keeps its text and says who hid it, when and why;
    // reports wait in the round's moderation stream until the secretariat deals with them. The
    // streams table is rebuilt to allow that stream: SQLite cannot change a CHECK in place (this
    // runs before foreign keys are switched on, as SQLite's table-rebuild procedure requires).
    R"sql(
CREATE TABLE streams_new (
  round_id INTEGER NOT NULL REFERENCES rounds (id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL
    CHECK (kind IN ('main', 'state_preparation', 'municipal_preparation', 'moderation')),
  head_seq INTEGER NOT NULL CHECK (head_seq >= 1),
  PRIMARY KEY (round_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO streams_new SELECT round_id, kind, head_seq FROM streams;
DROP TABLE streams;
ALTER TABLE streams_new RENAME TO streams;

ALTER TABLE posts ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE posts ADD COLUMN hidden_at INTEGER;
ALTER TABLE posts ADD COLUMN hidden_by INTEGER REFERENCES persons (id);
ALTER TABLE posts ADD COLUMN hidden_reason TEXT;
CREATE INDEX posts_hidden ON posts (round_id) WHERE hidden_at IS NOT NULL;

CREATE TABLE post_versions (
  post_id INTEGER NOT NULL REFERENCES posts (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (post_id, version)
) STRICT, WITHOUT ROWID;
INSERT INTO post_versions (post_id, version, body, at) SELECT id, 1, body, created_at FROM posts;

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  post_id INTEGER NOT NULL REFERENCES posts (id),
  reporter_id INTEGER NOT NULL REFERENCES persons (id),
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by INTEGER REFERENCES persons (id),
  outcome TEXT CHECK (outcome IN ('hidden', 'dismissed')),
  note TEXT
) STRICT;
CREATE INDEX reports_by_post ON reports (post_id) WHERE resolved_at IS NULL;
)sql",
    // 7: who has answered. Reminders mirror the reminder_sent events of rounds' main streams
    // (seq names the event); posts are counted per round and organisation.
    R"sql(
CREATE TABLE reminders (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  sent_by INTEGER NOT NULL REFERENCES persons (id),
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX reminders_by_organisation ON reminders (round_id, organisation_id);
CREATE INDEX posts_by_round_and_organisation ON posts (round_id, organisation_id);
)sql",
    // 8: positions. Each version an organisation states mirrors one position_stated event of the
    // round's main stream (seq names it); the text stays in the event.
    R"sql(
CREATE TABLE positions (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  seq INTEGER NOT NULL,
  stance TEXT NOT NULL CHECK (stance IN ('supports', 'supports_with_reservations', 'opposes',
                                         'abstains', 'no_comments')),
  stated_by INTEGER NOT NULL REFERENCES persons (id),
  stated_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, organisation_id, version)
) STRICT, WITHOUT ROWID;
)sql",
    // 9: outcomes and dissent. Each outcome version the secretariat writes and each dissent an
    // organisation attaches mirrors one event of the round's main stream (seq names it); the
    // texts stay in the events.
    R"sql(
CREATE TABLE outcomes (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  seq INTEGER NOT NULL,
  written_by INTEGER NOT NULL REFERENCES persons (id),
  written_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, version)
) STRICT, WITHOUT ROWID;
CREATE TABLE dissents (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  attached_by INTEGER NOT NULL REFERENCES persons (id),
  attached_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, seq)
) STRICT, WITHOUT ROWID;
)sql",
    // 10: the transparency log. Entry log_index (0, 1, 2 ...) is a decided round's record in its
    // canonical form, the leaf the log's tree hashes; nothing changes or removes one.
    R"sql(
CREATE TABLE decision_records (
  log_index INTEGER PRIMARY KEY CHECK (log_index >= 0),
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  record TEXT NOT NULL,
  leaf_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  supersedes INTEGER REFERENCES decision_records (log_index)
) STRICT;
CREATE INDEX decision_records_by_round ON decision_records (round_id, log_index);
CREATE TRIGGER decision_records_are_append_only_update BEFORE UPDATE ON decision_records
BEGIN
  SELECT RAISE(ABORT, 'decision records are append-only');
END;
CREATE TRIGGER decision_records_are_append_only_delete BEFORE DELETE ON decision_records
BEGIN
  SELECT RAISE(ABORT, 'decision records are append-only');
END;
)sql",
    // 11: read-only API tokens for exports (issue 8). Only the token's hash is kept: the token is
    // shown once when it is made. A revoked token stays, so the list and the audit log can
    // still name it; revoked_by is NULL when the operator revoked it at the command line.
    R"sql(
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  name TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 100),
  token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL CHECK (scope IN ('export')),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  revoked_by INTEGER REFERENCES persons (id)
) STRICT;
CREATE INDEX api_tokens_by_person ON api_tokens (person_id);
)sql",
    // 12: minutes of agenda items (issue 8). Each version of an item's minutes the secretariat
    // writes mirrors one event of the round's main stream (seq names it); the texts and the
    // posts they link to stay in the events.
    R"sql(
CREATE TABLE minutes (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  thread_id INTEGER NOT NULL REFERENCES threads (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  seq INTEGER NOT NULL,
  written_by INTEGER NOT NULL REFERENCES persons (id),
  written_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, thread_id, version)
) STRICT, WITHOUT ROWID;
)sql",
    // 13: the joint document (issue 8). Each version either side writes and each approval of a
    // version by one side mirrors one event of the round's main stream (seq names it); the text
    // stays in the event. A side approves a version once.
    R"sql(
CREATE TABLE joint_document_versions (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  seq INTEGER NOT NULL,
  written_by INTEGER NOT NULL REFERENCES persons (id),
  written_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, version)
) STRICT, WITHOUT ROWID;
CREATE TABLE joint_document_approvals (
  round_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('state', 'municipal')),
  seq INTEGER NOT NULL,
  approved_by INTEGER NOT NULL REFERENCES persons (id),
  approved_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, version, side),
  FOREIGN KEY (round_id, version) REFERENCES joint_document_versions (round_id, version)
) STRICT, WITHOUT ROWID;
)sql",
    // 14: email addresses are looked up as lower(email) = lower(?), the form PostgreSQL shares
    // (store/sql); this index serves it as the NOCASE one served email = ?.
    R"sql(
CREATE INDEX persons_by_lower_email ON persons (lower(email));
)sql",
    // 15: epochs (issue 9). A stream's seq names an event only within its epoch: the store's
    // epoch is random, each stream takes it when its first event is written, and restoring a
    // backup renews them all (samrad admin epoch renew), so a client resuming with a seq of the
    // lost history is told to reload instead of receiving other events under the same seqs.
    R"sql(
CREATE TABLE store_epoch (epoch TEXT NOT NULL) STRICT;
INSERT INTO store_epoch (epoch) VALUES (lower(hex(randomblob(8))));
ALTER TABLE streams ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
UPDATE streams SET epoch = (SELECT epoch FROM store_epoch);
)sql",
    // 16: idempotency keys (issue 11). A command sent with a key is remembered for a day with
    // where its first event is, so the same key sent again is answered as the first time.
    R"sql(
CREATE TABLE command_keys (
  person_id INTEGER NOT NULL REFERENCES persons (id),
  request_key TEXT NOT NULL CHECK (length(request_key) BETWEEN 1 AND 64),
  fingerprint TEXT NOT NULL,
  round_id INTEGER NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (person_id, request_key)
) STRICT;
CREATE INDEX command_keys_by_age ON command_keys (created_at);
)sql",
    // 17: fewer writes per post (issue 10). The audit log's source is checked with comparisons:
    // SQLite evaluates IN (...) of three values or more with a temporary table it builds for
    // every row written. The table is rebuilt for that (the implicit delete of DROP TABLE fires
    // no trigger). And post_versions keeps a post's versions once it is edited; until then its
    // one version is its row in posts.
    R"sql(
CREATE TABLE audit_log_new (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor_id INTEGER REFERENCES persons (id),
  source TEXT NOT NULL CHECK (source = 'web' OR source = 'cli' OR source = 'server'),
  address TEXT NOT NULL,
  round_id INTEGER,
  target_kind TEXT NOT NULL,
  target_id INTEGER,
  details TEXT NOT NULL CHECK (json_valid(details))
) STRICT;
INSERT INTO audit_log_new SELECT id, at, action, actor_id, source, address, round_id, target_kind,
                                 target_id, details FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_by_round ON audit_log (round_id, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

DELETE FROM post_versions WHERE version = 1 AND post_id IN (SELECT id FROM posts WHERE version = 1);
)sql",
};

int user_version(SqliteConnection& db) {
  auto statement = db.query("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.int64(0));
}

}  // namespace

int latest_schema_version() noexcept {
  return static_cast<int>(migrations.size());
}

void migrate(SqliteConnection& db) {
  for (;;) {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening the
    // same fresh file cannot both apply the same step.
    db.exec("BEGIN IMMEDIATE");
    try {
      const int version = user_version(db);
      if (version > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(version) +
                                 " is newer than this program knows (" +
                                 std::to_string(latest_schema_version()) + "); upgrade Samråd");
      }
      if (version == latest_schema_version()) {
        db.exec("COMMIT");
        return;
      }
      db.exec(std::string(migrations[static_cast<std::size_t>(version)]));
      // Foreign keys are off while migrating (a rebuilt table would otherwise take its
      // references with it), so each step is checked against them before it commits.
      if (db.query("PRAGMA foreign_key_check").step()) {
        throw std::runtime_error("schema migration " + std::to_string(version + 1) +
                                 " left a foreign key unsatisfied");
      }
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      db.exec("COMMIT");
    } catch (...) {
      db.rollback_if_open();
      throw;
    }
  }
}

}  // namespace samrad::store::sqlite
