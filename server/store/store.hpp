// The storage interface. A store keeps facts: events as data, the tables that mirror them
// (rounds, threads, posts) and accounts. It decides nothing: commands are carried out by
// store-independent code (service/command_handler) through a WriteTransaction. SQLite
// (store/sqlite/) is the embedded default; a second backend implements the same two interfaces.
// Calls are synchronous and thread-safe; callers run them off the network threads (WriteQueue
// for writes, a read pool for reads).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/audit.hpp"
#include "domain/commands.hpp"
#include "domain/events.hpp"
#include "domain/participation.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "store/account_transaction.hpp"

namespace samrad::store {

using domain::Result;
using domain::Status;

// A decision record in the transparency log.
struct LoggedRecord {
  std::int64_t log_index = 0;
  domain::RoundId round = 0;
  std::string record;     // canonical JSON (RFC 8785): the leaf
  std::string leaf_hash;  // base64
  domain::Timestamp at = 0;
};

struct NewRecord {
  domain::RoundId round = 0;
  std::string record;
  std::string leaf_hash;
  domain::Timestamp at = 0;
  std::optional<std::int64_t> supersedes;
};

// A logged record with what authorising a read of it needs.
struct RecordOfRound {
  LoggedRecord record;
  domain::RoundAccess round;
};

// Entities whose ids the store hands out.
enum class Entity { round, thread, post, report };

// A command carried out under a client's idempotency key: what it was (a fingerprint of the
// request) and where its first event is, which is what its answer names.
struct RememberedCommand {
  std::string fingerprint;
  domain::StreamId stream;
  domain::Seq seq = 0;
};

// One unit of work's view of the batch transaction: the facts a decision needs and the writes
// that follow it. Every method throws on a database failure; the store then rolls back this unit
// alone and answers it with storage_failed.
class WriteTransaction {
 public:
  virtual ~WriteTransaction() = default;

  virtual std::optional<domain::RoundAccess> round(domain::RoundId round) = 0;
  virtual std::optional<domain::ThreadFacts> thread(domain::ThreadId thread) = 0;
  virtual std::optional<domain::PostFacts> post(domain::PostId post) = 0;
  // The post's reports that are not yet dealt with, oldest first.
  virtual std::vector<domain::OpenReport> open_reports(domain::PostId post) = 0;
  virtual std::optional<domain::ReportFacts> report(domain::ReportId report) = 0;
  // The organisation with whether it is active: a deactivated one is invited to no new round.
  virtual std::optional<domain::OrganisationRecord> organisation(
      domain::OrganisationId organisation) = 0;
  // The latest version of the organisation's position in the round; 0 when it has stated none.
  virtual std::int64_t position_version(domain::RoundId round,
                                        domain::OrganisationId organisation) = 0;
  // The latest version of the round's outcome; 0 when none has been written.
  virtual std::int64_t outcome_version(domain::RoundId round) = 0;
  // The latest version of the agenda item's minutes; 0 when none have been written.
  virtual std::int64_t minutes_version(domain::RoundId round, domain::ThreadId thread) = 0;
  // The latest version of the round's joint document; 0 when none has been written.
  virtual std::int64_t joint_document_version(domain::RoundId round) = 0;
  // The sides that have approved this version of the round's joint document.
  virtual std::vector<domain::Side> joint_document_approvals(domain::RoundId round,
                                                             std::int64_t version) = 0;
  // The organisations that have stated a position in the round, in ascending order of id.
  virtual std::vector<domain::OrganisationId> organisations_with_positions(
      domain::RoundId round) = 0;
  // True when the login session with this token hash exists and has not expired at now.
  virtual bool session_is_live(const std::string& token_hash, domain::Timestamp now) = 0;

  // A fresh id for a new entity. One handed to a command that is then refused was never seen
  // outside the transaction, and may be handed out again.
  virtual std::int64_t new_id(Entity entity) = 0;
  // The stream's next seq (1 for a stream without events). The event with it must be appended
  // before the next call for the same stream.
  virtual domain::Seq next_seq(const domain::StreamId& stream) = 0;
  // Stores the event and brings the tables that mirror the events up to date.
  virtual void append(const domain::Event& event) = 0;

  // Every event of the stream in seq order, those appended in this transaction included.
  virtual std::vector<domain::Event> stream_events(const domain::StreamId& stream) = 0;
  // One event of a stream, if there is one at that seq.
  virtual std::optional<domain::Event> event(const domain::StreamId& stream, domain::Seq seq) = 0;

