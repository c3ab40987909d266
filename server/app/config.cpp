// Configuration loading (see config.hpp).
#include "app/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace samrad::app {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view usage = R"(Usage: samrad [options]
  --config FILE             TOML configuration (see config/samrad.toml)
  --bind ADDR               address to listen on (default 127.0.0.1)
  --port N                  port; 0 picks a free one (default 8080)
  --database PATH           SQLite database file (created if missing)
  --postgres CONNINFO       use this PostgreSQL database instead, shared by every instance
                            ([database] postgres; e.g. "host=db port=5432 dbname=samrad")
  --static-dir DIR          the built web client (web-client/dist)
  --allowed-origin ORIGIN   an extra Origin allowed for WebSocket and POST (repeatable)
  --max-message-bytes N     largest WebSocket message accepted (default 262144)
  --session-seconds N       how long a login lasts at most (default 12 hours; [auth] session_hours)
  --session-idle-seconds N  a login not used for this long ends (default 30 minutes;
                            [auth] session_idle_minutes)
  --invitation-seconds N    how long an invitation link works (default 7 days;
                            [auth] invitation_days)
  --session-check-ms N      how often open WebSockets are checked against their sessions
                            (default 1000)
  --public-url URL          the server's public address, for invitation links printed by
                            `samrad admin` (default http://localhost:PORT)
  --send-queue-bytes N      bytes queued for one WebSocket before it is cut as too slow
  --log-origin NAME         the transparency log's origin and key name (default
                            localhost/samrad; [records] log_origin)
  --signing-key-file PATH   the log's Ed25519 signing key, created if missing (default
                            <database>.log-key; [records] signing_key_file)
  --redis HOST:PORT         bridge the bus to other instances through this Redis ([bus] redis;
                            default: none, one instance)
  --head-poll-ms N          with Redis, how often the store is asked for what pub/sub lost
                            (default 1000; [bus] head_poll_ms)
  --presence-ttl-ms N       with Redis, how long a killed instance's people stay listed as
                            present (default 15000; [bus] presence_ttl_ms)
  --demo-data               fill an empty database with demo data and print the demo logins
  --help                    this text

  samrad admin ...          manage organisations and people in the database; see
                            `samrad admin help`
  samrad verify ...         check a decision record or two checkpoints offline; see
                            `samrad verify help`
)";

// The one refusal for a number setting, from the command line or the file alike.
template <class Int>
[[noreturn]] void refuse_number(std::string_view name, Int min, Int max, std::string_view got) {
  throw std::runtime_error(std::string(name) + ": expected a number from " + std::to_string(min) +
                           " to " + std::to_string(max) + ", got '" + std::string(got) + "'");
}

template <class Int>
Int parse_int(std::string_view text, std::string_view what, Int min, Int max) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    refuse_number(what, min, max, text);
  }
  return value;
}

std::string resolve(const fs::path& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

template <class Int, class NodeView>
Int int_setting(NodeView node, std::string_view name, Int fallback, Int min, Int max) {
  if (!node) return fallback;
  auto value = node.template value<std::int64_t>();
  if (!value || *value < static_cast<std::int64_t>(min) ||
      *value > static_cast<std::int64_t>(max)) {
    refuse_number(name, min, max, value ? std::to_string(*value) : "not an integer");
  }
  return static_cast<Int>(*value);
}

// A misspelt key would silently fall back to a default: refuse it instead.
void reject_unknown_keys(const toml::table& table, std::string_view where,
                         std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      throw std::runtime_error("config: unknown key '" + std::string(key.str()) + "' in " +
                               std::string(where));
    }
  }
}

const toml::table& section(const toml::table& table, std::string_view name) {
  static const toml::table empty;
  const auto* found = table.get_as<toml::table>(name);
  return found ? *found : empty;
}

// Presence is written again every third of its ttl, so that two writes may be lost (a Redis
// that hiccups) before a live instance's people drop out of the lists.
void set_presence_ttl(bus::redis::RedisBusOptions& options, std::chrono::milliseconds ttl) {
  options.presence_ttl = ttl;
  options.presence_refresh = ttl / 3;
}

