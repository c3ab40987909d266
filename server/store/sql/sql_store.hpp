// The store on a SQL database, written once for SQLite and PostgreSQL (sql::Connection hides
// which): one write connection (used by the WriteQueue's writer thread and the small account
// writes), and a pool of read connections so reads never wait for a commit. It implements
// store::Store with SQL only; decisions are made elsewhere. SqliteStore and PostgresStore open the
// connections.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace samrad::store {

namespace sql {
class Connection;

// The statement SqlStore::read_audit runs for this query (its parameters ?1 to ?9 in the order
// read_audit binds them).
std::string audit_read_sql(const AuditQuery& query, std::string_view json_text_values);
}  // namespace sql

struct SqlOptions {
  // Test hook (DESIGN.md "Faults injected, not hoped for"): asked before each batch's COMMIT;
  // when it returns true the batch is rolled back instead and handled as a failed commit.
  std::function<bool()> fail_commit;
};

class SqlStore : public Store {
 public:
  // The connections of a migrated database; at least one reader.
  SqlStore(std::unique_ptr<sql::Connection> writer,
           std::vector<std::unique_ptr<sql::Connection>> readers, SqlOptions options);
  ~SqlStore() override;
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;

  std::vector<Appended> write(std::span<const Work> batch) override;
  Result<std::vector<domain::Seq>> stream_heads(
      const std::vector<domain::StreamId>& streams) override;
  Result<std::optional<PostHistory>> post_history(domain::RoundId round,
                                                  domain::PostId post) override;
  Result<std::optional<StreamPage>> read_stream(const domain::StreamId& stream, domain::Seq after,
                                                std::size_t limit) override;
  Result<std::vector<RoundListing>> list_rounds() override;
  Result<std::vector<DueRound>> rounds_due_to_close(domain::Timestamp now) override;
  Result<std::vector<domain::Organisation>> list_organisations() override;
  Result<std::vector<std::string>> log_leaf_hashes() override;
  Result<std::optional<RecordOfRound>> logged_record(std::int64_t log_index) override;
  Result<std::optional<RecordOfRound>> latest_record_of_round(domain::RoundId round) override;
  Result<std::optional<domain::RoundParticipation>> read_participation(
      domain::RoundId round) override;
  Result<std::optional<RoundPresence>> read_presence(
      domain::RoundId round, const std::vector<domain::PersonId>& people) override;

  Result<domain::OrganisationId> create_organisation(const std::string& name,
                                                     domain::OrganisationKind kind) override;
  Result<domain::PersonId> create_person(const NewPerson& person) override;
  Result<std::optional<Login>> find_login(const std::string& email) override;
  Status create_session(const std::string& token_hash, domain::PersonId person,
                        domain::Timestamp expires_at) override;
  Result<std::optional<Session>> find_session(const std::string& token_hash,
                                              domain::Timestamp now) override;
  Status delete_session(const std::string& token_hash) override;
  Result<std::int64_t> delete_expired_sessions(domain::Timestamp now) override;
  Result<bool> is_empty() override;
  Status renew_epoch(const std::string& epoch, const domain::AuditRecord& audit) override;

  Result<std::vector<PersonListing>> list_people(domain::Timestamp now) override;
  Result<std::vector<OrganisationListing>> list_organisation_records() override;
  Result<std::vector<domain::SessionRecord>> sessions_of(domain::PersonId person,
                                                         domain::Timestamp now) override;
  Result<std::vector<LiveSession>> live_sessions(const std::vector<std::string>& token_hashes,
                                                 domain::Timestamp now) override;
  Result<bool> has_expired_sessions(domain::Timestamp now) override;
  Status touch_session(const std::string& token_hash, domain::Timestamp now,
                       domain::Timestamp idle_ms) override;
  Result<std::optional<InvitationLookup>> find_invitation(const std::string& token_hash) override;
  Result<std::vector<AuditEntry>> read_audit(const AuditQuery& query) override;
  Result<std::vector<domain::ApiTokenListing>> list_api_tokens(
      std::optional<domain::PersonId> owner) override;

 private:
  class ReadLease;

  SqlOptions options_;
  std::mutex write_mutex_;
  std::unique_ptr<sql::Connection> writer_;
  std::mutex read_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<sql::Connection>> idle_readers_;
};

}  // namespace samrad::store
