// The scenarios (see scenarios.hpp). Setup runs as coroutines that poll for progress every
// millisecond; the hot paths (deliveries, acks) are plain callbacks on the one thread.
//
// Inside co_await expressions string literals are std::string ("…"s) and JSON lists are built
// beforehand: GCC 12 cannot keep a literal's or a braced list's array in the coroutine frame
// ("array used as initializer").
#include "scenarios.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "deliveries.hpp"
#include "http_client.hpp"
#include "server_probe.hpp"
#include "ws_connection.hpp"

namespace samrad::bench {

namespace {

using json = nlohmann::json;
using namespace std::string_literals;

constexpr const char* demo_password = "samrad-demo";
// Demo people who see every round once it invites every organisation (the observer included).
const std::vector<std::string> demo_people{
    "sekretariat@samrad.example",  "admin@samrad.example",     "anna.lind@malmo.example",
    "erik.nilsson@kiruna.example", "maria.berg@skane.example", "johan.pekkari@norrbotten.example",
    "lena.sjoberg@skr.example",    "per.holm@finans.example",  "ida.strom@social.example",
    "lars.ek@skolverket.example",  "eva.lund@finans.example"};
// On one WebSocket the server answers at most this many requests in flight (protocol/README.md).
constexpr std::size_t samrad_requests_per_connection = 32;

asio::awaitable<void> sleep_for(std::chrono::microseconds pause) {
  asio::steady_timer timer(co_await asio::this_coro::executor, pause);
  co_await timer.async_wait(asio::use_awaitable);
}

// Polls pred every millisecond; false when timeout_s passed first.
asio::awaitable<bool> wait_until(std::function<bool()> pred, double timeout_s) {
  const auto deadline = now_ns() + static_cast<std::int64_t>(timeout_s * 1e9);
  while (!pred()) {
    if (now_ns() > deadline) co_return false;
    co_await sleep_for(std::chrono::milliseconds(1));
  }
  co_return true;
}

double seconds_between(std::int64_t from_ns, std::int64_t to_ns) {
  return (to_ns - from_ns) / 1e9;
}

std::string origin_of(const tcp::endpoint& server) {
  return "http://" + server.address().to_string() + ":" + std::to_string(server.port());
}

// ---------------------------------------------------------------------------------------------
// Samråd accounts

HttpHeaders origin_header(const tcp::endpoint& server) {
  return {{"Origin", origin_of(server)}};
}

asio::awaitable<std::string> login(tcp::endpoint server, std::string email, std::string password) {
  const json credentials = {{"email", email}, {"password", password}};
  const auto response = co_await http_request(server, "POST"s, "/api/login"s, credentials.dump(),
                                              origin_header(server));
  if (response.status != 200 || response.session_cookie.empty()) {
    throw std::runtime_error("login " + email + ": HTTP " + std::to_string(response.status) + " " +
                             response.body);
  }
  co_return response.session_cookie;
}

std::int64_t organisation_named(const std::string& organisations, std::string_view name) {
  const json list = json::parse(organisations);
  for (const auto& organisation : list.at("organisations")) {
    if (organisation.at("name").get<std::string>() == name) return organisation.at("id");
  }
  throw std::runtime_error("no organisation " + std::string(name));
}

std::string invitation_token(const std::string& created_person) {
  return json::parse(created_person).at("invitation").at("token");
}

// Session cookies of count different people: demo people first, then people the admin creates
// (the server allows each person max_connections_per_person WebSockets).
asio::awaitable<std::vector<std::string>> person_cookies(const tcp::endpoint& server,
                                                         std::size_t count) {
  std::vector<std::string> cookies;
  for (std::size_t i = 0; i < count && i < demo_people.size(); ++i) {
    cookies.push_back(co_await login(server, demo_people[i], demo_password));
  }
  if (cookies.size() == count) co_return cookies;
  const std::string admin = co_await login(server, "admin@samrad.example"s, demo_password);
  const HttpHeaders headers{{"Origin"s, origin_of(server)}, {"Cookie"s, admin}};
  const auto organisations =
      co_await http_request(server, "GET"s, "/api/admin/organisations"s, std::string(), headers);
  const std::int64_t organisation_id = organisation_named(organisations.body, "Malmö stad"s);
  const std::string run = std::to_string(now_ns());
  while (cookies.size() < count) {
    const std::string email =
        "bench-"s + run + "-"s + std::to_string(cookies.size()) + "@bench.example"s;
    const json person = {{"name", "Bench " + std::to_string(cookies.size())},
                         {"email", email},
                         {"role", "representative"},
                         {"organisation_id", organisation_id}};
    const auto created =
        co_await http_request(server, "POST"s, "/api/admin/people"s, person.dump(), headers);
    if (created.status != 201) throw std::runtime_error("create person: "s + created.body);
    const std::string token = invitation_token(created.body);
    const json acceptance = {{"token", token}, {"password", "samrad-bench-password"}};
    const auto accepted = co_await http_request(server, "POST"s, "/api/invitation/accept"s,
                                                acceptance.dump(), origin_header(server));
    if (accepted.session_cookie.empty()) {
      throw std::runtime_error("accept invitation: "s + accepted.body);
    }
    cookies.push_back(accepted.session_cookie);
  }
  co_return cookies;
}

// ---------------------------------------------------------------------------------------------
// A Samråd connection that makes requests: setup calls, posts, resumes.

class RpcConnection final : public WsConnection::Handler {
 public:
  // Answers the owner claims (posts) go to on_answer instead of the answers map.
  std::function<bool(std::uint64_t id, std::string_view answer)> on_answer;
  std::function<void(std::string_view event)> on_event;