  // The command this person carried out under this idempotency key at or after `since`.
  virtual std::optional<RememberedCommand> remembered_command(domain::PersonId person,
                                                              const std::string& key,
                                                              domain::Timestamp since) = 0;
  // Remembers a command under its key, and forgets every key remembered before `forget_before`.
  virtual void remember_command(domain::PersonId person, const std::string& key,
                                const RememberedCommand& command, domain::Timestamp at,
                                domain::Timestamp forget_before) = 0;
  // The round's newest record in the transparency log, if it has one.
  virtual std::optional<LoggedRecord> latest_record(domain::RoundId round) = 0;
  // Appends a record to the log; its index is the log's size before (0 for the first).
  virtual std::int64_t append_record(const NewRecord& record) = 0;

  // Appends a record to the audit log, which nothing changes or removes afterwards.
  virtual void record(const domain::AuditRecord& record) = 0;
  // Organisations, people, invitations and sessions, for account commands.
  virtual AccountTransaction& accounts() = 0;
};

// What one unit of work did: the events it appended, in order, or why it appended nothing.
using Appended = Result<std::vector<domain::Event>>;
using Work = std::function<Appended(WriteTransaction&)>;

// A page of one stream, read together with what authorising the read needs.
struct StreamPage {
  domain::RoundAccess round;
  domain::Seq head_seq = 0;  // the stream's newest seq in the same snapshot
  // Names the stream's history: a seq means the same event only within one epoch. It changes
  // when the store is restored from a backup (Store::renew_epoch) or the stream is rebuilt.
  std::string epoch;
  std::vector<domain::Event> events;  // seq > after, in seq order, hidden text withheld
};

// One version of a post's text.
struct PostVersion {
  std::int64_t version = 1;
  std::string body;
  domain::Timestamp at = 0;
};

// A post's history as its readers may ask for it, with what authorising the read needs.
struct PostHistory {
  domain::RoundAccess round;
  domain::StreamKind stream = domain::StreamKind::main;
  domain::ThreadId thread = 0;
  domain::PersonId author = 0;
  struct Hidden {
    std::string reason;
    domain::Timestamp at = 0;
  };
  std::optional<Hidden> hidden;
  std::vector<PostVersion> versions;  // oldest first
};

// Who of the people present in a round (bus::Presence) are to be listed, with what deciding
// whether the reader may see the round needs.
struct RoundPresence {
  domain::RoundAccess round;
  std::vector<domain::Person> people;  // active, in an active organisation; in no set order
};

// A round with what deciding who may see it needs.
struct RoundListing {
  domain::RoundSummary summary;
  domain::RoundAccess access;
};

// An open round whose closing time has come, and who set that time: the actor of its closing.
struct DueRound {
  domain::RoundId round = 0;
  domain::Person scheduled_by;
};

struct Login {
  domain::Person person;
  std::string password_hash;  // argon2id, libsodium's encoded string; empty: none set yet
  bool active = true;         // the person and their organisation are active
};

// A live login session: whose it is and when it ends.
struct Session {
  domain::Person person;
  domain::Timestamp expires_at = 0;  // unless used again before then (the idle limit)
  domain::SessionId id = 0;
  domain::Timestamp absolute_expires_at = 0;  // however much it is used
  domain::Timestamp last_used_at = 0;
};

// A live session among those asked about, with its person as they are now.
struct LiveSession {
  std::string token_hash;
  domain::Person person;
};

using domain::OrganisationListing;
using domain::PersonListing;

using domain::AuditEntry;
using domain::AuditQuery;

// An invitation link with the person it is for.
struct InvitationLookup {
  domain::InvitationRecord invitation;
  domain::PersonRecord person;
};

struct NewPerson {
  std::string name;
  std::string email;
  domain::Role role = domain::Role::representative;
  domain::OrganisationId organisation = 0;
  std::string password_hash;
};

class Store {
 public:
  virtual ~Store() = default;

  // Group commit: runs every unit of work in ONE transaction, each in its own savepoint, and
  // commits once. A unit that returns an error or throws is rolled back alone and the rest go
  // on. If the commit fails, every unit gets storage_failed and nothing is stored.
  virtual std::vector<Appended> write(std::span<const Work> batch) = 0;

