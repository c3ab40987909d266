// The application service between the network layer and the domain: authorises, runs store work
// off the network threads (a read pool; the WriteQueue's single writer for commands), and hands
// every committed event to the bus. Callbacks run on service threads; callers post them to
// their own executor.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/local_hub.hpp"
#include "domain/commands.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "store/store.hpp"
#include "store/write_queue.hpp"

namespace boost::asio {
class thread_pool;
}

namespace samrad::service {

using domain::Result;
using domain::Status;

struct ServiceOptions {
  std::size_t read_threads = 2;
  std::size_t replay_page_events = 500;
  domain::Timestamp session_lifetime_ms = 12ll * 3600 * 1000;
};

struct LoginSuccess {
  domain::Person person;
  std::string token;  // the browser's cookie value; the store keeps only its hash
};

// One page of a round's events, with the round's newest seq at the time of reading.
struct EventPage {
  std::vector<store::CommittedEvent> events;
  domain::Seq head_seq = 0;
};

template <class T>
using Callback = std::function<void(Result<T>)>;

class ConsultationService {
 public:
  ConsultationService(store::Store& store, bus::LocalHub& hub, ServiceOptions options);
  ~ConsultationService();
  ConsultationService(const ConsultationService&) = delete;
  ConsultationService& operator=(const ConsultationService&) = delete;

  // Accounts. Password checks (argon2id) are deliberately slow, so they run on the read pool.
  void login(std::string email, std::string password, Callback<LoginSuccess> done);
  void resolve_session(std::string token, Callback<std::optional<store::Session>> done);
  void logout(std::string token, Callback<domain::Ok> done);

  void list_rounds(domain::Person person, Callback<std::vector<domain::RoundSummary>> done);

  // One page of events with seq > after, authorised for the person: the path for subscribe,
  // resume and gap filling alike. An invisible round is not_found.
  void read_events(domain::Person person, domain::RoundId round, domain::Seq after,
                   Callback<EventPage> done);

  // Decides and commits the command; once durable the event goes to the bus, then done runs.
  void submit(domain::Person person, domain::Command command, Callback<store::CommittedEvent> done);

  bus::LocalHub& hub() noexcept { return hub_; }

  // Finishes queued commands and reads, then stops the threads. Idempotent.
  void stop();

 private:
  void on_read_pool(std::function<void()> work);

  store::Store& store_;
  bus::LocalHub& hub_;
  ServiceOptions options_;
  store::WriteQueue writes_;
  std::unique_ptr<boost::asio::thread_pool> reads_;
};

// Milliseconds since the epoch, from the system clock: the edges read the clock, not the domain.
domain::Timestamp now_ms();

}  // namespace samrad::service
