// Application service: authorisation, store work off the network threads, fan-out after commit.
#include "service/consultation_service.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>

#include "auth/password.hpp"
#include "auth/tokens.hpp"
#include "domain/permissions.hpp"

namespace samrad::service {

using domain::ErrorCode;
using domain::make_error;

domain::Timestamp now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Compared against when the email is unknown, so a login takes as long either way and does
// not reveal which addresses have accounts.
const std::string& decoy_hash() {
  static const std::string hash = auth::hash_password("decoy password, never valid");
  return hash;
}

const char* command_name(const domain::Command& command) {
  struct Name {
    const char* operator()(const domain::CreateRound&) const { return "create_round"; }
    const char* operator()(const domain::CreateThread&) const { return "create_thread"; }
    const char* operator()(const domain::CreatePost&) const { return "create_post"; }
  };
  return std::visit(Name{}, command);
}

}  // namespace

ConsultationService::ConsultationService(store::Store& store, bus::LocalHub& hub,
                                         ServiceOptions options)
    : store_(store),
      hub_(hub),
      options_(options),
      writes_(store),
      reads_(std::make_unique<boost::asio::thread_pool>(options.read_threads)) {
  decoy_hash();
}

ConsultationService::~ConsultationService() {
  stop();
}

void ConsultationService::stop() {
  writes_.stop();
  reads_->join();
}

void ConsultationService::on_read_pool(std::function<void()> work) {
  boost::asio::post(*reads_, [work = std::move(work)] {
    try {
      work();
    } catch (const std::exception& e) {
      // A broken invariant in one request must not take the pool down.
      spdlog::error("service: unexpected exception: {}", e.what());
    }
  });
}

void ConsultationService::login(std::string email, std::string password,
                                Callback<LoginSuccess> done) {
  on_read_pool([this, email = std::move(email), password = std::move(password),
                done = std::move(done)] {
    auto found = store_.find_login(email);
    if (!found) return done(found.error());
    const bool valid = found->has_value() ? auth::verify_password(password, (*found)->password_hash)
                                          : (auth::verify_password(password, decoy_hash()), false);
    if (!valid) {
      spdlog::info("audit: login refused for email={}", email);
      return done(make_error(ErrorCode::unauthenticated, "Wrong email or password"));
    }
    LoginSuccess success{(*found)->person, auth::new_session_token()};
    auto stored = store_.create_session(auth::token_hash(success.token), success.person.id,
                                        now_ms() + options_.session_lifetime_ms);
    if (!stored) return done(stored.error());
    spdlog::info("audit: login person={} organisation={}", success.person.id,
                 success.person.organisation.id);
    done(std::move(success));
  });
}

void ConsultationService::resolve_session(std::string token,
                                          Callback<std::optional<store::Session>> done) {
  if (!auth::is_well_formed_token(token)) return done(std::optional<store::Session>{});
  on_read_pool([this, token = std::move(token), done = std::move(done)] {
    done(store_.find_session(auth::token_hash(token), now_ms()));
  });
}

void ConsultationService::logout(std::string token, Callback<domain::Ok> done) {
  if (!auth::is_well_formed_token(token)) return done(domain::Ok{});
  on_read_pool([this, token = std::move(token), done = std::move(done)] {
    const std::string hash = auth::token_hash(token);
    auto deleted = store_.delete_session(hash);
    if (deleted) spdlog::info("audit: logout session={}", hash.substr(0, 12));
    done(std::move(deleted));
  });
}

void ConsultationService::list_rounds(domain::Person person,
                                      Callback<std::vector<domain::RoundSummary>> done) {
  on_read_pool([this, person = std::move(person), done = std::move(done)] {
    done(store_.rounds_visible_to(person));
  });
}

void ConsultationService::read_events(domain::Person person, domain::RoundId round,
                                      domain::Seq after, Callback<EventPage> done) {
  on_read_pool([this, person = std::move(person), round, after, done = std::move(done)] {
    auto access = store_.round_access(round);
    if (!access) return done(access.error());
    if (!access->has_value() || !domain::can_view_round(person, **access)) {
      return done(make_error(ErrorCode::not_found, "No such round"));
    }
    auto events = store_.events_after(round, after, options_.replay_page_events);
    if (!events) return done(events.error());
    done(EventPage{std::move(*events), (*access)->head_seq});
  });
}

void ConsultationService::submit(domain::Person person, domain::Command command,
                                 Callback<store::CommittedEvent> done) {
  const char* name = command_name(command);
  const domain::PersonId actor = person.id;
  writes_.submit(store::PendingCommand{std::move(person), now_ms(), std::move(command)},
                 [this, name, actor, done = std::move(done)](Result<store::CommittedEvent> result) {
                   if (result) {
                     spdlog::info("audit: {} person={} round={} seq={} id={}", name, actor,
                                  result->round, result->seq, result->created_id);
                     // On the single writer thread, in commit order: subscribers see events in seq
                     // order.
                     hub_.publish(result->round, result->seq, result->frame);
                   } else {
                     spdlog::info("audit: {} refused person={} code={}", name, actor,
                                  domain::to_string(result.error().code));
                   }
                   done(std::move(result));
                 });
}

}  // namespace samrad::service
