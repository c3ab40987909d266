// The embedded store: one SQLite file in WAL mode. One write connection (used by the WriteQueue's
// writer thread and the small account writes), and a pool of read connections so reads never
// wait for a commit. It implements store::Store with SQL only; decisions are made elsewhere.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace samrad::store {

namespace sqlite {
class Connection;
}

struct SqliteOptions {
  std::size_t read_connections = 4;
  // How long a connection waits for a lock held by another process (e.g. an admin command)
  // before the operation fails with storage_failed.
  std::chrono::milliseconds busy_timeout{5000};
  // Test hook (DESIGN.md "Faults injected, not hoped for"): asked before each batch's COMMIT;
  // when it returns true the batch is rolled back instead and handled as a failed commit.
  std::function<bool()> fail_commit;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) and migrates the database. Throws when it cannot: the server
  // must not start on a store it cannot use.
  explicit SqliteStore(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::vector<Appended> write(std::span<const Work> batch) override;
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

  SqliteOptions options_;
  std::mutex write_mutex_;
  std::unique_ptr<sqlite::Connection> writer_;
  std::mutex read_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;
};

}  // namespace samrad::store
