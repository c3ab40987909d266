// The write transaction of one SQLite batch, as command handlers see it (store::WriteTransaction):
// lookups for decisions, ids, seqs, and events with the tables that mirror them. Internal to
// store/sqlite; SqliteStore::write runs each unit of work against it inside a savepoint.
#pragma once

#include <array>
#include <optional>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace samrad::store::sqlite {

class SqliteTransaction final : public WriteTransaction {
 public:
  explicit SqliteTransaction(Connection& db) : db_(db) {}

  std::optional<domain::RoundAccess> round(domain::RoundId round) override;
  std::optional<domain::ThreadFacts> thread(domain::ThreadId thread) override;
  std::optional<domain::PostFacts> post(domain::PostId post) override;
  std::optional<domain::Organisation> organisation(domain::OrganisationId organisation) override;
  bool session_is_live(const std::string& token_hash, domain::Timestamp now) override;

  std::int64_t new_id(Entity entity) override;
  domain::Seq next_seq(const domain::StreamId& stream) override;
  void append(const domain::Event& event) override;

 private:
  void mirror(const domain::Event& event, const domain::RoundCreated& created);
  void mirror(const domain::Event& event, const domain::ThreadCreated& created);
  void mirror(const domain::Event& event, const domain::PostCreated& created);
  void mirror(const domain::Event& event, const domain::PhaseChanged& changed);
  void mirror(const domain::Event& event, const domain::ScheduleChanged& changed);
  void mirror(const domain::Event& event, const domain::OrganisationInvited& invited);
  void mirror(const domain::Event& event, const domain::InvitationWithdrawn& withdrawn);
  void mirror(const domain::Event& event, const domain::AgendaItemProposed& proposed);
  void mirror(const domain::Event& event, const domain::AgendaItemDecided& decided);
  void mirror(const domain::Event& event, const domain::ThreadMoved& moved);
  void mirror(const domain::Event& event, const domain::ThreadLocked& locked);
  void mirror(const domain::Event& event, const domain::PostPinned& pinned);
  void mirror(const domain::Event& event, const domain::ProposalRevised& revised);

  Connection& db_;
  // The last id handed out per entity in this transaction, read from the table on first use:
  // one writer, so nobody else takes ids meanwhile.
  std::array<std::optional<std::int64_t>, 3> last_ids_;
};

}  // namespace samrad::store::sqlite
