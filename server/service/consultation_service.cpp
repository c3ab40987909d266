// Application service (see consultation_service.hpp).
#include "service/consultation_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <tuple>

#include "auth/password.hpp"
#include "auth/tokens.hpp"
#include "domain/permissions.hpp"
#include "protocol/codec.hpp"
#include "service/account_handler.hpp"
#include "service/command_handler.hpp"

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

void audit(std::string_view command, const domain::PersonId actor,
           const Result<std::vector<domain::Event>>& result) {
  if (!result) {
    const auto code = result.error().code;
    spdlog::log(code == ErrorCode::storage_failed || code == ErrorCode::internal
                    ? spdlog::level::warn
                    : spdlog::level::info,
                "audit: {} refused person={} code={}", command, actor, domain::to_string(code));
    return;
  }
  for (const auto& event : *result) {
    spdlog::info("audit: {} person={} round={} stream={} seq={}", domain::kind_of(event.data),
                 actor, event.stream.round, domain::to_string(event.stream.kind), event.seq);
  }
}

}  // namespace

ConsultationService::ConsultationService(store::Store& store, bus::Bus& bus,
                                         bus::Presence& presence, ServiceOptions options)
    : store_(store),
      bus_(bus),
      presence_(presence),
      options_(options),
      reads_(std::make_unique<boost::asio::thread_pool>(options.read_threads)),
      fan_out_(std::make_unique<boost::asio::thread_pool>(1)),
      replay_cache_(options.replay_cache ? std::make_unique<ReplayCache>(*options.replay_cache)
                                         : nullptr),
      login_throttle_(options.login_throttle),
      writes_(
          store,
          [this](std::vector<domain::Event> events) {
            boost::asio::post(*fan_out_, [this, events = std::move(events)]() mutable {
              fan_out(std::move(events));
            });
          },
          options.batch,
          [this](const std::vector<domain::Event>& events) {
            if (replay_cache_) replay_cache_->committing(events);
          }) {
  decoy_hash();
}

ConsultationService::~ConsultationService() {
  stop();
}

void ConsultationService::answer_through(store::WriteQueue::AnswerThrough where) {
  writes_.answer_through(std::move(where));
}

void ConsultationService::stop() {
  writes_.stop();
  fan_out_->join();
  reads_->join();
}

void ConsultationService::fan_out(std::vector<domain::Event> events) {
  auto batch = std::make_shared<std::vector<bus::EncodedEvent>>();
  batch->reserve(events.size());
  for (const auto& event : events) {
    batch->push_back({event.stream, event.seq, bus::WireFrame::text(protocol::encode_event(event)),
                      event.access_after
                          ? std::make_shared<const domain::RoundAccess>(*event.access_after)
                          : nullptr});
  }
  if (replay_cache_) replay_cache_->committed(*batch);
  bus_.publish(std::move(batch));
}

// Runs body on the read pool and answers done with its result. Every path answers: an
// exception (a broken invariant) is logged and answered with internal, so no caller waits
// forever.
template <class T, class Body>
void ConsultationService::on_read_pool(Callback<T> done, Body body) {
  boost::asio::post(*reads_, [done = std::move(done), body = std::move(body)]() mutable {
    std::optional<Result<T>> result;
    try {
      result.emplace(body());
    } catch (const std::exception& e) {
      spdlog::error("service: unexpected exception: {}", e.what());
      result.emplace(make_error(ErrorCode::internal, "Internal error; the request was not done"));
    }
    done(std::move(*result));
  });
}

Status ConsultationService::check(const Caller& caller) {
  auto session = current_session(caller);
  if (!session) return session.error();
  return domain::Ok{};
}

Result<store::Session> ConsultationService::current_session(const Caller& caller) {
  if (!caller.session_hash) {
    return store::Session{.person = caller.person,
                          .expires_at = 0,
                          .id = 0,
                          .absolute_expires_at = 0,
                          .last_used_at = 0};
  }
  auto session = store_.find_session(*caller.session_hash, now());
  if (!session) return session.error();
  if (!session->has_value()) {
    return make_error(ErrorCode::unauthenticated, "Your session has ended; log in again");
  }
  if (const auto at = now(); touch_due(*caller.session_hash, at)) touch(*caller.session_hash, at);
  return std::move(**session);
}

