// Configuration: a TOML file (config/samrad.toml) with command-line overrides.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "auth/login_throttle.hpp"
#include "bus/redis/redis_bus.hpp"
#include "net/server.hpp"

namespace samrad::app {

struct Config {
  net::NetOptions net;
  std::string database_path = "samrad.db";
  // A libpq connection string ([database] postgres, --postgres): set, the store is that
  // PostgreSQL database, which several instances share; empty, the SQLite file above.
  std::string postgres;
  bool demo_data = false;  // seed an empty database with the demo organisations, people, rounds
  // A login session not used for this long ends ([auth] session_idle_minutes).
  int session_idle_seconds = 30 * 60;
  // How long an invitation link works ([auth] invitation_days).
  int invitation_seconds = 7 * 24 * 3600;
  // The address people reach the server at, for invitation links printed by `samrad admin`
  // ([server] public_url); empty: http://localhost:PORT.
  std::string public_url;
  // The transparency log's origin: its checkpoints' first line and its key's name
  // ([records] log_origin).
  std::string log_origin = "localhost/samrad";
  // The log's signing key ([records] signing_key_file); created (mode 0600) when missing. Empty:
  // beside the SQLite database, as <database>.log-key. Required with PostgreSQL: every instance
  // signs the one shared log, so each needs a copy of the same key.
  std::string signing_key_file;
  // API tokens for exports: how long one lasts at most, how many one person may hold
  // ([api_tokens] lifetime_days, max_per_person).
  domain::ApiTokenLimits api_tokens;
  // Failed logins allowed before each attempt must wait, and the longest wait ([limits]).
  auth::LoginThrottleLimits login_throttle;
  // The bus between instances ([bus] redis = "host:port", --redis): absent, the server is one
  // instance and its bus stays inside the process.
  std::optional<bus::redis::RedisBusOptions> redis_bus;
  // With Redis, how often the store is asked for the heads of this instance's streams, so that an
  // event pub/sub lost still reaches every client within about this time ([bus] head_poll_ms).
  std::chrono::milliseconds head_poll{1000};
};

// What the command line asked for: a configuration to run, or help text to print.
struct ShowHelp {
  std::string text;
};
using ConfigOrHelp = std::variant<Config, ShowHelp>;

// Reads --config FILE (if given) and applies the other flags on top. Relative paths in the file
// are relative to the file's folder; on the command line, to the working directory. Throws
// std::runtime_error with a clear message on bad input.
ConfigOrHelp load_config(int argc, char** argv);

}  // namespace samrad::app