  RpcConnection(asio::io_context& io, std::size_t id) : connection_(io, *this, id) {}

  void open(const tcp::endpoint& server, const std::string& cookie) {
    connection_.open(server, upgrade_request(server, "/ws", origin_of(server), cookie));
  }

  asio::awaitable<void> welcome(double timeout_s) {
    if (!co_await wait_until([this] { return welcomed_ || !closed_why_.empty(); }, timeout_s) ||
        !welcomed_) {
      throw std::runtime_error("no welcome: " + closed_why_);
    }
  }

  std::uint64_t send(const std::string& type, json fields) {
    const std::uint64_t id = next_id_++;
    fields["type"] = type;
    fields["id"] = id;
    connection_.send_text(fields.dump());
    return id;
  }

  // Sends a request already written with the id it got from allocate_id().
  void send_raw(std::string_view message) { connection_.send_text(message); }
  std::uint64_t allocate_id() { return next_id_++; }

  // The answer's "result" object; an error answer is an exception.
  asio::awaitable<json> call(const std::string& type, json fields, double timeout_s = 30) {
    const auto id = send(type, std::move(fields));
    if (!co_await wait_until([&] { return answers_.contains(id) || !closed_why_.empty(); },
                             timeout_s) ||
        !answers_.contains(id)) {
      throw std::runtime_error(type + ": no answer (" + closed_why_ + ")");
    }
    json answer = std::move(answers_[id]);
    answers_.erase(id);
    if (answer.at("type") != "result") throw std::runtime_error(type + ": " + answer.dump());
    co_return answer.at("result");
  }

  bool is_open() const { return connection_.is_open(); }

 private:
  void on_open(WsConnection&) override {}
  void on_text(WsConnection&, std::string_view message) override {
    if (message.starts_with(R"({"type":"event")")) {
      if (on_event) on_event(message);
    } else if (message.starts_with(R"({"type":"welcome")")) {
      welcomed_ = true;
    } else if (const auto id = number_field(message, "id")) {
      if (!on_answer || !on_answer(*id, message)) answers_[*id] = json::parse(message);
    }
  }
  void on_closed(WsConnection&, const std::string& why) override { closed_why_ = why; }

  WsConnection connection_;
  bool welcomed_ = false;
  std::string closed_why_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, json> answers_;
};

// The fields naming a round's main stream, and a position in it.
json stream_fields(std::int64_t round, std::optional<std::uint64_t> since = std::nullopt,
                   const std::string& epoch = "") {
  json fields = {{"round_id", round}};
  if (since) fields["since"] = *since;
  if (!epoch.empty()) fields["epoch"] = epoch;
  return fields;
}

struct Round {
  std::int64_t id = 0;
  std::int64_t thread = 0;
};

// A fresh open round inviting every organisation, with one agenda thread to post in.
asio::awaitable<Round> create_round(RpcConnection& secretariat) {
  const json organisations = co_await secretariat.call("list_organisations"s, json::object());
  json invited = json::array();
  for (const auto& organisation : organisations.at("organisations")) {
    if (organisation.at("kind") != "other") invited.push_back(organisation.at("id"));
  }
  Round round;
  const json request = {{"title", "Benchmark"},
                        {"proposal", ""},
                        {"kind", "plenary"},
                        {"invited", invited},
                        {"agenda", json::array({"Bench"})}};
  round.id = (co_await secretariat.call("create_round"s, request)).at("round_id");
  json open = stream_fields(round.id);
  open["phase"] = "open";
  co_await secretariat.call("change_phase"s, open);
  secretariat.on_event = [&round](std::string_view event) {
    if (event.find(R"("kind":"thread_created")") != std::string_view::npos) {
      round.thread = static_cast<std::int64_t>(number_field(event, "thread_id").value_or(0));
    }
  };
  co_await secretariat.call("subscribe"s, stream_fields(round.id, 0));
  co_await wait_until([&round] { return round.thread != 0; }, 10);
  co_await secretariat.call("unsubscribe"s, stream_fields(round.id));
  secretariat.on_event = nullptr;
  if (round.thread == 0) throw std::runtime_error("the new round has no thread");
  co_return round;
}

// ---------------------------------------------------------------------------------------------
// Publishers: how each server takes a post, and what counts as its acknowledgement.

class Publisher {
 public:
  // key, whether it was accepted, the moment the ack arrived.
  std::function<void(std::uint32_t key, bool accepted, std::int64_t at_ns)> on_ack;

