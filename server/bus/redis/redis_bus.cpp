// The Redis bridge between instances (see redis_bus.hpp).
#include "bus/redis/redis_bus.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bus/local_hub.hpp"
#include "bus/presence_counts.hpp"
#include "bus/redis/connection.hpp"
#include "bus/redis/envelope.hpp"
#include "bus/redis/key_slot.hpp"

namespace samrad::bus::redis {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct HostPort {
  std::string host;
  int port = 0;
  std::string key() const { return host + ":" + std::to_string(port); }
};

HostPort parse_address(std::string_view address) {
  const auto colon = address.rfind(':');
  int port = 0;
  if (colon == std::string_view::npos || colon == 0) {
    throw std::invalid_argument("redis address '" + std::string(address) + "': expected host:port");
  }
  const auto digits = address.substr(colon + 1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (error != std::errc{} || end != digits.data() + digits.size() || port < 1 || port > 65535) {
    throw std::invalid_argument("redis address '" + std::string(address) +
                                "': the port must be a number from 1 to 65535");
  }
  auto host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return {std::string(host), port};
}

bool is_text(const redisReply* reply) {
  return reply && (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS);
}

std::string_view text_of(const redisReply& reply) {
  return {reply.str, reply.len};
}

// Presence scores: wall-clock milliseconds, comparable between instances.
std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string hex(const InstanceId& id) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(id.size() * 2);
  for (const auto byte : id) {
    text.push_back(digits[byte >> 4]);
    text.push_back(digits[byte & 0xf]);
  }
  return text;
}

// The person of a presence member "<person id>:<instance id>"; nothing for anything else.
std::optional<domain::PersonId> member_person(std::string_view member) {
  const auto colon = member.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  domain::PersonId person = 0;
  const auto [end, error] = std::from_chars(member.data(), member.data() + colon, person);
  if (error != std::errc{} || end != member.data() + colon || person < 1) return std::nullopt;
  return person;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

struct RedisBus::Impl final : StreamActivity {
  // One Redis server: a connection for commands (publishing, CLUSTER SLOTS) and one in
  // subscribed mode, each re-established by itself after a loss.
  struct Node {
    Node(asio::io_context& io, HostPort where)
        : where(std::move(where)), publisher_retry(io), subscriber_retry(io) {}
    ~Node() {
      if (publisher) publisher->close();
      if (subscriber) subscriber->close();
    }
    HostPort where;
    std::string ip;  // where, resolved
    std::shared_ptr<Connection> publisher;
    std::shared_ptr<Connection> subscriber;
    // Failed attempts in a row, for the backoff; forgiven once a connection has worked for a
    // while, so that a server that answers PING and then misbehaves is not hammered.
    int publisher_failures = 0;
    int subscriber_failures = 0;
    std::optional<Clock::time_point> publisher_ready_at;
    std::optional<Clock::time_point> subscriber_ready_at;
    asio::steady_timer publisher_retry;
    asio::steady_timer subscriber_retry;
    // Channels (S)SUBSCRIBEd on the current subscriber connection.
    std::unordered_set<std::string> subscribed;
    // Our (S)UNSUBSCRIBEs not yet confirmed, per channel: any other unsubscribe message is the
    // server dropping the channel (a sharded channel whose slot moved).
    std::unordered_map<std::string, int> unsubscribing;
  };
  struct SlotRange {
    int first = 0;
    int last = 0;
    std::string node;
  };

  explicit Impl(RedisBusOptions options)
      : options_(std::move(options)),
        seed_(parse_address(options_.address)),
        instance_id_(random_instance_id()),
        publish_command_(options_.sharded ? "SPUBLISH" : "PUBLISH"),
        subscribe_command_(options_.sharded ? "SSUBSCRIBE" : "SUBSCRIBE"),
        unsubscribe_command_(options_.sharded ? "SUNSUBSCRIBE" : "UNSUBSCRIBE"),
        instance_name_(hex(instance_id_)),
        hub_(this),
        work_(asio::make_work_guard(io_)),
        resolver_(io_),
        refresh_timer_(io_),
        presence_timer_(io_),
        random_(std::random_device{}()) {
    if (options_.presence_refresh.count() <= 0 ||
        options_.presence_refresh >= options_.presence_ttl) {
      throw std::invalid_argument(
          "redis bus: presence_refresh must be positive and shorter than presence_ttl");
    }
    // Without sharding every channel lives on the one configured server.
    topology_known_ = !options_.sharded;
    asio::post(io_, [this] {
      ensure_node(seed_);
      schedule_presence_refresh();
    });
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() override {
    asio::post(io_, [this] {
      refresh_timer_.cancel();
      presence_timer_.cancel();
      resolver_.cancel();
      nodes_.clear();
      io_.stop();
    });
    thread_.join();
  }

  std::string channel(domain::RoundId round) const {
    // The braces make the round the hash tag: in a cluster, a round's slot depends on the round
    // alone, whatever the prefix.
    return options_.channel_prefix + "{round:" + std::to_string(round) + "}";
  }

  std::string presence_key(domain::RoundId round) const {
    // The same hash tag as the round's channel: the same slot, the same node.
    return options_.channel_prefix + "presence:{round:" + std::to_string(round) + "}";
  }

  std::string presence_member(domain::PersonId person) const {
    return std::to_string(person) + ":" + instance_name_;
  }

  // --- The caller's side: publishing, local subscriptions and presence (any thread).

  void enter(domain::RoundId round, domain::PersonId person) {
    if (!presence_counts_.enter(round, person)) return;
    // Written at once, so that the person is listed before the next refresh.
    asio::post(io_, [this, round, person] { write_presence(round, {person}, wall_clock_ms()); });
  }

  void leave(domain::RoundId round, domain::PersonId person) {
    if (!presence_counts_.leave(round, person)) return;
    asio::post(io_, [this, round, person] {
      // Unless the person came back meanwhile (the refresh keeps them then).
      const auto here = presence_counts_.people(round);
      if (std::binary_search(here.begin(), here.end(), person)) return;
      const auto key = presence_key(round);
      if (Connection* connection = command_connection(key)) {
        connection->send({"ZREM", key, presence_member(person)},
                         [this](const redisReply* reply) { checked_presence_reply(reply); });
      }
      // Not reachable: the member expires by itself within presence_ttl.
    });
  }

  void who(domain::RoundId round, Presence::Answer answer) {
    asio::post(io_, [this, round, answer = std::move(answer)]() mutable {
      const auto key = presence_key(round);
      Connection* connection = command_connection(key);
      auto answer_locally = [this, round](Presence::Answer& answer, std::string_view why) {
        if (!presence_degraded_) {
          spdlog::warn("bus: redis: presence from this instance only ({})", why);
          presence_degraded_ = true;
        }
        answer(presence_counts_.people(round));
      };
      if (!connection) return answer_locally(answer, "not connected");
      auto shared = std::make_shared<Presence::Answer>(std::move(answer));
      const bool sent = connection->send(
          {"ZRANGEBYSCORE", key, std::to_string(wall_clock_ms()), "+inf"},
          [this, round, shared, answer_locally](const redisReply* reply) {
            if (!reply || reply->type != REDIS_REPLY_ARRAY) {
              if (reply) checked_presence_reply(reply);
              return answer_locally(*shared, reply ? "refused" : "connection lost");
            }
            // This instance's own people count even if a write of theirs was dropped.
            auto people = presence_counts_.people(round);
            for (std::size_t i = 0; i < reply->elements; ++i) {
              if (!is_text(reply->element[i])) continue;
              if (const auto person = member_person(text_of(*reply->element[i]))) {
                people.push_back(*person);
              }
            }
            std::sort(people.begin(), people.end());
            people.erase(std::unique(people.begin(), people.end()), people.end());
            if (presence_degraded_) spdlog::info("bus: redis: presence shared again");
            presence_degraded_ = false;
            (*shared)(std::move(people));
          });
      if (!sent) answer_locally(*shared, "Redis is not taking what was sent before");
    });
  }

  void publish(const Batch& batch) {
    if (!batch || batch->empty()) return;
    hub_.publish(batch);
    std::vector<std::pair<std::string, std::string>> messages;
    messages.reserve(batch->size());
    std::size_t bytes = 0;
    for (const auto& event : *batch) {
      messages.emplace_back(channel(event.stream.round), encode_envelope(instance_id_, event));
      bytes += messages.back().first.size() + messages.back().second.size();
    }
    if (queued_bytes_.fetch_add(bytes) + bytes > options_.max_queued_bytes) {
      queued_bytes_.fetch_sub(bytes);
      dropped_ += messages.size();
      return;
    }
    asio::post(io_, [this, messages = std::move(messages), bytes] {
      queued_bytes_.fetch_sub(bytes);
      for (const auto& [channel, payload] : messages) send_event(channel, payload);
    });
  }

  // Called under the hub's lock, in order: only hands the change to the bus's thread, where
  // the posted changes run in the same order.
  void first_subscriber(const domain::StreamId& stream) override {
    asio::post(io_, [this, round = stream.round] {
      if (rounds_[round]++ > 0) return;
      const auto name = channel(round);
      wanted_.insert(name);
      place(name);
    });
  }

  void last_subscriber_left(const domain::StreamId& stream) override {
    asio::post(io_, [this, round = stream.round] {
      const auto found = rounds_.find(round);
      if (found == rounds_.end() || --found->second > 0) return;
      rounds_.erase(found);
      const auto name = channel(round);
      wanted_.erase(name);
      unplace(name);
    });
  }

  RedisBusCounters counters() const {
    return {published_.load(), dropped_.load(),   received_.load(),
            own_.load(),       malformed_.load(), lost_.load()};
  }

  // --- The bus's thread from here on.

  Node* find(const std::string& key) {
    const auto found = nodes_.find(key);
    return found == nodes_.end() ? nullptr : found->second.get();
  }

  Node* owner(const std::string& channel) {
    if (!topology_known_) return nullptr;
    if (!options_.sharded) return find(seed_.key());
    const int slot = key_slot(channel);
    const auto after =
        std::upper_bound(ranges_.begin(), ranges_.end(), slot,
                         [](int s, const SlotRange& range) { return s < range.first; });
    if (after == ranges_.begin()) return nullptr;
    const auto& range = *std::prev(after);
    return slot <= range.last ? find(range.node) : nullptr;
  }

  void ensure_node(const HostPort& where) {
    const auto key = where.key();
    if (find(key)) return;
    resolve(*nodes_.emplace(key, std::make_unique<Node>(io_, where)).first->second);
  }

  void resolve(Node& node) {
    const auto key = node.where.key();
    boost::system::error_code not_numeric;
    const auto address = asio::ip::make_address(node.where.host, not_numeric);
    if (!not_numeric) return start_node(key, address.to_string());
    // Resolving a name is Asio's (in the background), never a blocking call on this thread.
    resolver_.async_resolve(node.where.host, std::to_string(node.where.port),
                            [this, key](const boost::system::error_code& error,
                                        const asio::ip::tcp::resolver::results_type& results) {
                              Node* node = find(key);
                              if (!node || error == asio::error::operation_aborted) return;
                              if (error || results.empty()) {
                                spdlog::warn("bus: redis {}: cannot resolve: {}", key,
                                             error ? error.message() : "no address");
                                return retry(node->publisher_failures, node->publisher_retry,
                                             [this, key] {
                                               if (Node* node = find(key)) resolve(*node);
                                             });
                              }
                              start_node(key, results.begin()->endpoint().address().to_string());
                            });
  }

  void start_node(const std::string& key, const std::string& ip) {
    Node* node = find(key);
    if (!node) return;
    node->ip = ip;
    connect_publisher(*node);
    connect_subscriber(*node);
  }

  void connect_publisher(Node& node) {
    const auto key = node.where.key();
    node.publisher = Connection::open(
        io_, node.ip, node.where.port, Connection::Mode::requests, options_.connection,
        {.ready =
             [this, key] {
               Node* node = find(key);
               if (!node) return;
               node->publisher_ready_at = Clock::now();
               spdlog::info("bus: redis {}: connected for publishing", key);
               update_publishing();
               if (!topology_known_) refresh();
               // The people who came while it was down, or before it first connected, are
               // listed now, not at the next refresh (writes to other nodes wait for theirs).
               refresh_presence();
             },
         .push = {},
         .lost =
             [this, key](const std::string& why) {
               Node* node = find(key);
               if (!node) return;
               ++lost_;
               forgive(node->publisher_failures, node->publisher_ready_at);
               // The first failure is worth a warning; the retries after it are not.
               spdlog::log(
                   node->publisher_failures == 0 ? spdlog::level::warn : spdlog::level::debug,
                   "bus: redis {}: publishing connection lost: {}", key, why);
               node->publisher.reset();
               update_publishing();
               retry(node->publisher_failures, node->publisher_retry, [this, key] {
                 if (Node* node = find(key)) connect_publisher(*node);
               });
               request_refresh();
             }});
  }

  void connect_subscriber(Node& node) {
    const auto key = node.where.key();
    node.subscribed.clear();
    node.unsubscribing.clear();
    node.subscriber = Connection::open(
        io_, node.ip, node.where.port, Connection::Mode::pushes, options_.connection,
        {.ready =
             [this, key] {
               Node* node = find(key);
               if (!node) return;
               node->subscriber_ready_at = Clock::now();
               spdlog::info("bus: redis {}: connected for subscribing", key);
               for (const auto& name : wanted_) place(name);
             },
         .push = [this, key](const redisReply& reply) { on_push(key, reply); },
         .lost =
             [this, key](const std::string& why) {
               Node* node = find(key);
               if (!node) return;
               ++lost_;
               forgive(node->subscriber_failures, node->subscriber_ready_at);
               spdlog::log(
                   node->subscriber_failures == 0 ? spdlog::level::warn : spdlog::level::debug,
                   "bus: redis {}: subscribing connection lost: {}", key, why);
               drop_subscriber(*node);
             }});
  }

  void drop_subscriber(Node& node) {
    if (node.subscriber) node.subscriber->close();
    node.subscriber.reset();
    node.subscribed.clear();
    node.unsubscribing.clear();
    const auto key = node.where.key();
    retry(node.subscriber_failures, node.subscriber_retry, [this, key] {
      if (Node* node = find(key)) connect_subscriber(*node);
    });
    request_refresh();
  }

  void forgive(int& failures, std::optional<Clock::time_point>& ready_at) {
    if (ready_at && Clock::now() - *ready_at >= options_.backoff_max) failures = 0;
    ready_at.reset();
  }

  // Full jitter on the upper half: between half and all of the capped exponential delay, so
  // that instances cut off together do not come back together.
  template <class Again>
  void retry(int& failures, asio::steady_timer& timer, Again again) {
    const auto cap = options_.backoff_max.count();
    auto delay = options_.backoff_initial.count();
    for (int i = 0; i < failures && delay < cap; ++i) delay *= 2;
    delay = std::min<std::int64_t>(delay, cap);
    ++failures;
    std::uniform_int_distribution<std::int64_t> jitter(delay / 2, std::max<std::int64_t>(delay, 1));
    timer.expires_after(std::chrono::milliseconds(jitter(random_)));
    timer.async_wait([again](const boost::system::error_code& error) {
      if (!error) again();
    });
  }

  void update_publishing() {
    bool ready = topology_known_;
    if (ready && !options_.sharded) {
      const Node* node = find(seed_.key());
      ready = node && node->publisher && node->publisher->ready();
    }
    for (const auto& range : ranges_) {
      const Node* node = find(range.node);
      ready = ready && node && node->publisher && node->publisher->ready();
    }
    publishing_ = ready;
  }

  // --- Subscriptions: wanted_ is what local subscribers need, Node::subscribed what is asked
  // of Redis; these bring the second in line with the first.

  void place(const std::string& name) {
    Node* node = owner(name);
    if (!node || !node->subscriber || !node->subscriber->ready()) return;
    if (node->subscribed.contains(name)) return;
    if (node->subscriber->send({subscribe_command_, name})) node->subscribed.insert(name);
  }

  void unplace(const std::string& name) {
    for (auto& [key, node] : nodes_) {
      if (node->subscribed.erase(name)) unsubscribe(*node, name);
    }
  }

  void unsubscribe(Node& node, const std::string& name) {
    if (node.subscriber && node.subscriber->ready() &&
        node.subscriber->send({unsubscribe_command_, name})) {
      ++node.unsubscribing[name];
    }
  }

  void reconcile() {
    for (auto& [key, node] : nodes_) {
      std::vector<std::string> misplaced;
      for (const auto& name : node->subscribed) {
        if (!wanted_.contains(name) || owner(name) != node.get()) misplaced.push_back(name);
      }
      for (const auto& name : misplaced) {
        node->subscribed.erase(name);
        unsubscribe(*node, name);
      }
    }
    for (const auto& name : wanted_) place(name);
  }

  void on_push(const std::string& key, const redisReply& reply) {
    Node* node = find(key);
    if (!node) return;
    if (reply.type == REDIS_REPLY_ERROR) {
      // A subscription refused (MOVED: its slot is elsewhere): start this node's subscriptions
      // afresh once the slot map has been read again.
      spdlog::warn("bus: redis {}: subscription refused: {}", key, text_of(reply));
      return drop_subscriber(*node);
    }
    // PING's answer while nothing is subscribed (an array "pong" once something is).
    if (reply.type == REDIS_REPLY_STATUS && text_of(reply) == "PONG") return;
    if (reply.type != REDIS_REPLY_ARRAY || reply.elements < 2 || !is_text(reply.element[0]) ||
        !is_text(reply.element[1])) {
      ++malformed_;
      return;
    }
    const auto kind = text_of(*reply.element[0]);
    const auto name = std::string(text_of(*reply.element[1]));
    if (equals_ignoring_case(kind, "message") || equals_ignoring_case(kind, "smessage")) {
      if (reply.elements != 3 || !is_text(reply.element[2])) {
        ++malformed_;
        return;
      }
      return on_message(name, text_of(*reply.element[2]));
    }
    if (equals_ignoring_case(kind, "unsubscribe") || equals_ignoring_case(kind, "sunsubscribe")) {
      const auto ours = node->unsubscribing.find(name);
      if (ours != node->unsubscribing.end()) {
        if (--ours->second == 0) node->unsubscribing.erase(ours);
        return;
      }
      // Dropped by the server (a sharded channel's slot moved): find its new node.
      if (node->subscribed.erase(name) && wanted_.contains(name)) {
        options_.sharded ? request_refresh() : place(name);
      }
    }
    // Confirmations of (s)subscribe and answers to PING need nothing.
  }

  void on_message(const std::string& name, std::string_view payload) {
    auto decoded = decode_envelope(payload);
    if (!decoded) {
      ++malformed_;
      spdlog::warn("bus: redis: message on {} refused: {}", name, decoded.error().message);
      return;
    }
    if (decoded->origin == instance_id_) {
      ++own_;
      return;
    }
    if (name != channel(decoded->event.stream.round)) {
      ++malformed_;
      spdlog::warn("bus: redis: message on {} is for round {}", name, decoded->event.stream.round);
      return;
    }
    ++received_;
    hub_.publish(
        std::make_shared<const std::vector<EncodedEvent>>(1, std::move(decoded.value().event)));
  }

  void send_event(const std::string& name, const std::string& payload) {
    Node* node = owner(name);
    if (!node || !node->publisher || !node->publisher->ready()) return note_drop("not connected");
    if (!node->publisher->send({publish_command_, name, payload},
                               [this](const redisReply* reply) { published(reply); })) {
      note_drop("Redis is not taking what was sent before");
    }
  }

  void published(const redisReply* reply) {
    if (reply && reply->type == REDIS_REPLY_INTEGER) {
      ++published_;
      if (dropping_) spdlog::info("bus: redis: publishing again");
      dropping_ = false;
      return;
    }
    if (!reply) return note_drop("connection lost");
    const auto refusal = std::string(is_text(reply) || reply->type == REDIS_REPLY_ERROR
                                         ? text_of(*reply)
                                         : std::string_view("unexpected answer"));
    note_drop(refusal);
    if (refusal.starts_with("MOVED") || refusal.starts_with("ASK")) request_refresh();
  }

  void note_drop(const std::string& why) {
    ++dropped_;
    if (dropping_) return;
    dropping_ = true;
    spdlog::warn("bus: redis: not publishing ({}); other instances fill the gap from the store",
                 why);
  }

  // --- Presence (the bus's thread).

  // The connection for commands on a key's node, when it works.
  Connection* command_connection(const std::string& key) {
    Node* node = owner(key);
    if (!node || !node->publisher || !node->publisher->ready()) return nullptr;
    return node->publisher.get();
  }

  // Adds the people as present in the round until now + ttl, drops members expired before now,
  // and keeps the key itself no longer than its newest member, so that a round nobody is in any
  // more leaves no key behind. Pipelined on the node's connection.
  void write_presence(domain::RoundId round, const std::vector<domain::PersonId>& people,
                      std::int64_t now) {
    const auto key = presence_key(round);
    Connection* connection = command_connection(key);
    if (!connection) return;  // the next refresh writes them
    const auto handler = [this](const redisReply* reply) { checked_presence_reply(reply); };
    std::vector<std::string> add{"ZADD", key};
    add.reserve(2 + 2 * people.size());
    const auto expires = std::to_string(now + options_.presence_ttl.count());
    for (const auto person : people) {
      add.push_back(expires);
      add.push_back(presence_member(person));
    }
    connection->send({"ZREMRANGEBYSCORE", key, "-inf", "(" + std::to_string(now)}, handler);
    connection->send(std::span<const std::string>(add), handler);
    connection->send({"PEXPIRE", key, std::to_string(options_.presence_ttl.count())}, handler);
  }

  void checked_presence_reply(const redisReply* reply) {
    if (!reply || reply->type != REDIS_REPLY_ERROR) return;
    const auto refusal = text_of(*reply);
    spdlog::warn("bus: redis: presence command refused: {}", refusal);
    if (refusal.starts_with("MOVED") || refusal.starts_with("ASK")) request_refresh();
  }

  void schedule_presence_refresh() {
    presence_timer_.expires_after(options_.presence_refresh);
    presence_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      refresh_presence();
      schedule_presence_refresh();
    });
  }

  // One ZADD per round with every person present here (all() is ordered by round).
  void refresh_presence() {
    const auto now = wall_clock_ms();
    const auto present = presence_counts_.all();
    std::vector<domain::PersonId> people;
    for (std::size_t i = 0; i < present.size(); ++i) {
      people.push_back(present[i].second);
      if (i + 1 == present.size() || present[i + 1].first != present[i].first) {
        write_presence(present[i].first, people, now);
        people.clear();
      }
    }
  }

  // --- The cluster's slot map (sharded only).

  void request_refresh() {
    if (!options_.sharded || refresh_scheduled_) return;
    refresh_scheduled_ = true;
    const auto wait = std::max(Clock::duration::zero(), last_refresh_ + 500ms - Clock::now());
    refresh_timer_.expires_after(wait);
    refresh_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      refresh_scheduled_ = false;
      refresh();
    });
  }

  void refresh() {
    if (!options_.sharded || refresh_in_flight_) return;
    last_refresh_ = Clock::now();
    Node* asked = find(seed_.key());
    if (!asked || !asked->publisher || !asked->publisher->ready()) {
      asked = nullptr;
      for (auto& [key, node] : nodes_) {
        if (node->publisher && node->publisher->ready()) asked = node.get();
      }
    }
    if (!asked) {
      ensure_node(seed_);
      return request_refresh();
    }
    refresh_in_flight_ = true;
    const auto key = asked->where.key();
    const auto host = asked->where.host;
    asked->publisher->send({"CLUSTER", "SLOTS"}, [this, key, host](const redisReply* reply) {
      refresh_in_flight_ = false;
      if (!reply) return request_refresh();
      apply_slots(key, host, *reply);
    });
  }

  void apply_slots(const std::string& asked, const std::string& asked_host,
                   const redisReply& reply) {
    std::vector<SlotRange> ranges;
    std::map<std::string, HostPort> nodes;
    if (reply.type == REDIS_REPLY_ERROR &&
        text_of(reply).find("cluster support disabled") != std::string_view::npos) {
      // One Redis, not a cluster: it owns every slot.
      ranges.push_back({0, cluster_slots - 1, asked});
    } else if (reply.type == REDIS_REPLY_ARRAY) {
      for (std::size_t i = 0; i < reply.elements; ++i) {
        const auto* entry = reply.element[i];
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 3 ||
            entry->element[0]->type != REDIS_REPLY_INTEGER ||
            entry->element[1]->type != REDIS_REPLY_INTEGER ||
            entry->element[2]->type != REDIS_REPLY_ARRAY || entry->element[2]->elements < 2 ||
            !is_text(entry->element[2]->element[0]) ||
            entry->element[2]->element[1]->type != REDIS_REPLY_INTEGER) {
          return refuse_slots(asked, "an entry of an unexpected shape");
        }
        const auto first = entry->element[0]->integer;
        const auto last = entry->element[1]->integer;
        const auto port = entry->element[2]->element[1]->integer;
        if (first < 0 || last < first || last >= cluster_slots || port < 1 || port > 65535) {
          return refuse_slots(asked, "a slot range or port out of range");
        }
        // An empty address means the node we asked.
        auto host = std::string(text_of(*entry->element[2]->element[0]));
        HostPort where{host.empty() ? asked_host : host, static_cast<int>(port)};
        ranges.push_back({static_cast<int>(first), static_cast<int>(last), where.key()});
        nodes.emplace(where.key(), where);
      }
    } else {
      return refuse_slots(
          asked, reply.type == REDIS_REPLY_ERROR ? std::string(text_of(reply)) : "not an array");
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const SlotRange& a, const SlotRange& b) { return a.first < b.first; });
    ranges_ = std::move(ranges);
    for (const auto& [key, where] : nodes) ensure_node(where);
    // Nodes that own nothing any more are let go; the one configured is kept to ask again.
    for (auto it = nodes_.begin(); it != nodes_.end();) {
      const bool owns = nodes.contains(it->first) || it->first == asked;
      it = (owns || it->first == seed_.key()) ? std::next(it) : nodes_.erase(it);
    }
    if (!topology_known_) spdlog::info("bus: redis: slot map read, {} ranges", ranges_.size());
    topology_known_ = true;
    update_publishing();
    reconcile();
    refresh_presence();  // to the rounds' nodes as the map now places them
  }

  void refuse_slots(const std::string& asked, const std::string& why) {
    ++malformed_;
    spdlog::warn("bus: redis {}: CLUSTER SLOTS not usable: {}", asked, why);
    request_refresh();
  }

  const RedisBusOptions options_;
  const HostPort seed_;
  const InstanceId instance_id_;
  const std::string publish_command_;
  const std::string subscribe_command_;
  const std::string unsubscribe_command_;
  const std::string instance_name_;  // the instance id in hex, in presence members
  LocalHub hub_;
  PresenceCounts presence_counts_;

  std::atomic<std::size_t> queued_bytes_{0};
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> own_{0};
  std::atomic<std::uint64_t> malformed_{0};
  std::atomic<std::uint64_t> lost_{0};
  std::atomic<bool> publishing_{false};

  // Declared before everything that uses it, so it is destroyed after them.
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer refresh_timer_;
  asio::steady_timer presence_timer_;
  std::mt19937_64 random_;
  // The bus's thread only:
  std::map<std::string, std::unique_ptr<Node>> nodes_;
  std::vector<SlotRange> ranges_;
  bool topology_known_ = false;
  bool refresh_scheduled_ = false;
  bool refresh_in_flight_ = false;
  Clock::time_point last_refresh_{};
  bool dropping_ = false;
  bool presence_degraded_ = false;                   // logged once per outage
  std::unordered_map<domain::RoundId, int> rounds_;  // local streams followed, per round
  std::unordered_set<std::string> wanted_;           // their channels
  std::thread thread_;
};