  // The stream's events with seq > after, at most limit of them, with its round and head_seq,
  // all from one snapshot. Nothing when the round does not exist.
  virtual Result<std::optional<StreamPage>> read_stream(const domain::StreamId& stream,
                                                        domain::Seq after, std::size_t limit) = 0;
  // Each stream's newest seq (0 for a stream without events), in the order asked, from one
  // snapshot: how an instance learns of events the bus between instances lost.
  virtual Result<std::vector<domain::Seq>> stream_heads(
      const std::vector<domain::StreamId>& streams) = 0;
  // The post's versions with its round, stream and author, from one snapshot; nothing when the
  // post is not in that round.
  virtual Result<std::optional<PostHistory>> post_history(domain::RoundId round,
                                                          domain::PostId post) = 0;
  // Every round, newest first.
  virtual Result<std::vector<RoundListing>> list_rounds() = 0;
  virtual Result<std::vector<DueRound>> rounds_due_to_close(domain::Timestamp now) = 0;
  // Every active organisation (the ones a round may invite), by name.
  virtual Result<std::vector<domain::Organisation>> list_organisations() = 0;
  // Who has answered in the round: each organisation invited now, by name, with its posts and
  // the reminders it got, read with the round in one snapshot. Nothing when the round does not
  // exist.
  virtual Result<std::optional<domain::RoundParticipation>> read_participation(
      domain::RoundId round) = 0;
  // The round and those of the people asked who are active, with their organisations, from one
  // snapshot. Nothing when the round does not exist.
  virtual Result<std::optional<RoundPresence>> read_presence(
      domain::RoundId round, const std::vector<domain::PersonId>& people) = 0;

  // The transparency log: every leaf hash (base64) by index, one record by index, and a
  // round's newest record, each with its round.
  virtual Result<std::vector<std::string>> log_leaf_hashes() = 0;
  virtual Result<std::optional<RecordOfRound>> logged_record(std::int64_t log_index) = 0;
  virtual Result<std::optional<RecordOfRound>> latest_record_of_round(domain::RoundId round) = 0;

  // Accounts and sessions. Session tokens are stored only as hashes.
  virtual Result<domain::OrganisationId> create_organisation(const std::string& name,
                                                             domain::OrganisationKind kind) = 0;
  virtual Result<domain::PersonId> create_person(const NewPerson& person) = 0;
  virtual Result<std::optional<Login>> find_login(const std::string& email) = 0;
  virtual Status create_session(const std::string& token_hash, domain::PersonId person,
                                domain::Timestamp expires_at) = 0;
  // The session if it exists and has not expired at now.
  virtual Result<std::optional<Session>> find_session(const std::string& token_hash,
                                                      domain::Timestamp now) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;
  // Removes sessions that expired before now; returns how many.
  virtual Result<std::int64_t> delete_expired_sessions(domain::Timestamp now) = 0;
  // True when no person exists yet (a fresh database, ready for demo data).
  virtual Result<bool> is_empty() = 0;
  // Gives every stream a new epoch (after restoring a backup: clients holding seqs of the history
  // that was lost must reload rather than resume), recording who did it in the audit log.
  virtual Status renew_epoch(const std::string& epoch, const domain::AuditRecord& audit) = 0;

  // Accounts as admins manage them: every person (with an open invitation and how many live
  // sessions they have at now) and every organisation, by name.
  virtual Result<std::vector<PersonListing>> list_people(domain::Timestamp now) = 0;
  virtual Result<std::vector<OrganisationListing>> list_organisation_records() = 0;
  // The person's live sessions at now, most recently used first.
  virtual Result<std::vector<domain::SessionRecord>> sessions_of(domain::PersonId person,
                                                                 domain::Timestamp now) = 0;
  // Of the sessions asked about, those live at now, with their persons as they are now.
  virtual Result<std::vector<LiveSession>> live_sessions(
      const std::vector<std::string>& token_hashes, domain::Timestamp now) = 0;
  // True when some session has expired at now and not yet been removed.
  virtual Result<bool> has_expired_sessions(domain::Timestamp now) = 0;
  // A live session was used at now: it stays live until now + idle_ms, but never past its
  // absolute end.
  virtual Status touch_session(const std::string& token_hash, domain::Timestamp now,
                               domain::Timestamp idle_ms) = 0;
  virtual Result<std::optional<InvitationLookup>> find_invitation(
      const std::string& token_hash) = 0;
  virtual Result<std::vector<AuditEntry>> read_audit(const AuditQuery& query) = 0;
  // API tokens with their owners, newest first: one person's, or (none) everyone's.
  virtual Result<std::vector<domain::ApiTokenListing>> list_api_tokens(
      std::optional<domain::PersonId> owner) = 0;
};

}  // namespace samrad::store