  virtual ~Publisher() = default;
  virtual bool can_send() const = 0;
  virtual void send(Stamp stamp, std::string body) = 0;
};

// create_post through the protocol, spread over connections (32 requests in flight each).
class SamradPublisher final : public Publisher {
 public:
  SamradPublisher(std::vector<RpcConnection*> connections, Round round, std::size_t in_flight)
      : round_(round), limit_(in_flight) {
    for (auto* connection : connections) {
      lanes_.push_back({connection, {}});
      // Request ids are per connection: each lane keeps its own.
      connection->on_answer = [this, lane = lanes_.size() - 1](std::uint64_t id,
                                                               std::string_view answer) {
        auto& pending = lanes_[lane].pending;
        const auto found = pending.find(id);
        if (found == pending.end()) return false;
        const std::uint32_t key = found->second;
        pending.erase(found);
        --in_flight_;
        if (on_ack) on_ack(key, answer.starts_with(R"({"type":"result")"), now_ns());
        return true;
      };
    }
  }

  ~SamradPublisher() override {
    for (auto& lane : lanes_) lane.connection->on_answer = nullptr;
  }

  bool can_send() const override {
    return in_flight_ < limit_ && std::any_of(lanes_.begin(), lanes_.end(), [](const Lane& lane) {
             return lane.pending.size() < samrad_requests_per_connection &&
                    lane.connection->is_open();
           });
  }

  void send(Stamp stamp, std::string body) override {
    auto lane = std::min_element(lanes_.begin(), lanes_.end(), [](const Lane& a, const Lane& b) {
      return a.pending.size() < b.pending.size();
    });
    const auto id = lane->connection->allocate_id();
    lane->pending[id] = stamp.key;
    ++in_flight_;
    lane->connection->send_raw(R"({"type":"create_post","id":)" + std::to_string(id) +
                               R"(,"round_id":)" + std::to_string(round_.id) + R"(,"thread_id":)" +
                               std::to_string(round_.thread) + R"(,"body":")" + body + "\"}");
  }

 private:
  struct Lane {
    RpcConnection* connection;
    std::unordered_map<std::uint64_t, std::uint32_t> pending;  // request id -> post key
  };
  Round round_;
  std::size_t limit_;
  std::size_t in_flight_ = 0;
  std::vector<Lane> lanes_;
};

// The bare broadcast server echoes to every session, the sender included: the sender's own
// copy arriving is the acknowledgement.
class BarePublisher final : public Publisher, WsConnection::Handler {
 public:
  BarePublisher(asio::io_context& io, const tcp::endpoint& server, std::size_t in_flight)
      : connection_(io, *this, 0), limit_(in_flight) {
    connection_.open(server, upgrade_request(server, "/", "", ""));
  }
  bool is_open() const { return connection_.is_open(); }
  const std::string& closed_why() const { return closed_why_; }

  bool can_send() const override { return connection_.is_open() && in_flight_ < limit_; }
  void send(Stamp, std::string body) override {
    ++in_flight_;
    connection_.send_text(body);
  }

 private:
  void on_open(WsConnection&) override {}
  void on_text(WsConnection&, std::string_view message) override {
    if (const auto stamp = find_stamp(message)) {
      --in_flight_;
      if (on_ack) on_ack(stamp->key, true, now_ns());
    }
  }
  void on_closed(WsConnection&, const std::string& why) override { closed_why_ = why; }

  WsConnection connection_;
  std::size_t limit_;
  std::size_t in_flight_ = 0;
  std::string closed_why_;
};

// Nchan's HTTP publisher endpoint, one request per keep-alive connection at a time.
class NchanPublisher final : public Publisher {
 public:
  NchanPublisher(asio::io_context& io, const tcp::endpoint& server, std::size_t in_flight) {
    for (std::size_t i = 0; i < in_flight; ++i) {
      connections_.push_back(std::make_unique<HttpPublisher>(io, server, "/pub/bench"));
    }
  }
  bool can_send() const override {
    return std::any_of(connections_.begin(), connections_.end(),
                       [](const auto& connection) { return !connection->busy(); });
  }
  void send(Stamp stamp, std::string body) override {
    auto idle = std::find_if(connections_.begin(), connections_.end(),
                             [](const auto& connection) { return !connection->busy(); });
    (*idle)->publish(std::move(body), [this, key = stamp.key](unsigned status) {
      if (on_ack) on_ack(key, status == 201 || status == 202, now_ns());
    });
  }