// [bus]: only with `redis` set is there a bridge; the other keys tune it.
void apply_bus(Config& config, const toml::table& table) {
  reject_unknown_keys(table, "[bus]",
                      {"redis", "sharded", "channel_prefix", "max_reply_bytes",
                       "max_reply_elements", "max_reply_depth", "reply_timeout_ms",
                       "max_backoff_ms", "max_queued_bytes", "head_poll_ms", "presence_ttl_ms"});
  const auto address = table["redis"].value<std::string>();
  if (!address) {
    if (!table.empty()) throw std::runtime_error("config: [bus] has settings but no redis address");
    return;
  }
  bus::redis::RedisBusOptions options;
  options.address = *address;
  options.sharded = table["sharded"].value_or(options.sharded);
  options.channel_prefix = table["channel_prefix"].value_or(options.channel_prefix);
  auto& limits = options.connection.limits;
  limits.max_bulk_bytes = int_setting<std::size_t>(table["max_reply_bytes"], "bus.max_reply_bytes",
                                                   limits.max_bulk_bytes, 1024, 512 << 20);
  limits.max_buffered_bytes = limits.max_bulk_bytes + 64 * 1024;
  limits.max_array_elements =
      int_setting<std::size_t>(table["max_reply_elements"], "bus.max_reply_elements",
                               limits.max_array_elements, 16, 10'000'000);
  limits.max_depth =
      int_setting<int>(table["max_reply_depth"], "bus.max_reply_depth", limits.max_depth, 4, 7);
  options.connection.reply_timeout = std::chrono::milliseconds(
      int_setting<int>(table["reply_timeout_ms"], "bus.reply_timeout_ms",
                       static_cast<int>(options.connection.reply_timeout.count()), 100, 600'000));
  options.backoff_max = std::chrono::milliseconds(
      int_setting<int>(table["max_backoff_ms"], "bus.max_backoff_ms",
                       static_cast<int>(options.backoff_max.count()), 100, 600'000));
  options.max_queued_bytes =
      int_setting<std::size_t>(table["max_queued_bytes"], "bus.max_queued_bytes",
                               options.max_queued_bytes, 64 * 1024, 1024 << 20);
  config.head_poll = std::chrono::milliseconds(
      int_setting<int>(table["head_poll_ms"], "bus.head_poll_ms",
                       static_cast<int>(config.head_poll.count()), 50, 60'000));
  set_presence_ttl(options, std::chrono::milliseconds(int_setting<int>(
                                table["presence_ttl_ms"], "bus.presence_ttl_ms",
                                static_cast<int>(options.presence_ttl.count()), 300, 3'600'000)));
  config.redis_bus = std::move(options);
}

void apply_limits(Config& config, const toml::table& limits) {
  reject_unknown_keys(limits, "[limits]",
                      {"login_failures_per_account", "login_failures_per_address",
                       "login_first_wait_seconds", "login_max_wait_seconds", "requests_per_second",
                       "request_burst", "person_requests_per_second", "person_request_burst",
                       "connections_per_address", "request_seconds"});
  auto rate = [&](net::RateLimit& limit, std::string_view per_second, std::string_view burst) {
    limit.per_second = int_setting<int>(limits[per_second], "limits." + std::string(per_second),
                                        static_cast<int>(limit.per_second), 1, 100'000);
    limit.burst = int_setting<int>(limits[burst], "limits." + std::string(burst),
                                   static_cast<int>(limit.burst), 1, 100'000);
  };
  rate(config.net.requests_per_connection, "requests_per_second", "request_burst");
  rate(config.net.requests_per_person, "person_requests_per_second", "person_request_burst");
  config.net.max_connections_per_address =
      int_setting<std::size_t>(limits["connections_per_address"], "limits.connections_per_address",
                               config.net.max_connections_per_address, 1, 100'000);
  config.net.request_timeout = std::chrono::seconds(
      int_setting<int>(limits["request_seconds"], "limits.request_seconds",
                       static_cast<int>(config.net.request_timeout.count()), 1, 300));
  auto& login = config.login_throttle;
  login.free_failures_per_account =
      int_setting<int>(limits["login_failures_per_account"], "limits.login_failures_per_account",
                       login.free_failures_per_account, 1, 1000);
  login.free_failures_per_address =
      int_setting<int>(limits["login_failures_per_address"], "limits.login_failures_per_address",
                       login.free_failures_per_address, 1, 100'000);
  login.first_wait_ms = int_setting<std::int64_t>(limits["login_first_wait_seconds"],
                                                  "limits.login_first_wait_seconds",
                                                  login.first_wait_ms / 1000, 1, 3600) *
                        1000;
  login.max_wait_ms =
      int_setting<std::int64_t>(limits["login_max_wait_seconds"], "limits.login_max_wait_seconds",
                                login.max_wait_ms / 1000, 1, 24 * 3600) *
      1000;
}

void apply_file(Config& config, const fs::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error("config " + file.string() + ": " + std::string(e.description()) +
                             " at line " + std::to_string(e.source().begin.line));
  }
  const fs::path base = fs::absolute(file).parent_path();
  reject_unknown_keys(root, "the file",
                      {"server", "database", "auth", "records", "api_tokens", "limits", "bus"});
  const auto& server = section(root, "server");
  reject_unknown_keys(
      server, "[server]",
      {"bind", "port", "static_dir", "allowed_origins", "max_message_bytes", "send_queue_bytes",
       "io_threads", "delivery_interval_ms", "max_connections_per_person", "public_url",
       "session_check_ms", "trusted_proxies"});
  const auto& database = section(root, "database");
  reject_unknown_keys(database, "[database]", {"path", "postgres"});
  const auto& records = section(root, "records");
  reject_unknown_keys(records, "[records]", {"log_origin", "signing_key_file"});
  const auto& auth = section(root, "auth");
  reject_unknown_keys(
      auth, "[auth]",
      {"cookie_secure", "session_hours", "session_idle_minutes", "invitation_days"});

  auto& net = config.net;
  net.bind_address = server["bind"].value_or(net.bind_address);
  net.port = int_setting<std::uint16_t>(server["port"], "server.port", net.port, 0, 65535);
  if (auto dir = server["static_dir"].value<std::string>()) net.static_dir = resolve(base, *dir);
  net.max_message_bytes =
      int_setting<std::size_t>(server["max_message_bytes"], "server.max_message_bytes",
                               net.max_message_bytes, 1024, 16 * 1024 * 1024);
  net.max_send_queue_bytes =
      int_setting<std::size_t>(server["send_queue_bytes"], "server.send_queue_bytes",
                               net.max_send_queue_bytes, 1024 * 1024, 1024 * 1024 * 1024);
  net.io_threads =
      int_setting<std::size_t>(server["io_threads"], "server.io_threads", net.io_threads, 1, 64);
  net.delivery_interval = std::chrono::milliseconds(
      int_setting<int>(server["delivery_interval_ms"], "server.delivery_interval_ms",
                       static_cast<int>(net.delivery_interval.count()), 0, 1000));
  net.max_connections_per_person = int_setting<std::size_t>(
      server["max_connections_per_person"], "server.max_connections_per_person",
      net.max_connections_per_person, 1, 1000);
  if (auto origins = server["allowed_origins"].as_array()) {
    for (const auto& origin : *origins) {
      auto text = origin.value<std::string>();
      if (!text) throw std::runtime_error("server.allowed_origins: expected strings");
      net.allowed_origins.push_back(*text);
    }
  }
  if (auto proxies = server["trusted_proxies"].as_array()) {
    for (const auto& proxy : *proxies) {
      auto text = proxy.value<std::string>();
      if (!text) throw std::runtime_error("server.trusted_proxies: expected strings");
      net.trusted_proxies.push_back(*text);
    }
  }
  if (auto path = database["path"].value<std::string>()) {
    config.database_path = resolve(base, *path);
  }
  if (auto conninfo = database["postgres"].value<std::string>()) config.postgres = *conninfo;
  net.cookie_secure = auth["cookie_secure"].value_or(net.cookie_secure);
  net.session_lifetime_seconds = int_setting<int>(auth["session_hours"], "auth.session_hours",
                                                  net.session_lifetime_seconds / 3600, 1, 24 * 30) *
                                 3600;
  config.session_idle_seconds =
      int_setting<int>(auth["session_idle_minutes"], "auth.session_idle_minutes",
                       config.session_idle_seconds / 60, 1, 24 * 60) *
      60;
  config.invitation_seconds = int_setting<int>(auth["invitation_days"], "auth.invitation_days",
                                               config.invitation_seconds / 86400, 1, 90) *
                              86400;
  if (auto url = server["public_url"].value<std::string>()) config.public_url = *url;
  if (auto origin = records["log_origin"].value<std::string>()) config.log_origin = *origin;
  if (auto key = records["signing_key_file"].value<std::string>()) {
    config.signing_key_file = resolve(base, *key);
  }
  const auto& tokens = section(root, "api_tokens");
  reject_unknown_keys(tokens, "[api_tokens]", {"lifetime_days", "max_per_person"});
  constexpr domain::Timestamp day_ms = 24ll * 3600 * 1000;
  config.api_tokens.lifetime_ms =
      int_setting<domain::Timestamp>(tokens["lifetime_days"], "api_tokens.lifetime_days",
                                     config.api_tokens.lifetime_ms / day_ms, 1, 3650) *
      day_ms;
  config.api_tokens.max_live_per_person =
      int_setting<std::size_t>(tokens["max_per_person"], "api_tokens.max_per_person",
                               config.api_tokens.max_live_per_person, 1, 1000);
  net.session_check_ms = int_setting<int>(server["session_check_ms"], "server.session_check_ms",
                                          net.session_check_ms, 50, 60'000);
  apply_limits(config, section(root, "limits"));
  apply_bus(config, section(root, "bus"));
}

}  // namespace

ConfigOrHelp load_config(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  Config config;
  // Set after the loop: the flag may come before --redis.
  std::optional<std::chrono::milliseconds> presence_ttl;
  // The file first, so that flags override it wherever they stand.
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) throw std::runtime_error("--config needs a file");
      apply_file(config, fs::path(args[i + 1]));
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (flag == "--help" || flag == "-h") return ShowHelp{std::string(usage)};
    if (flag == "--demo-data") {
      config.demo_data = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      throw std::runtime_error("unknown option or missing value: " + std::string(flag) + "\n" +
                               std::string(usage));
    }
    const std::string value(args[++i]);
    if (flag == "--config") {
      continue;
    } else if (flag == "--bind") {
      config.net.bind_address = value;
    } else if (flag == "--port") {
      config.net.port = parse_int<std::uint16_t>(value, "--port", 0, 65535);
    } else if (flag == "--database") {
      config.database_path = value;
    } else if (flag == "--postgres") {
      config.postgres = value;
    } else if (flag == "--static-dir") {
      config.net.static_dir = value;
    } else if (flag == "--allowed-origin") {
      config.net.allowed_origins.push_back(value);
    } else if (flag == "--session-seconds") {
      config.net.session_lifetime_seconds =
          parse_int<int>(value, "--session-seconds", 1, 30 * 24 * 3600);
    } else if (flag == "--session-idle-seconds") {
      config.session_idle_seconds = parse_int<int>(value, "--session-idle-seconds", 1, 24 * 3600);
    } else if (flag == "--invitation-seconds") {
      config.invitation_seconds = parse_int<int>(value, "--invitation-seconds", 1, 90 * 86400);
    } else if (flag == "--session-check-ms") {
      config.net.session_check_ms = parse_int<int>(value, "--session-check-ms", 50, 60'000);
    } else if (flag == "--public-url") {
      config.public_url = value;
    } else if (flag == "--log-origin") {
      config.log_origin = value;
    } else if (flag == "--signing-key-file") {
      config.signing_key_file = value;
    } else if (flag == "--send-queue-bytes") {
      config.net.max_send_queue_bytes =
          parse_int<std::size_t>(value, "--send-queue-bytes", 1024 * 1024, 1024 * 1024 * 1024);
    } else if (flag == "--head-poll-ms") {
      config.head_poll =
          std::chrono::milliseconds(parse_int<int>(value, "--head-poll-ms", 50, 60'000));
    } else if (flag == "--redis") {
      if (!config.redis_bus) config.redis_bus.emplace();
      config.redis_bus->address = value;
    } else if (flag == "--presence-ttl-ms") {
      presence_ttl =
          std::chrono::milliseconds(parse_int<int>(value, "--presence-ttl-ms", 300, 3'600'000));
    } else if (flag == "--max-message-bytes") {
      config.net.max_message_bytes =
          parse_int<std::size_t>(value, "--max-message-bytes", 1024, 16 * 1024 * 1024);
    } else {
      throw std::runtime_error("unknown option: " + std::string(flag) + "\n" + std::string(usage));
    }
  }
  if (presence_ttl) {
    // One instance keeps presence in its memory, where nothing expires.
    if (!config.redis_bus) throw std::runtime_error("--presence-ttl-ms needs --redis");
    set_presence_ttl(*config.redis_bus, *presence_ttl);
  }
  return config;
}

}  // namespace samrad::app
