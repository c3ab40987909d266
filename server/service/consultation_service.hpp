// The application service between the network layer and the domain. Writes: each command is
// carried out by the command handler inside the WriteQueue's batch transaction and answered once
// durable; the committed batch is then encoded once and published on the bus from a fan-out
// thread of its own, so fan-out never delays the next commit. Reads: on a read pool, each
// authorised against the caller's session and domain::can_view_*. Callbacks run on service
// threads; callers post them to their own executor.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/login_throttle.hpp"
#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "domain/commands.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "service/caller.hpp"
#include "service/record_publisher.hpp"
#include "service/replay_cache.hpp"
#include "service/stream_cursor.hpp"
#include "store/store.hpp"
#include "store/write_queue.hpp"

namespace boost::asio {
class thread_pool;
}

namespace samrad::service {

using domain::Result;
using domain::Status;

// Milliseconds since the epoch, from the system clock: the edges read the clock, not the domain.
domain::Timestamp now_ms();

struct ServiceOptions {
  // Where the service reads the time; tests pass a clock they move by hand.
  std::function<domain::Timestamp()> clock = now_ms;
  std::size_t read_threads = 2;
  std::size_t replay_page_events = 500;
  // Recent frames kept in memory for resuming subscribers (replay_cache.hpp). Only for a
  // process that sees every commit: none when a Redis bridge joins other instances.
  std::optional<ReplayCacheLimits> replay_cache = ReplayCacheLimits{};
  domain::Timestamp session_lifetime_ms = 12ll * 3600 * 1000;
  // A session not used for this long ends (each request through it is a use).
  domain::Timestamp session_idle_ms = 30ll * 60 * 1000;
  store::BatchLimits batch = {};
  // Where decided rounds' records go (the transparency log's origin).
  RecordSettings records = {};
  auth::LoginThrottleLimits login_throttle = {};
  // How long a command's idempotency key is remembered: a client resending after a lost
  // connection does so within minutes; a day leaves room for a laptop's night.
  domain::Timestamp command_key_ms = 24ll * 3600 * 1000;
};

struct LoginSuccess {
  domain::Person person;
  std::string token;  // the browser's cookie value; the store keeps only its hash
};

// Where a login comes from: kept with the session (its owner sees it) and in the audit log.
struct ClientInfo {
  std::string address;
  std::string user_agent;
};

template <class T>
using Callback = std::function<void(Result<T>)>;

class ConsultationService {
 public:
  ConsultationService(store::Store& store, bus::Bus& bus, bus::Presence& presence,
                      ServiceOptions options);
  ~ConsultationService();
  ConsultationService(const ConsultationService&) = delete;
  ConsultationService& operator=(const ConsultationService&) = delete;

  // Accounts. Password checks (argon2id) are deliberately slow, so they run on the read pool.
  // Both are recorded in the audit log, a refused login too.
  void login(std::string email, std::string password, ClientInfo client,
             Callback<LoginSuccess> done);
  void login(std::string email, std::string password, Callback<LoginSuccess> done);
  // Resolving a session uses it: it stays live for another idle period.
  void resolve_session(std::string token, Callback<std::optional<store::Session>> done);
  void logout(std::string token, domain::Origin origin, Callback<domain::Ok> done);
  void logout(std::string token, Callback<domain::Ok> done);
  // unauthenticated once the caller's session has ended.
  void check_session(Caller caller, Callback<domain::Ok> done);
  // Of these sessions (token hashes), the live ones with their persons as they are now: for the
  // network layer's sweep of open connections.
  void live_sessions(std::vector<std::string> token_hashes,
                     Callback<std::vector<store::LiveSession>> done);

  void list_rounds(Caller caller, Callback<std::vector<domain::RoundSummary>> done);
  // Every active organisation: public bodies, so anyone logged in may see the list.
  void list_organisations(Caller caller, Callback<std::vector<domain::Organisation>> done);
  // Who has answered in a round (the secretariat's): a round the caller may not see is
  // not_found, one they see but may not follow is forbidden.
  void list_participation(Caller caller, domain::RoundId round,
                          Callback<std::vector<domain::OrganisationParticipation>> done);

  // Who is in the round now (on any instance), by name then id: a round the caller may not see
  // is not_found.
  void list_presence(Caller caller, domain::RoundId round,
                     Callback<std::vector<domain::Person>> done);
  // Where connections enter and leave rounds (service::Subscriptions).
  bus::Presence& presence() { return presence_; }

  // One page of a stream's events with seq > after, encoded once: the path for subscribe,
  // resume and gap filling alike. A stream the caller may not see is not_found.
  void read_stream(Caller caller, domain::StreamId stream, domain::Seq after,
                   Callback<FramePage> done);

  // A post's versions, each with its text. A post the caller may not read is not_found; a hidden
  // one is forbidden unless the caller may read hidden text.
  void post_history(Caller caller, domain::RoundId round, domain::PostId post,
                    Callback<store::PostHistory> done);

  // Carries out the command; done runs once it is durable (with the events it appended) or
  // refused. The events reach the bus after that, from the fan-out thread. With a key, a
  // command its person already carried out under that key (within command_key_ms) is not
  // carried out again: done gets the first event it appended then, and nothing is published;
  // the same key with another request is a conflict.
  void submit(Caller caller, domain::Command command, std::optional<CommandKey> key,
              Callback<std::vector<domain::Event>> done);

  // Where the group commit answers its batches (WriteQueue::answer_through): the network layer
  // answers on its own threads while it runs; null is the writer thread again.
  void answer_through(store::WriteQueue::AnswerThrough where);

  // Finishes queued commands, their fan-out and the reads, then stops the threads. Idempotent.
  void stop();

  domain::Timestamp now() const { return options_.clock(); }
  const ServiceOptions& options() const { return options_; }

  // For the other services of the process (service/account_service): a job on the read pool,
  // and a unit of work in the group commit (done runs where the batch is answered, must not block).
  void post_read(std::function<void()> job);
  void post_write(store::Work work, std::size_t bytes, store::WriteQueue::Done done);
  // The caller's session as it is now (its person read afresh), or unauthenticated; a use of the
  // session. Blocks on the store: call it on the read pool.
  Result<store::Session> current_session(const Caller& caller);

 private:
  template <class T, class Body>
  void on_read_pool(Callback<T> done, Body body);
  Status check(const Caller& caller);
  void fan_out(std::vector<domain::Event> events);
  // Whether a use of the session at `at` should be written down: at most every few seconds per
  // session (a tenth of the idle period, at most a minute). Cheap; any thread.
  bool touch_due(const std::string& token_hash, domain::Timestamp at);
  // Keeps a session in use live for another idle period (a store write: the read pool's).
  void touch(const std::string& token_hash, domain::Timestamp at);

  store::Store& store_;
  bus::Bus& bus_;
  bus::Presence& presence_;
  ServiceOptions options_;
  std::unique_ptr<boost::asio::thread_pool> reads_;
  std::unique_ptr<boost::asio::thread_pool> fan_out_;  // one thread: batches stay in commit order
  std::unique_ptr<ReplayCache> replay_cache_;
  auth::LoginThrottle login_throttle_;
  store::WriteQueue writes_;
  std::mutex touch_mutex_;
  std::unordered_map<std::string, domain::Timestamp> touched_;  // token hash -> last write
};

}  // namespace samrad::service