 private:
  std::vector<std::unique_ptr<HttpPublisher>> connections_;
};

// Sends posts 0 … total-1 at a steady rate, or as fast as the publisher takes them, and keeps
// the acknowledgements; with a time limit it stops sending when the time is up.
class PostRun {
 public:
  PostRun(Publisher& publisher, std::size_t total, double rate, std::size_t body_bytes,
          double time_limit_s = 0)
      : publisher_(publisher),
        total_(total),
        rate_(rate),
        body_bytes_(body_bytes),
        time_limit_ns_(static_cast<std::int64_t>(time_limit_s * 1e9)),
        acknowledged_(total) {
    publisher_.on_ack = [this](std::uint32_t key, bool accepted, std::int64_t at) {
      ++answered_;
      if (accepted && key < total_ && !acknowledged_[key]) {
        acknowledged_[key] = true;
        ++acked_;
        ack_latency_us_.push_back(static_cast<std::uint32_t>((at - sent_at_[key]) / 1000));
      } else {
        ++refused_;
      }
      last_ack_ns_ = at;
      pump();
    };
    sent_at_.resize(total);
  }
  ~PostRun() { publisher_.on_ack = nullptr; }
  PostRun(const PostRun&) = delete;
  PostRun& operator=(const PostRun&) = delete;

  // Returns when every post is sent (or the time is up); answers may still be on their way.
  asio::awaitable<void> run() {
    start_ns_ = now_ns();
    while (sent_ < total_ && !time_is_up()) {
      pump();
      if (sent_ >= total_) break;
      const auto next_due = rate_ > 0 ? start_ns_ + static_cast<std::int64_t>(sent_ * 1e9 / rate_)
                                      : now_ns() + 1'000'000;
      co_await sleep_for(std::chrono::microseconds(
          std::clamp<std::int64_t>((next_due - now_ns()) / 1000, 50, 1000)));
    }
    sending_ = false;
  }

  bool all_answered() const { return !sending_ && answered_ == sent_; }
  std::size_t sent() const { return sent_; }
  std::size_t acked() const { return acked_; }
  std::size_t refused() const { return refused_; }
  std::int64_t start_ns() const { return start_ns_; }
  std::int64_t last_ack_ns() const { return last_ack_ns_; }
  const std::vector<bool>& acknowledged() const { return acknowledged_; }
  std::vector<std::uint32_t>& ack_latency_us() { return ack_latency_us_; }

 private:
  bool time_is_up() const { return time_limit_ns_ > 0 && now_ns() - start_ns_ >= time_limit_ns_; }

  void pump() {
    if (!sending_ || time_is_up()) return;
    const std::size_t allowed =
        rate_ > 0 ? std::min<std::size_t>(
                        total_, static_cast<std::size_t>((now_ns() - start_ns_) * rate_ / 1e9) + 1)
                  : total_;
    while (sent_ < allowed && publisher_.can_send()) {
      const Stamp stamp{static_cast<std::uint32_t>(sent_), now_ns()};
      sent_at_[sent_] = stamp.sent_ns;
      ++sent_;
      publisher_.send(stamp, stamped_body(stamp, body_bytes_));
    }
  }

  Publisher& publisher_;
  std::size_t total_;
  double rate_;
  std::size_t body_bytes_;
  std::int64_t time_limit_ns_;
  bool sending_ = true;
  std::size_t sent_ = 0, answered_ = 0, acked_ = 0, refused_ = 0;
  std::int64_t start_ns_ = 0, last_ack_ns_ = 0;
  std::vector<bool> acknowledged_;
  std::vector<std::int64_t> sent_at_;
  std::vector<std::uint32_t> ack_latency_us_;
};

// ---------------------------------------------------------------------------------------------
// Subscribers

// Many receiving connections of one server kind. A Samråd subscriber subscribes to the round's
// main stream (from `since`, with the epoch once known) and checks that seqs follow each other.
class Subscribers final : public WsConnection::Handler {
 public:
  Subscribers(asio::io_context& io, const Options& options, std::size_t count, bool subscribe)
      : io_(io), options_(options), subscribe_(subscribe), state_(count), connections_(count) {}

  void use_cookies(std::vector<std::string> cookies) { cookies_ = std::move(cookies); }
  void use_round(Round round) { round_ = round; }
  void expect_posts(std::size_t posts) {
    ledger_ = std::make_unique<DeliveryLedger>(state_.size(), posts);
  }

