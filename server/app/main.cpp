// samrad: the Samråd server. Wires the store, the services and the network layer together, seeds
// demo data on request, and runs until SIGINT/SIGTERM; `samrad admin ...` manages accounts in
// the database instead (app/admin_command), and `samrad verify ...` checks decision records and
// checkpoints offline (app/verify_command).
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/admin_command.hpp"
#include "app/config.hpp"
#include "app/demo_accounts.hpp"
#include "app/demo_data.hpp"
#include "app/open_store.hpp"
#include "app/verify_command.hpp"
#include "bus/local_hub.hpp"
#include "bus/local_presence.hpp"
#include "bus/redis/redis_bus.hpp"
#include "net/server.hpp"
#include "service/account_service.hpp"
#include "service/api_token_service.hpp"
#include "service/consultation_service.hpp"
#include "service/head_watcher.hpp"
#include "service/record_log.hpp"
#include "service/round_closer.hpp"
#include "service/session_reaper.hpp"

namespace {

constexpr auto log_pattern = "%Y-%m-%dT%H:%M:%S.%eZ %l %v";

// Every post and command logs a line. Into a pipe, a file or the journal the lines are written
// out once a second and at once for a warning, not one system call per line on the group
// commit's thread (spdlog's console sinks flush every line). The audit log in the database is
// the durable record; stdout is for operators. On a terminal: colours, line by line.
void log_buffered_unless_on_a_terminal() {
  if (isatty(STDOUT_FILENO)) return;
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "", std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout)));
  spdlog::set_pattern(log_pattern, spdlog::pattern_time_type::utc);
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

int run(const samrad::app::Config& config) {
  using namespace samrad;
  log_buffered_unless_on_a_terminal();
  // The log's key must be the same on every instance sharing a PostgreSQL database.
  if (!config.postgres.empty() && config.signing_key_file.empty()) {
    throw std::runtime_error(
        "with [database] postgres, set [records] signing_key_file (--signing-key-file) to the "
        "log's key, a copy of which every instance needs");
  }
  const auto opened = app::open_store(config);
  store::SqlStore& store = *opened;
  spdlog::info("store: {}", app::describe_store(config));
  if (config.demo_data) {
    auto empty = store.is_empty();
    if (!empty) throw std::runtime_error("store: " + empty.error().message);
    if (*empty) {
      app::seed_demo_data(store, service::now_ms(), {.log_origin = config.log_origin});
      app::seed_demo_accounts(store, service::now_ms());
      spdlog::info("demo data created");
    } else {
      spdlog::info("demo data: the database already has data; left as it is");
    }
    app::print_demo_logins(std::cout);
  }

  // One instance: the bus stays in the process. Several: a Redis bridge around the same hub, and
  // a shared PostgreSQL store that assigns every event's seq.
  // Presence goes with the bus: shared through the same Redis, or kept in the process.
  std::unique_ptr<bus::Bus> bus;
  std::unique_ptr<bus::LocalPresence> local_presence;
  bus::Presence* presence = nullptr;
  if (config.redis_bus) {
    auto redis = std::make_unique<bus::redis::RedisBus>(*config.redis_bus);
    presence = redis.get();
    bus = std::move(redis);
    spdlog::info("bus: bridged through redis {}{}; presence expires after {} ms",
                 config.redis_bus->address, config.redis_bus->sharded ? " (sharded pub/sub)" : "",
                 config.redis_bus->presence_ttl.count());
  } else {
    bus = std::make_unique<bus::LocalHub>();
    local_presence = std::make_unique<bus::LocalPresence>();
    presence = local_presence.get();
  }
  service::ServiceOptions service_options;
  service_options.records.log_origin = config.log_origin;
  service_options.session_lifetime_ms =
      static_cast<domain::Timestamp>(config.net.session_lifetime_seconds) * 1000;
  service_options.session_idle_ms =
      static_cast<domain::Timestamp>(config.session_idle_seconds) * 1000;
  service_options.login_throttle = config.login_throttle;
  // Other instances' commits never pass through this one's fan-out: no cache of recent frames.
  if (config.redis_bus) service_options.replay_cache.reset();
  service::ConsultationService service(store, *bus, *presence, service_options);
  service::AccountService accounts(
      store, service,
      {.invitation_lifetime_ms = static_cast<domain::Timestamp>(config.invitation_seconds) * 1000});

  service::RoundCloser closer(store, service);
  closer.start();
  // Expired sessions are removed (and their ends recorded) from the start, then every second.
  service::SessionReaper reaper(accounts, std::chrono::seconds(1));
  reaper.start();
  // With other instances, what Redis pub/sub loses is read from the shared store.
  service::HeadWatcher heads(store, *bus, config.head_poll);
  if (config.redis_bus) heads.start();

  // The log's key is read (or made) before anything is served: a bad key file stops the start.
  const auto key_file =
      config.signing_key_file.empty() ? config.database_path + ".log-key" : config.signing_key_file;
  service::RecordLog records(store, service, key_file, config.log_origin);
  spdlog::info("records: log {} signed with {}", config.log_origin, records.verifier_key());
  service::ApiTokenService tokens(store, service, config.api_tokens);

  net::Server server(config.net, service, accounts, tokens, records, *bus);
  const auto port = server.listen();
  std::cout << "samrad: listening on http://" << config.net.bind_address << ":" << port
            << std::endl;
  server.run_until_signalled();
  closer.stop();
  reaper.stop();
  // Commands already queued are committed before the store closes.
  service.stop();
  spdlog::info("shutdown complete");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_pattern(log_pattern, spdlog::pattern_time_type::utc);
  spdlog::flush_on(spdlog::level::info);
  if (argc > 1 && std::string_view(argv[1]) == "admin") {
    return samrad::app::run_admin_command(argc - 1, argv + 1, std::cout, std::cerr);
  }
  if (argc > 1 && std::string_view(argv[1]) == "verify") {
    return samrad::app::run_verify_command(argc - 1, argv + 1, std::cout, std::cerr);
  }
  samrad::app::ConfigOrHelp loaded;
  try {
    loaded = samrad::app::load_config(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "samrad: " << e.what() << "\n";
    return 2;
  }
  if (auto* help = std::get_if<samrad::app::ShowHelp>(&loaded)) {
    std::cout << help->text;
    return 0;
  }
  try {
    return run(std::get<samrad::app::Config>(loaded));
  } catch (const std::exception& e) {
    spdlog::critical("samrad: {}", e.what());
    return 1;
  }
}