RedisBus::RedisBus(RedisBusOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

RedisBus::~RedisBus() = default;

void RedisBus::publish(const Batch& batch) {
  impl_->publish(batch);
}

Subscription RedisBus::subscribe(const domain::StreamId& stream,
                                 std::weak_ptr<Subscriber> subscriber) {
  return impl_->hub_.subscribe(stream, std::move(subscriber));
}

std::vector<StreamHead> RedisBus::local_heads() const {
  return impl_->hub_.local_heads();
}

void RedisBus::announce(const StreamHead& head) {
  impl_->hub_.announce(head);
}

RedisBusCounters RedisBus::counters() const {
  return impl_->counters();
}

bool RedisBus::publishing() const {
  return impl_->publishing_.load();
}

std::string RedisBus::channel(domain::RoundId round) const {
  return impl_->channel(round);
}

std::string RedisBus::presence_key(domain::RoundId round) const {
  return impl_->presence_key(round);
}

void RedisBus::enter(domain::RoundId round, domain::PersonId person) {
  impl_->enter(round, person);
}

void RedisBus::leave(domain::RoundId round, domain::PersonId person) {
  impl_->leave(round, person);
}

void RedisBus::who(domain::RoundId round, Answer answer) {
  impl_->who(round, std::move(answer));
}

}  // namespace samrad::bus::redis