  // Opens every connection (again, for a resume), at most window upgrades under way at once.
  asio::awaitable<void> open_all(std::size_t window) {
    opening_ = 0;
    ready_ = 0;
    for (std::size_t i = 0; i < state_.size(); ++i) {
      while (opening_ >= window) co_await sleep_for(std::chrono::microseconds(200));
      open(i);
    }
  }

  // Drops every connection without a close handshake; ready_ counts from 0 again.
  void drop_all() {
    for (auto& connection : connections_) {
      if (connection) {
        connection->drop();
        dropped_.push_back(std::move(connection));
      }
    }
    for (auto& state : state_) {
      state.ready = false;
      state.head_seq = 0;
    }
    ready_ = 0;
  }

  std::size_t count() const { return state_.size(); }
  std::size_t ready() const { return ready_; }
  std::size_t failed() const { return failed_; }
  bool settled() const { return ready_ + failed_ >= state_.size(); }
  DeliveryLedger& ledger() { return *ledger_; }
  const std::string& first_failure() const { return first_failure_; }
  std::uint64_t seq_gaps() const { return seq_gaps_; }
  std::uint64_t seq_repeats() const { return seq_repeats_; }
  std::uint64_t errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  struct State {
    std::uint64_t last_seq = 0;
    std::uint64_t head_seq = 0;
    bool upgraded = false;
    bool subscribed = false;
    bool ready = false;
  };

  void open(std::size_t i) {
    ++opening_;
    state_[i].upgraded = false;
    state_[i].subscribed = false;
    connections_[i] = std::make_unique<WsConnection>(io_, *this, i);
    const auto& server = options_.server;
    if (options_.server_kind == "samrad") {
      connections_[i]->open(
          server, upgrade_request(server, "/ws", origin_of(server), cookies_[i % cookies_.size()]));
    } else if (options_.server_kind == "nchan") {
      connections_[i]->open(server, upgrade_request(server, "/sub/bench", "", ""));
    } else {
      connections_[i]->open(server, upgrade_request(server, "/", "", ""));
    }
  }

  void mark_ready(std::size_t i) {
    if (!state_[i].ready) {
      state_[i].ready = true;
      ++ready_;
    }
  }

  void on_open(WsConnection& connection) override {
    --opening_;
    state_[connection.id()].upgraded = true;
    if (options_.server_kind != "samrad") mark_ready(connection.id());
  }

  void on_text(WsConnection& connection, std::string_view message) override {
    const std::size_t i = connection.id();
    auto& state = state_[i];
    if (options_.server_kind != "samrad") {
      if (const auto stamp = find_stamp(message)) ledger_->record(i, *stamp, now_ns());
      return;
    }
    if (message.starts_with(R"({"type":"event")")) {
      const auto seq = number_field(message, "seq").value_or(0);
      if (seq == state.last_seq + 1) {
        state.last_seq = seq;
      } else if (seq > state.last_seq) {
        seq_gaps_ += seq - state.last_seq - 1;
        state.last_seq = seq;
      } else {
        ++seq_repeats_;
      }
      if (const auto stamp = find_stamp(message); stamp && ledger_) {
        ledger_->record(i, *stamp, now_ns());
      }
      if (state.subscribed && state.last_seq >= state.head_seq) mark_ready(i);
    } else if (message.starts_with(R"({"type":"welcome")")) {
      if (!subscribe_) return mark_ready(i);
      std::string request = R"({"type":"subscribe","id":1,"round_id":)" +
                            std::to_string(round_.id) + R"(,"since":)" +
                            std::to_string(state.last_seq);
      if (state.last_seq > 0 && !epoch_.empty()) request += R"(,"epoch":")" + epoch_ + "\"";
      connection.send_text(request + "}");
    } else if (message.starts_with(R"({"type":"result")")) {
      state.subscribed = true;
      state.head_seq = number_field(message, "head_seq").value_or(0);
      if (epoch_.empty()) epoch_ = std::string(string_field(message, "epoch").value_or(""));
      if (state.last_seq >= state.head_seq) mark_ready(i);
    } else if (message.starts_with(R"({"type":"error")")) {
      if (errors_++ == 0) first_error_ = std::string(message);
    }
  }

  void on_closed(WsConnection& connection, const std::string& why) override {
    if (!state_[connection.id()].upgraded) --opening_;
    if (failed_++ == 0) first_failure_ = why;
  }

  asio::io_context& io_;
  const Options& options_;
  bool subscribe_;
  std::vector<State> state_;
  std::vector<std::unique_ptr<WsConnection>> connections_;
  std::deque<std::unique_ptr<WsConnection>> dropped_;  // kept until the end: handlers may be queued
  std::vector<std::string> cookies_;
  Round round_;
  std::string epoch_;
  std::unique_ptr<DeliveryLedger> ledger_;
  std::size_t opening_ = 0, ready_ = 0, failed_ = 0;
  std::uint64_t seq_gaps_ = 0, seq_repeats_ = 0, errors_ = 0;
  std::string first_failure_, first_error_;
};