bool ConsultationService::touch_due(const std::string& token_hash, domain::Timestamp at) {
  const auto every = std::clamp<domain::Timestamp>(options_.session_idle_ms / 10, 100, 60'000);
  std::lock_guard lock(touch_mutex_);
  auto& last = touched_[token_hash];
  if (at - last < every) return false;
  last = at;
  // Sessions come and go: forget those not used for longer than any idle period.
  if (touched_.size() > 10'000) {
    std::erase_if(touched_,
                  [&](const auto& entry) { return at - entry.second > options_.session_idle_ms; });
  }
  return true;
}

void ConsultationService::touch(const std::string& token_hash, domain::Timestamp at) {
  if (auto touched = store_.touch_session(token_hash, at, options_.session_idle_ms); !touched) {
    spdlog::warn("sessions: could not note a use: {}", touched.error().message);
  }
}

void ConsultationService::post_read(std::function<void()> job) {
  boost::asio::post(*reads_, std::move(job));
}

void ConsultationService::post_write(store::Work work, std::size_t bytes,
                                     store::WriteQueue::Done done) {
  writes_.submit(std::move(work), bytes, std::move(done));
}

void ConsultationService::login(std::string email, std::string password,
                                Callback<LoginSuccess> done) {
  login(std::move(email), std::move(password), ClientInfo{}, std::move(done));
}

void ConsultationService::login(std::string email, std::string password, ClientInfo client,
                                Callback<LoginSuccess> done) {
  // Refused before the password is looked at, and in the same words whoever the email belongs to.
  if (const auto wait = login_throttle_.admit(email, client.address, now()); wait > 0) {
    spdlog::info("audit: login throttled for email={} address={} wait_ms={}", email, client.address,
                 wait);
    return done(domain::Error{ErrorCode::rate_limited,
                              "Too many failed logins; wait before trying again", wait});
  }
  post_read([this, email = std::move(email), password = std::move(password),
             client = std::move(client), done = std::move(done)]() mutable {
    try {
      auto found = store_.find_login(email);
      if (!found) return done(found.error());
      // A person without a password yet is checked against the decoy too, so the time a refusal
      // takes says nothing about the account.
      const bool has_password = found->has_value() && !(*found)->password_hash.empty();
      const bool valid = has_password ? auth::verify_password(password, (*found)->password_hash)
                                      : (auth::verify_password(password, decoy_hash()), false);
      const auto at = now();
      LoginAttempt attempt{
          .email = email,
          .person = found->has_value() ? std::optional((*found)->person.id) : std::nullopt,
          .accepted = valid,
          .refusal = !found->has_value() ? "unknown_email"
                     : !has_password     ? "no_password"
                                         : "wrong_password",
          .session = {},
          .origin = {domain::Source::web, client.address},
          .now = at};
      std::string token;
      std::optional<domain::Person> person;
      if (found->has_value()) person = (*found)->person;
      if (valid) {
        token = auth::new_session_token();
        attempt.session = store::NewSession{
            .token_hash = auth::token_hash(token),
            .person = (*found)->person.id,
            .created_at = at,
            .expires_at = at + std::min(options_.session_idle_ms, options_.session_lifetime_ms),
            .absolute_expires_at = at + options_.session_lifetime_ms,
            .user_agent = std::move(client.user_agent),
            .address = client.address};
      }
      // The session and the audit record are written together, through the group commit.
      auto opened = std::make_shared<std::optional<domain::SessionId>>();
      post_write(
          [attempt = std::move(attempt), opened](store::WriteTransaction& tx) -> store::Appended {
            *opened = record_login(tx, attempt);
            return std::vector<domain::Event>{};
          },
          256,
          [this, opened, email, address = client.address, person = std::move(person),
           token = std::move(token), done = std::move(done)](store::Appended appended) mutable {
            if (!appended) return done(appended.error());
            if (!opened->has_value() || !person) {
              spdlog::info("audit: login refused for email={}", email);
              return done(make_error(ErrorCode::unauthenticated, "Wrong email or password"));
            }
            login_throttle_.succeeded(email, address);
            spdlog::info("audit: login person={} organisation={}", person->id,
                         person->organisation.id);
            done(LoginSuccess{std::move(*person), std::move(token)});
          });
    } catch (const std::exception& e) {
      spdlog::error("service: unexpected exception in login: {}", e.what());
      done(make_error(ErrorCode::internal, "Internal error; the request was not done"));
    }
  });
}

void ConsultationService::resolve_session(std::string token,
                                          Callback<std::optional<store::Session>> done) {
  if (!auth::is_well_formed_token(token)) return done(std::optional<store::Session>{});
  on_read_pool(std::move(done), [this, token = std::move(token)] {
    const auto hash = auth::token_hash(token);
    auto session = store_.find_session(hash, now());
    if (const auto at = now(); session && session->has_value() && touch_due(hash, at)) {
      touch(hash, at);
    }
    return session;
  });
}

void ConsultationService::logout(std::string token, Callback<domain::Ok> done) {
  logout(std::move(token), domain::Origin{domain::Source::web, {}}, std::move(done));
}

void ConsultationService::logout(std::string token, domain::Origin origin,
                                 Callback<domain::Ok> done) {
  if (!auth::is_well_formed_token(token)) return done(domain::Ok{});
  const std::string hash = auth::token_hash(token);
  post_write(
      [hash, origin = std::move(origin),
       at = now()](store::WriteTransaction& tx) -> store::Appended {
        log_out(tx, hash, origin, at);
        return std::vector<domain::Event>{};
      },
      64,
      [hash, done = std::move(done)](store::Appended appended) {
        if (!appended) return done(appended.error());
        spdlog::info("audit: logout session={}", hash.substr(0, 12));
        done(domain::Ok{});
      });
}

void ConsultationService::live_sessions(std::vector<std::string> token_hashes,
                                        Callback<std::vector<store::LiveSession>> done) {
  on_read_pool(std::move(done), [this, token_hashes = std::move(token_hashes)] {
    return store_.live_sessions(token_hashes, now());
  });
}

void ConsultationService::check_session(Caller caller, Callback<domain::Ok> done) {
  on_read_pool(std::move(done), [this, caller = std::move(caller)] { return check(caller); });
}

void ConsultationService::list_rounds(Caller caller,
                                      Callback<std::vector<domain::RoundSummary>> done) {
  on_read_pool(std::move(done),
               [this, caller = std::move(caller)]() -> Result<std::vector<domain::RoundSummary>> {
                 if (auto allowed = check(caller); !allowed) return allowed.error();
                 auto listings = store_.list_rounds();
                 if (!listings) return listings.error();
                 std::vector<domain::RoundSummary> visible;
                 for (auto& listing : *listings) {
                   if (domain::can_view_round(caller.person, listing.access)) {
                     visible.push_back(std::move(listing.summary));
                   }
                 }
                 return visible;
               });
}

void ConsultationService::list_organisations(Caller caller,
                                             Callback<std::vector<domain::Organisation>> done) {
  on_read_pool(std::move(done),
               [this, caller = std::move(caller)]() -> Result<std::vector<domain::Organisation>> {
                 if (auto allowed = check(caller); !allowed) return allowed.error();
                 return store_.list_organisations();
               });
}

void ConsultationService::list_participation(
    Caller caller, domain::RoundId round,
    Callback<std::vector<domain::OrganisationParticipation>> done) {
  on_read_pool(std::move(done),
               [this, caller = std::move(caller),
                round]() -> Result<std::vector<domain::OrganisationParticipation>> {
                 if (auto allowed = check(caller); !allowed) return allowed.error();
                 auto participation = store_.read_participation(round);
                 if (!participation) return participation.error();
                 if (!participation->has_value() ||
                     !domain::can_view_round(caller.person, (*participation)->round)) {
                   return make_error(ErrorCode::not_found, "No such round");
                 }
                 if (!domain::can_follow_participation(caller.person)) {
                   return make_error(ErrorCode::forbidden,
                                     "Only the secretariat follows who has answered");
                 }
                 return std::move((*participation)->organisations);
               });
}

void ConsultationService::list_presence(Caller caller, domain::RoundId round,
                                        Callback<std::vector<domain::Person>> done) {
  // Presence may answer on the bus's thread: the store read moves to the read pool.
  presence_.who(round, [this, caller = std::move(caller), round,
                        done = std::move(done)](std::vector<domain::PersonId> ids) mutable {
    on_read_pool(std::move(done),
                 [this, caller = std::move(caller), round,
                  ids = std::move(ids)]() -> Result<std::vector<domain::Person>> {
                   if (auto allowed = check(caller); !allowed) return allowed.error();
                   auto presence = store_.read_presence(round, ids);
                   if (!presence) return presence.error();
                   if (!presence->has_value() ||
                       !domain::can_view_round(caller.person, (*presence)->round)) {
                     return make_error(ErrorCode::not_found, "No such round");
                   }
                   auto& found = (*presence)->round;
                   std::vector<domain::Person> people;
                   // Only those who may see the round now: a withdrawn organisation's people
                   // may linger in another instance's presence until it notices.
                   for (auto& person : (*presence)->people) {
                     if (domain::can_view_round(person, found)) people.push_back(std::move(person));
                   }
                   std::sort(people.begin(), people.end(), [](const auto& a, const auto& b) {
                     return std::tie(a.name, a.id) < std::tie(b.name, b.id);
                   });
                   return people;
                 });
  });
}

void ConsultationService::read_stream(Caller caller, domain::StreamId stream, domain::Seq after,
                                      Callback<FramePage> done) {
  on_read_pool(
      std::move(done), [this, caller = std::move(caller), stream, after]() -> Result<FramePage> {
        if (auto allowed = check(caller); !allowed) return allowed.error();
        const auto refusal = [&] {
          return make_error(ErrorCode::not_found, stream.kind == domain::StreamKind::main
                                                      ? "No such round"
                                                      : "No such stream");
        };
        if (replay_cache_) {
          if (auto cached = replay_cache_->read(stream, after, options_.replay_page_events)) {
            if (!domain::can_view_stream(caller.person, *cached->access, stream.kind)) {
              return refusal();
            }
            return std::move(cached->page);
          }
        }
        const auto generation = replay_cache_ ? replay_cache_->generation() : 0;
        auto page = store_.read_stream(stream, after, options_.replay_page_events);
        if (!page) return page.error();
        if (!page->has_value() ||
            !domain::can_view_stream(caller.person, (*page)->round, stream.kind)) {
          return refusal();
        }
        FramePage frames{.head_seq = (*page)->head_seq, .epoch = (*page)->epoch, .events = {}};
        frames.events.reserve((*page)->events.size());
        for (const auto& event : (*page)->events) {
          // A replayed event needs no access_after: this read was authorised after it.
          frames.events.push_back({event.stream, event.seq,
                                   bus::WireFrame::text(protocol::encode_event(event)), nullptr});
        }
        if (replay_cache_) replay_cache_->seed(stream, (*page)->round, after, frames, generation);
        return frames;
      });
}

void ConsultationService::post_history(Caller caller, domain::RoundId round, domain::PostId post,
                                       Callback<store::PostHistory> done) {
  on_read_pool(
      std::move(done),
      [this, caller = std::move(caller), round, post]() -> Result<store::PostHistory> {
        if (auto allowed = check(caller); !allowed) return allowed.error();
        auto history = store_.post_history(round, post);
        if (!history) return history.error();
        const auto& found = *history;
        if (!found || !domain::can_view_stream(caller.person, found->round, found->stream)) {
          return make_error(ErrorCode::not_found, "No such post in this round");
        }
        if (found->hidden && !domain::can_read_hidden_text(caller.person, found->author)) {
          return make_error(ErrorCode::forbidden,
                            "The secretariat has hidden this post; only its author and "
                            "the secretariat read it");
        }
        return std::move(**history);
      });
}

void ConsultationService::submit(Caller caller, domain::Command command,
                                 std::optional<CommandKey> key,
                                 Callback<std::vector<domain::Event>> done) {
  const std::size_t bytes = size_of(command);
  const auto name = domain::name_of(command);
  const auto actor = caller.person.id;
  auto session = caller.session_hash;
  // A repeated key's first answer: handed to done, never published (the events are old).
  auto repeated = std::make_shared<std::optional<domain::Event>>();
  writes_.submit(
      [this, caller = std::move(caller), command = std::move(command), key = std::move(key),
       repeated, at = now()](store::WriteTransaction& tx) -> store::Appended {
        repeated->reset();  // a unit may be run again when its batch is retried
        const auto since = at - options_.command_key_ms;
        if (key) {
          if (auto seen = tx.remembered_command(caller.person.id, key->key, since)) {
            if (seen->fingerprint != key->fingerprint) {
              return make_error(ErrorCode::conflict,
                                "This key was already used for another request");
            }
            *repeated = tx.event(seen->stream, seen->seq);
            if (!repeated->has_value()) {
              return make_error(ErrorCode::internal, "A remembered command's event is missing");
            }
            return std::vector<domain::Event>{};
          }
        }
        auto appended = carry_out(tx, caller, at, command, options_.records);
        if (appended && key && !appended->empty()) {
          const auto& first = appended->front();
          tx.remember_command(caller.person.id, key->key,
                              {key->fingerprint, first.stream, first.seq}, at, since);
        }
        return appended;
      },
      bytes,
      [this, name, actor, session = std::move(session), repeated,
       done = std::move(done)](store::Appended result) mutable {
        if (result && repeated->has_value()) {
          spdlog::info("audit: {} repeated person={} (answered as before)", name, actor);
          result = std::vector<domain::Event>{std::move(**repeated)};
        } else {
          audit(name, actor, result);
        }
        // A command is a use of the session; noted on the read pool, when one is due.
        if (const auto at = now(); result && session && touch_due(*session, at)) {
          post_read([this, session, at] { touch(*session, at); });
        }
        done(std::move(result));
      });
}

}  // namespace samrad::service
