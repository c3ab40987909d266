// The storage interface. SQLite (store/sqlite/) is the embedded default; PostgreSQL will
// implement the same interface for clustering. Calls are synchronous and thread-safe; callers
// run them off the network threads (WriteQueue for writes, a read pool for reads).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/commands.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::store {

using domain::Result;
using domain::Status;

// An event as committed: its place in the round and its wire frame, encoded exactly once.
struct CommittedEvent {
  domain::RoundId round = 0;
  domain::Seq seq = 0;
  std::int64_t created_id = 0;  // id of the round/thread/post the event created
  std::shared_ptr<const std::string> frame;
};

struct PendingCommand {
  domain::Person actor;
  domain::Timestamp now = 0;
  domain::Command command;
};

struct Login {
  domain::Person person;
  std::string password_hash;  // argon2id, libsodium's encoded string
};

// A live login session: whose it is and when it ends.
struct Session {
  domain::Person person;
  domain::Timestamp expires_at = 0;
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

  // Decides and appends a batch of commands in ONE durable transaction (group commit). Each
  // command gets its own result; a refused command does not affect the others. If the commit
  // itself fails, every command in the batch gets storage_failed and nothing is stored.
  virtual std::vector<Result<CommittedEvent>> append(std::span<const PendingCommand> batch) = 0;

  // Events of a round with seq > after, in seq order, at most limit of them.
  virtual Result<std::vector<CommittedEvent>> events_after(domain::RoundId round, domain::Seq after,
                                                           std::size_t limit) = 0;

  virtual Result<std::optional<domain::RoundAccess>> round_access(domain::RoundId round) = 0;
  // Rounds the person may see (domain::can_view_round), newest first.
  virtual Result<std::vector<domain::RoundSummary>> rounds_visible_to(
      const domain::Person& person) = 0;

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
};

}  // namespace samrad::store