json latency_json(LatencySummary summary) {
  return {{"p50_ms", summary.p50_ms},
          {"p99_ms", summary.p99_ms},
          {"p999_ms", summary.p999_ms},
          {"max_ms"s, summary.max_ms},
          {"samples"s, summary.samples}};
}

// ---------------------------------------------------------------------------------------------
// The scenarios

class Scenario {
 public:
  Scenario(asio::io_context& io, const Options& options)
      : io_(io), options_(options), probe_(options.server_pids) {}

  asio::awaitable<json> run() {
    result_ = {{"server"s, options_.server_kind}, {"scenario"s, options_.scenario}};
    if (options_.scenario == "room") {
      co_await room();
    } else if (options_.scenario == "idle") {
      co_await idle();
    } else if (options_.scenario == "resume") {
      co_await resume();
    } else if (options_.scenario == "storm") {
      co_await storm();
    } else if (options_.scenario == "durable") {
      co_await durable();
    } else {
      throw std::runtime_error("unknown scenario " + options_.scenario);
    }
    co_return result_;
  }

 private:
  bool samrad() const { return options_.server_kind == "samrad"; }

  void note(const std::string& text) { result_["notes"].push_back(text); }

  // The secretariat's connection that creates the round; a room's posts go through it too.
  asio::awaitable<RpcConnection*> secretariat_connection() {
    if (secretariat_cookie_.empty()) {
      secretariat_cookie_ =
          co_await login(options_.server, "sekretariat@samrad.example"s, demo_password);
    }
    rpc_.push_back(std::make_unique<RpcConnection>(io_, rpc_.size()));
    auto& connection = *rpc_.back();
    connection.open(options_.server, secretariat_cookie_);
    co_await connection.welcome(30);
    co_return &connection;
  }

  asio::awaitable<std::vector<std::string>> subscriber_cookies(std::size_t connections) {
    // Room to spare for the secretariat's own connections and for closes not yet noticed.
    const std::size_t per_person = options_.connections_per_person * 4 / 5;
    const std::size_t people =
        std::max<std::size_t>(1, (connections + per_person - 1) / per_person);
    result_["people"] = people;
    co_return co_await person_cookies(options_.server, people);
  }

  // Connects the subscribers and records the memory they took.
  asio::awaitable<bool> connect(Subscribers& subscribers, std::size_t window) {
    const long before_kib = probe_.resident_kib();
    const auto started = now_ns();
    co_await subscribers.open_all(window);
    const bool settled =
        co_await wait_until([&] { return subscribers.settled(); }, options_.timeout_s);
    const long after_kib = probe_.resident_kib();
    result_["connections"] = subscribers.ready();
    result_["connect_s"] = seconds_between(started, now_ns());
    result_["rss_before_kib"] = before_kib;
    result_["rss_after_kib"] = after_kib;
    if (subscribers.ready() > 0) {
      result_["rss_per_connection_kib"] =
          static_cast<double>(after_kib - before_kib) / static_cast<double>(subscribers.ready());
    }
    if (subscribers.failed() > 0) {
      result_["connect_failures"] = subscribers.failed();
      note("connection failed: " + subscribers.first_failure());
    }
    if (!settled) note("not every connection was ready in time");
    co_return subscribers.ready() == subscribers.count();
  }

  std::unique_ptr<Publisher> publisher(const Round& round, std::size_t in_flight,
                                       std::vector<RpcConnection*> posters) {
    if (samrad()) return std::make_unique<SamradPublisher>(std::move(posters), round, in_flight);
    if (options_.server_kind == "nchan") {
      return std::make_unique<NchanPublisher>(io_, options_.server, in_flight);
    }
    return std::make_unique<BarePublisher>(io_, options_.server, in_flight);
  }

  void record_outcome(PostRun& posts, Subscribers& subscribers) {
    auto& ledger = subscribers.ledger();
    result_["posts_sent"] = posts.sent();
    result_["posts_acked"] = posts.acked();
    result_["posts_refused"] = posts.refused();
    result_["deliveries"] = ledger.first_deliveries();
    result_["expected_deliveries"] = posts.acked() * subscribers.count();
    result_["lost"] = ledger.lost(posts.acknowledged());
    result_["doubled"] = ledger.doubled();
    if (samrad()) {
      result_["seq_gaps"] = subscribers.seq_gaps();
      result_["seq_repeats"] = subscribers.seq_repeats();
    }
    if (subscribers.errors() > 0) {
      result_["errors"] = subscribers.errors();
      note("error: " + subscribers.first_error());
    }
    result_["latency"] = latency_json(summarize(ledger.latencies_us()));
    result_["ack_latency"] = latency_json(summarize(posts.ack_latency_us()));
  }

