// The network layer's entry point (see server.hpp): io_context, threads, signals, shutdown.
#include "net/server.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>

#include "net/listener.hpp"
#include "net/net_context.hpp"
#include "net/session_watch.hpp"

namespace samrad::net {

struct Server::Impl {
  Impl(NetOptions options, service::ConsultationService& service, service::AccountService& accounts,
       service::ApiTokenService& tokens, service::RecordLog& records, bus::Bus& bus)
      : io(static_cast<int>(options.io_threads)),
        context{options,
                options.allowed_origins,
                service,
                accounts,
                tokens,
                records,
                bus,
                ConnectionRegistry(options.requests_per_person),
                DeliveryInbox(io, options.io_threads, options.delivery_interval),
                AddressLeases(options.max_connections_per_address, options.trusted_proxies)} {}

  asio::io_context io;
  // The group commit's answers, a batch at a time, in commit order.
  asio::strand<asio::io_context::executor_type> answers = asio::make_strand(io);
  NetContext context;
  std::shared_ptr<Listener> listener;
  std::shared_ptr<SessionWatch> watch;
};

namespace {

// Trusted proxies written as a peer's address is printed, so that comparing texts is enough.
NetOptions with_proxies_as_printed(NetOptions options) {
  for (auto& proxy : options.trusted_proxies) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(proxy, ec);
    if (ec) throw std::runtime_error("trusted_proxies: not an IP address: " + proxy);
    proxy = address.to_string();
  }
  return options;
}

}  // namespace

Server::Server(NetOptions options, service::ConsultationService& service,
               service::AccountService& accounts, service::ApiTokenService& tokens,
               service::RecordLog& records, bus::Bus& bus)
    : impl_(std::make_unique<Impl>(with_proxies_as_printed(std::move(options)), service, accounts,
                                   tokens, records, bus)) {
  set_behind_tls(impl_->context.options.cookie_secure);
  // A batch's answers post to each connection's strand from an I/O thread (no wake-up each).
  impl_->context.service.answer_through([&answers = impl_->answers](std::function<void()> job) {
    asio::post(answers, std::move(job));
  });
}

Server::~Server() {
  answer_on_the_writer_thread();
}

// Later batches are answered on the writer thread; those handed here meanwhile are answered now
// (a service waiting for an answer of its own, such as the session reaper, would wait forever).
void Server::answer_on_the_writer_thread() {
  impl_->context.service.answer_through(nullptr);
  impl_->io.restart();
  impl_->io.poll();
}

std::uint16_t Server::listen() {
  const auto address = asio::ip::make_address(impl_->context.options.bind_address);
  impl_->listener = std::make_shared<Listener>(
      impl_->io, tcp::endpoint{address, impl_->context.options.port}, impl_->context);
  const std::uint16_t port = impl_->listener->port();
  // The server's own origins are always allowed, so the port may be chosen at start (port 0).
  for (const char* host : {"127.0.0.1", "localhost"}) {
    impl_->context.allowed_origins.push_back("http://" + std::string(host) + ":" +
                                             std::to_string(port));
  }
  impl_->listener->start();
  impl_->watch = std::make_shared<SessionWatch>(
      impl_->io, impl_->context,
      std::chrono::milliseconds(impl_->context.options.session_check_ms));
  impl_->watch->start();
  return port;
}

// Clients get a few seconds to complete the close handshake; then the I/O stops regardless.
void Server::wait_for_connections_to_close(std::chrono::steady_clock::time_point deadline) {
  if (impl_->context.registry.empty() || std::chrono::steady_clock::now() >= deadline) {
    return impl_->io.stop();
  }
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, std::chrono::milliseconds(20));
  timer->async_wait(
      [this, timer, deadline](beast::error_code) { wait_for_connections_to_close(deadline); });
}

void Server::run_until_signalled() {
  asio::signal_set signals(impl_->io, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("shutdown: signal {}, closing connections", signal);
    impl_->listener->stop();
    if (impl_->watch) impl_->watch->stop();
    impl_->context.registry.shut_down_all();
    wait_for_connections_to_close(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  });

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->context.options.io_threads; ++i) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  answer_on_the_writer_thread();
}

}  // namespace samrad::net
