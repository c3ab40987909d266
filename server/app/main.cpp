// samrad: the Samråd server. Wires the store, the service and the network layer together, seeds
// demo data on request, and runs until SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/config.hpp"
#include "app/demo_data.hpp"
#include "bus/local_hub.hpp"
#include "net/server.hpp"
#include "service/consultation_service.hpp"
#include "service/round_closer.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

int run(const samrad::app::Config& config) {
  using namespace samrad;
  store::SqliteStore store(config.database_path);
  spdlog::info("store: {}", config.database_path);
  if (config.demo_data) {
    auto empty = store.is_empty();
    if (!empty) throw std::runtime_error("store: " + empty.error().message);
    if (*empty) {
      app::seed_demo_data(store, service::now_ms());
      spdlog::info("demo data created");
    } else {
      spdlog::info("demo data: the database already has data; left as it is");
    }
    app::print_demo_logins(std::cout);
  }

  if (auto removed = store.delete_expired_sessions(service::now_ms()); !removed) {
    throw std::runtime_error("store: " + removed.error().message);
  } else if (*removed > 0) {
    spdlog::info("store: removed {} expired sessions", *removed);
  }

  bus::LocalHub hub;
  service::ServiceOptions service_options;
  service_options.session_lifetime_ms =
      static_cast<domain::Timestamp>(config.net.session_lifetime_seconds) * 1000;
  service::ConsultationService service(store, hub, service_options);

  service::RoundCloser closer(store, service);
  closer.start();

  net::Server server(config.net, service, hub);
  const auto port = server.listen();
  std::cout << "samrad: listening on http://" << config.net.bind_address << ":" << port
            << std::endl;
  server.run_until_signalled();
  closer.stop();
  // Commands already queued are committed before the store closes.
  service.stop();
  spdlog::info("shutdown complete");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::flush_on(spdlog::level::info);
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