  asio::awaitable<void> room() {
    Round round;
    std::vector<RpcConnection*> posters;
    Subscribers subscribers(io_, options_, options_.subscribers, true);
    if (samrad()) {
      auto& secretariat = *co_await secretariat_connection();
      round = co_await create_round(secretariat);
      posters.push_back(&secretariat);
      subscribers.use_cookies(co_await subscriber_cookies(options_.subscribers));
      subscribers.use_round(round);
    }
    const std::size_t posts = options_.rate > 0
                                  ? static_cast<std::size_t>(options_.rate * options_.duration_s)
                                  : options_.posts;
    subscribers.expect_posts(posts);
    if (!co_await connect(subscribers, options_.connect_window)) co_return;
    auto sender = publisher(round, options_.in_flight, posters);
    if (auto* bare = dynamic_cast<BarePublisher*>(sender.get())) {
      co_await wait_until([bare] { return bare->is_open() || !bare->closed_why().empty(); }, 10);
    }
    PostRun run(*sender, posts, options_.rate, options_.body_bytes);
    const double cpu_before = probe_.cpu_seconds();
    co_await run.run();
    auto& ledger = subscribers.ledger();
    const bool complete = co_await wait_until(
        [&] {
          return run.all_answered() &&
                 ledger.first_deliveries() >= run.acked() * subscribers.count();
        },
        options_.timeout_s);
    // Late duplicates would show up here.
    co_await sleep_for(std::chrono::milliseconds(200));
    const double cpu = probe_.cpu_seconds() - cpu_before;
    if (!complete) note("timed out waiting for acks or deliveries");
    const double window_s =
        seconds_between(run.start_ns(), std::max(ledger.last_arrival_ns(), run.last_ack_ns()));
    record_outcome(run, subscribers);
    result_["window_s"] = window_s;
    result_["server_cpu_s"] = cpu;
    result_["deliveries_per_s"] = ledger.first_deliveries() / window_s;
    if (cpu > 0) result_["deliveries_per_cpu_s"] = ledger.first_deliveries() / cpu;
  }

  asio::awaitable<void> idle() {
    Subscribers connections(io_, options_, options_.subscribers, false);
    if (samrad()) connections.use_cookies(co_await subscriber_cookies(options_.subscribers));
    co_await connect(connections, options_.connect_window);
    // What keeping them open costs (Samråd checks every connection's login session each second).
    const double cpu_before = probe_.cpu_seconds();
    co_await sleep_for(std::chrono::seconds(3));
    result_["idle_cpu_percent"] = (probe_.cpu_seconds() - cpu_before) / 3 * 100;
  }

  // A subscriber that missed `posts` events resumes: subscribe with since, replay, unsubscribe.
  asio::awaitable<void> resume() {
    auto& secretariat = *co_await secretariat_connection();
    const Round round = co_await create_round(secretariat);
    {
      SamradPublisher sender({&secretariat}, round, samrad_requests_per_connection);
      PostRun run(sender, options_.posts, 0, options_.body_bytes);
      co_await run.run();
      co_await wait_until([&] { return run.all_answered(); }, options_.timeout_s);
    }
    const std::string cookie =
        co_await login(options_.server, "anna.lind@malmo.example"s, demo_password);
    rpc_.push_back(std::make_unique<RpcConnection>(io_, rpc_.size()));
    auto& client = *rpc_.back();
    client.open(options_.server, cookie);
    co_await client.welcome(30);
    std::uint64_t last_seq = 0, gaps = 0, replayed = 0;
    client.on_event = [&](std::string_view event) {
      const auto seq = number_field(event, "seq").value_or(0);
      if (seq != last_seq + 1) ++gaps;
      last_seq = seq;
      ++replayed;
    };
    const json head = co_await client.call("subscribe"s, stream_fields(round.id, 0));
    const std::uint64_t head_seq = head.at("head_seq");
    const std::string epoch = head.at("epoch");
    co_await wait_until([&] { return last_seq >= head_seq; }, 30);
    co_await client.call("unsubscribe"s, stream_fields(round.id));
    const std::uint64_t since = head_seq > options_.posts ? head_seq - options_.posts : 0;
    std::vector<std::uint32_t> resume_us;
    const double cpu_before = probe_.cpu_seconds();
    replayed = 0;
    for (std::size_t i = 0; i < options_.resumes; ++i) {
      const auto started = now_ns();
      last_seq = since;
      co_await client.call("subscribe"s, stream_fields(round.id, since, epoch));
      co_await wait_until([&] { return last_seq >= head_seq; }, 30);
      co_await client.call("unsubscribe"s, stream_fields(round.id));
      resume_us.push_back(static_cast<std::uint32_t>((now_ns() - started) / 1000));
    }
    const double cpu = probe_.cpu_seconds() - cpu_before;
    result_["resumes"] = options_.resumes;
    result_["missed_events"] = head_seq - since;
    result_["replayed_events"] = replayed;
    result_["expected_replayed_events"] = (head_seq - since) * options_.resumes;
    result_["seq_gaps"] = gaps;
    result_["server_cpu_s"] = cpu;
    result_["server_cpu_ms_per_resume"] = cpu * 1000 / static_cast<double>(options_.resumes);
    result_["resume_latency"] = latency_json(summarize(resume_us));
    result_["lost"] = replayed < (head_seq - since) * options_.resumes
                          ? (head_seq - since) * options_.resumes - replayed
                          : 0;
    result_["doubled"] = replayed > (head_seq - since) * options_.resumes
                             ? replayed - (head_seq - since) * options_.resumes
                             : 0;
  }

