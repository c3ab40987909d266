// libFuzzer: the server's way in, end to end, in this process: the real net::Server with the
// service, an SQLite store holding the demo data, and a logged-in person. Each input is one
// connection to it:
//   - input starting with '{': WebSocket messages of that person, one per line, sent as text
//     frames on an upgrade made with their session (the protocol decoder and the dispatch of
//     every request; seeded from protocol/examples/client);
//   - anything else: raw bytes of an HTTP connection (parsing, limits, routing, the API, static
//     files, the upgrade; seeded from tests/fuzz/seeds/http), where @ORIGIN@ stands for the
//     server's own origin and @SESSION@ for the person's session token.
// After sending, the connection is half-closed; the server must then answer and close within
// 5 s, or the input is a hang (waits interrupted by libFuzzer's timer signal are resumed). Crashes
// and memory errors are caught by the sanitizers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <string>
#include <string_view>
#include <thread>

#include "app/demo_accounts.hpp"
#include "app/demo_data.hpp"
#include "bus/local_hub.hpp"
#include "bus/local_presence.hpp"
#include "net/server.hpp"
#include "service/account_service.hpp"
#include "service/api_token_service.hpp"
#include "service/consultation_service.hpp"
#include "service/record_log.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace samrad;

constexpr const char* person_email = "anna.lind@malmo.example";

// The server and what it serves from, alive until the process ends (it never shuts down: the
// fuzzer exits when done).
struct World {
  std::filesystem::path dir;
  store::SqliteStore* store = nullptr;
  service::ConsultationService* service = nullptr;
  std::uint16_t port = 0;
  std::string origin;
  std::string session;
};
World world;

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "fuzz_server: %.*s\n", static_cast<int>(what.size()), what.data());
  __builtin_trap();
}

std::string log_in() {
  std::promise<std::string> token;
  world.service->login(person_email, app::demo_password, [&](auto result) {
    token.set_value(result ? result->token : std::string());
  });
  std::string value = token.get_future().get();
  if (value.empty()) fail("the fuzzing person could not log in");
  return value;
}

// Inputs may end the person's session (a logout through @SESSION@): log in again then.
void keep_session() {
  std::promise<bool> live;
  world.service->resolve_session(
      world.session, [&](auto result) { live.set_value(result && result->has_value()); });
  if (!live.get_future().get()) world.session = log_in();
}

void start_server() {
  world.dir = std::filesystem::temp_directory_path() / ("samrad-fuzz-" + std::to_string(getpid()));
  std::filesystem::remove_all(world.dir);
  std::filesystem::create_directories(world.dir);
  std::atexit([] { std::filesystem::remove_all(world.dir); });
  world.store = new store::SqliteStore((world.dir / "samrad.db").string());
  app::seed_demo_data(*world.store, service::now_ms(), {});
  app::seed_demo_accounts(*world.store, service::now_ms());
  auto* hub = new bus::LocalHub();
  auto* presence = new bus::LocalPresence();
  world.service = new service::ConsultationService(*world.store, *hub, *presence, {});
  auto* accounts = new service::AccountService(*world.store, *world.service);
  auto* records = new service::RecordLog(*world.store, *world.service, world.dir / "log-key",
                                         "samrad.example/fuzz");
  auto* tokens = new service::ApiTokenService(*world.store, *world.service);
  net::NetOptions options;
  options.port = 0;
  options.static_dir = SAMRAD_STATIC_DIR;
  // One process sends every input: the per-connection and per-person limits are for people.
  options.requests_per_connection = {.per_second = 1e6, .burst = 1e6};
  options.requests_per_person = {.per_second = 1e6, .burst = 1e6};
  options.max_connections_per_address = 100'000;
  auto* server = new net::Server(options, *world.service, *accounts, *tokens, *records, *hub);
  world.port = server->listen();
  world.origin = "http://127.0.0.1:" + std::to_string(world.port);
  std::thread([server] { server->run_until_signalled(); }).detach();
  world.session = log_in();
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class Connection {
 public:
  Connection() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) fail("socket");
    const timeval timeout{.tv_sec = 5, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(world.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
        !(errno == EINTR && connected_after_interruption())) {
      fail(std::string("cannot connect to the server: ") + std::strerror(errno));
    }
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends what the server takes; a server that has closed (after refusing) is not a finding.
  void send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0 && errno == EINTR) continue;
      if (sent <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

  // Reads until the response head ends; returns it (empty when the server closed first).
  std::string read_head() {
    std::string head;
    char byte = 0;
    while (!head.ends_with("\r\n\r\n")) {
      const ssize_t got = recv(fd_, &byte, 1, 0);
      if (got == 0) return {};
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) fail("no response head within 5 s");
        return {};
      }
      head += byte;
    }
    return head;
  }

  // Half-closes and reads until the server closes.
  void finish() {
    shutdown(fd_, SHUT_WR);
    std::array<char, 16384> buffer{};
    for (;;) {
      const ssize_t got = recv(fd_, buffer.data(), buffer.size(), 0);
      if (got > 0 || (got < 0 && errno == EINTR)) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        fail("the server did not close a half-closed connection within 5 s");
      }
      return;
    }
  }

 private:
  // libFuzzer's timer (SIGALRM, for -timeout) interrupts blocking calls: a socket call with a
  // timeout then fails with EINTR whatever SA_RESTART says, and an interrupted connect() goes on
  // in the background.
  bool connected_after_interruption() {
    pollfd writable{.fd = fd_, .events = POLLOUT, .revents = 0};
    int ready = 0;
    do {
      ready = poll(&writable, 1, 5000);
    } while (ready < 0 && errno == EINTR);
    int error = 0;
    socklen_t length = sizeof error;
    if (ready == 0) errno = ETIMEDOUT;
    if (ready <= 0 || getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return false;
    errno = error;
    return error == 0;
  }

  int fd_;
};

// A client frame: masked, as RFC 6455 requires of clients.
std::string client_frame(std::uint8_t opcode, std::string_view payload) {
  std::string frame;
  frame += static_cast<char>(0x80 | opcode);
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() <= 0xffff) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame += static_cast<char>((payload.size() >> shift) & 0xff);
    }
  }
  constexpr std::array<char, 4> mask = {'\x5a', '\x17', '\x3c', '\x71'};
  frame.append(mask.data(), mask.size());
  for (std::size_t i = 0; i < payload.size(); ++i) frame += payload[i] ^ mask[i % 4];
  return frame;
}

void websocket_messages(std::string_view messages) {
  Connection connection;
  connection.send_all(
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " +
      world.origin + "\r\nCookie: samrad_session=" + world.session + "\r\n\r\n");
  if (const auto head = connection.read_head(); !head.starts_with("HTTP/1.1 101")) {
    fail("the upgrade was refused: " + head);
  }
  while (!messages.empty()) {
    const auto end = messages.find('\n');
    connection.send_all(client_frame(0x1, messages.substr(0, end)));
    messages = end == std::string_view::npos ? std::string_view() : messages.substr(end + 1);
  }
  connection.send_all(client_frame(0x8, std::string_view("\x03\xe8", 2)));
  connection.finish();
}

void http_connection(std::string_view input) {
  std::string bytes = replace_all(std::string(input), "@ORIGIN@", world.origin);
  bytes = replace_all(std::move(bytes), "@SESSION@", world.session);
  Connection connection;
  connection.send_all(bytes);
  connection.finish();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  start_server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.starts_with('{')) {
    websocket_messages(input);
  } else {
    http_connection(input);
  }
  keep_session();
  return 0;
}