  // Every subscriber drops, `posts` events happen, and all reconnect at once and resume.
  asio::awaitable<void> storm() {
    auto& secretariat = *co_await secretariat_connection();
    const Round round = co_await create_round(secretariat);
    Subscribers subscribers(io_, options_, options_.subscribers, true);
    subscribers.use_cookies(co_await subscriber_cookies(options_.subscribers));
    subscribers.use_round(round);
    subscribers.expect_posts(options_.posts);
    if (!co_await connect(subscribers, options_.connect_window)) co_return;
    subscribers.drop_all();
    SamradPublisher sender({&secretariat}, round, samrad_requests_per_connection);
    PostRun run(sender, options_.posts, 0, options_.body_bytes);
    co_await run.run();
    co_await wait_until([&] { return run.all_answered(); }, options_.timeout_s);
    // The server notices the dropped connections; until then they count against each person.
    co_await sleep_for(std::chrono::seconds(2));
    const double cpu_before = probe_.cpu_seconds();
    const auto started = now_ns();
    co_await subscribers.open_all(options_.subscribers);
    const bool resumed =
        co_await wait_until([&] { return subscribers.settled(); }, options_.timeout_s);
    const auto finished = now_ns();
    const double cpu = probe_.cpu_seconds() - cpu_before;
    if (!resumed) note("not every client resumed in time");
    record_outcome(run, subscribers);
    result_.erase("latency");
    result_["resumed"] = subscribers.ready();
    result_["resume_all_s"] = seconds_between(started, finished);
    result_["server_cpu_s"] = cpu;
  }

  // Acknowledged posts per second into SQLite at several numbers of posts in flight; with one in
  // flight every commit holds one post (one fsync each), with more the group commit batches them.
  asio::awaitable<void> durable() {
    auto* first = co_await secretariat_connection();
    const Round round = co_await create_round(*first);
    std::vector<RpcConnection*> connections{first};
    json levels = json::array();
    std::size_t unanswered = 0;
    for (const std::size_t in_flight : options_.durable_in_flight) {
      while (connections.size() * samrad_requests_per_connection < in_flight) {
        connections.push_back(co_await secretariat_connection());
      }
      SamradPublisher sender(connections, round, in_flight);
      // More posts than any level sends in its time.
      PostRun run(sender, 2'000'000, 0, options_.body_bytes, options_.duration_s);
      const double cpu_before = probe_.cpu_seconds();
      co_await run.run();
      if (!co_await wait_until([&] { return run.all_answered(); }, options_.timeout_s)) {
        note("timed out waiting for acks at " + std::to_string(in_flight) + " in flight");
      }
      const double seconds = seconds_between(run.start_ns(), run.last_ack_ns());
      const double cpu = probe_.cpu_seconds() - cpu_before;
      // A post sent and never answered is lost.
      unanswered += run.sent() - run.acked() - run.refused();
      levels.push_back({{"in_flight"s, in_flight},
                        {"connections"s, connections.size()},
                        {"posts_acked"s, run.acked()},
                        {"posts_refused"s, run.refused()},
                        {"posts_per_s"s, run.acked() / seconds},
                        {"server_cpu_ms_per_post"s, cpu * 1000 / std::max<double>(1, run.acked())},
                        {"ack_latency"s, latency_json(summarize(run.ack_latency_us()))}});
    }
    result_["levels"] = levels;
    result_["lost"] = unanswered;
  }

  asio::io_context& io_;
  const Options& options_;
  ServerProbe probe_;
  json result_;
  std::string secretariat_cookie_;
  std::deque<std::unique_ptr<RpcConnection>> rpc_;
};

}  // namespace

json run_scenario(const Options& options) {
  asio::io_context io(1);
  json result;
  std::exception_ptr failure;
  {
    Scenario scenario(io, options);
    asio::co_spawn(io, scenario.run(), [&](std::exception_ptr error, json outcome) {
      failure = error;
      result = std::move(outcome);
      io.stop();
    });
    io.run();
  }
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace samrad::bench
