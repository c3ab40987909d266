// The WebSocket write path over a real loopback TCP connection with small socket buffers, read by
// Beast's own client: frames split across partial writes, Beast's pongs and close frame queued
// while a gathered write is under way, a slow reader cut, a peer that stops reading.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "net/beast.hpp"
#include "net/queued_socket.hpp"

namespace samrad::net {
namespace {

using namespace std::chrono_literals;

// The server side of one connection: a websocket::stream over QueuedSocket, as a session has.
class ServerSide : public SendQueue::Owner, public std::enable_shared_from_this<ServerSide> {
 public:
  ServerSide(tcp::socket socket, SendQueue::Bounds bounds) : ws(std::move(socket), bounds, *this) {}

  std::shared_ptr<void> lifeline() override { return shared_from_this(); }
  void on_send_room() override { ++rooms; }
  void on_send_overflow() override { ++overflows; }
  void on_send_failed() override { ++failures; }
  void on_all_sent() override { sent_at.push_back(queue().all_sent()); }

  SendQueue& queue() { return ws.next_layer().queue(); }

  // Reads (and so answers pings and the client's close) until the connection ends.
  void read_forever() {
    ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->buffer.consume(self->buffer.size());
      if (!ec) self->read_forever();
    });
  }

  WebSocketStream ws;
  beast::flat_buffer buffer;
  int rooms = 0;
  int overflows = 0;
  int failures = 0;
  std::vector<bool> sent_at;  // each on_all_sent(), and whether the queue was empty then
};

using ClientStream = websocket::stream<tcp::socket>;

class SendQueueTest : public ::testing::Test {
 protected:
  // Connects a Beast client to a ServerSide over loopback; both socket buffers are small, so a
  // large frame always takes several partial writes.
  void connect(SendQueue::Bounds bounds = {64u << 20, 100000}) {
    // Set before connecting (an accepted socket inherits its listener's), so that TCP's window
    // is small from the start rather than shrunk under it.
    tcp::acceptor acceptor(io, tcp::v4());
    acceptor.set_option(asio::socket_base::send_buffer_size(4096));
    acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor.listen();
    client = std::make_unique<ClientStream>(io);
    client->next_layer().open(tcp::v4());
    client->next_layer().set_option(asio::socket_base::receive_buffer_size(4096));
    client->next_layer().connect(acceptor.local_endpoint());
    tcp::socket accepted(io);
    acceptor.accept(accepted);
    server = std::make_shared<ServerSide>(std::move(accepted), bounds);
    server->ws.auto_fragment(false);
    bool accepted_ok = false;
    server->ws.async_accept([&](beast::error_code ec) {
      ASSERT_FALSE(ec) << ec.message();
      accepted_ok = true;
    });
    bool handshake_ok = false;
    client->async_handshake("127.0.0.1", "/ws", [&](beast::error_code ec) {
      ASSERT_FALSE(ec) << ec.message();
      handshake_ok = true;
    });
    while (!(accepted_ok && handshake_ok) && io.run_one_for(5s) > 0) {
    }
    ASSERT_TRUE(accepted_ok && handshake_ok);
    io.restart();
  }

  // A message whose text names its index, padded to size bytes.
  static std::string message(std::size_t index, std::size_t size) {
    std::string text = "#" + std::to_string(index) + ":";
    text.resize(std::max(size, text.size()), static_cast<char>('a' + index % 26));
    return text;
  }

  // Sizes covering the three header forms (7-bit, 16-bit and 64-bit lengths).
  static std::size_t size_of(std::size_t index) {
    constexpr std::size_t sizes[] = {1, 125, 126, 1000, 65535, 65536, 70000, 10, 300};
    return sizes[index % std::size(sizes)];
  }

  // Reads messages until the connection ends or `count` have arrived.
  void read_messages(std::size_t count) {
    if (received.size() == count) return;
    client->async_read(client_buffer, [this, count](beast::error_code ec, std::size_t) {
      if (ec) {
        client_error = ec;
        return;
      }
      received.push_back(beast::buffers_to_string(client_buffer.data()));
      client_buffer.consume(client_buffer.size());
      if (after_each_message) after_each_message();
      read_messages(count);
    });
  }

  // Runs the connection's work until done() holds, or 20 s pass.
  void run_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) io.run_for(10ms);
  }

  asio::io_context io;
  std::unique_ptr<ClientStream> client;
  std::shared_ptr<ServerSide> server;
  beast::flat_buffer client_buffer;
  std::vector<std::string> received;
  beast::error_code client_error;
  std::function<void()> after_each_message;
};

TEST_F(SendQueueTest, FramesSplitAcrossPartialWritesArriveWholeAndInOrder) {
  connect();
  constexpr std::size_t count = 300;
  std::vector<std::string> sent;
  for (std::size_t i = 0; i < count; ++i) {
    sent.push_back(message(i, size_of(i)));
    server->queue().send(bus::WireFrame::text(sent.back()));
  }
  // One frame shared by several sends, as fan-out shares it across sessions.
  const auto shared = bus::WireFrame::text("shared");
  for (int i = 0; i < 3; ++i) {
    server->queue().send(shared);
    sent.emplace_back("shared");
  }
  read_messages(sent.size());
  run_until([&] { return client_error || received.size() == sent.size(); });
  EXPECT_FALSE(client_error) << client_error.message();
  ASSERT_EQ(received.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    ASSERT_EQ(received[i], sent[i]) << "message " << i;
  }
  EXPECT_EQ(server->overflows, 0);
  EXPECT_EQ(server->failures, 0);
}

TEST_F(SendQueueTest, HeldMessagesWaitForReleaseWhileControlBytesDoNot) {
  connect();
  server->read_forever();
  int pongs = 0;
  client->control_callback([&](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++pongs;
  });
  read_messages(6);
  server->queue().hold();
  for (std::size_t i = 0; i < 3; ++i) server->queue().send(bus::WireFrame::text(message(i, 10)));
  io.run_for(50ms);
  EXPECT_TRUE(received.empty()) << "held messages stay queued";
  server->queue().release();
  run_until([&] { return client_error || received.size() == 3; });
  ASSERT_EQ(received.size(), 3u);

  // A pong is not held back (the write it starts takes the held messages along).
  server->queue().hold();
  for (std::size_t i = 3; i < 6; ++i) server->queue().send(bus::WireFrame::text(message(i, 10)));
  client->async_ping({}, [](beast::error_code) {});
  run_until([&] { return client_error || (pongs == 1 && received.size() == 6); });
  EXPECT_EQ(pongs, 1);
  server->queue().release();
  run_until([&] { return client_error || received.size() == 6; });
  ASSERT_EQ(received.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(received[i], message(i, 10));
}

TEST_F(SendQueueTest, PingsDuringGatheredWritesAreAnsweredBetweenWholeFrames) {
  connect();
  server->read_forever();
  int pongs = 0;
  std::size_t messages_before_last_pong = 0;
  client->control_callback([&](websocket::frame_type kind, beast::string_view) {
    if (kind != websocket::frame_type::pong) return;
    ++pongs;
    messages_before_last_pong = received.size();
  });
  constexpr std::size_t count = 1000;
  std::vector<std::string> sent;
  for (std::size_t i = 0; i < count; ++i) {
    sent.push_back(message(i, size_of(i)));
    server->queue().send(bus::WireFrame::text(sent.back()));
  }
  // A ping after each of the first messages, while the rest are still being written: the
  // server's pong goes into the queue behind whatever is on the wire, ahead of the rest.
  int pings = 0;
  bool pinging = false;  // Beast writes one ping at a time
  after_each_message = [&] {
    if (pings < 100 && !pinging) {
      ++pings;
      pinging = true;
      client->async_ping({}, [&](beast::error_code) { pinging = false; });
    }
  };
  read_messages(count);
  run_until([&] { return client_error || (received.size() == count && pongs == pings); });
  EXPECT_FALSE(client_error) << client_error.message();
  ASSERT_EQ(received.size(), count);
  for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(received[i], sent[i]) << "message " << i;
  EXPECT_EQ(pings, 100);
  EXPECT_EQ(pongs, 100);
  EXPECT_LT(messages_before_last_pong, count) << "pongs are not kept behind the backlog";
}

TEST_F(SendQueueTest, ACloseWhileFramesAreQueuedDropsTheUnsentAndEndsWithItsCode) {
  connect();
  server->read_forever();
  constexpr std::size_t count = 500;
  std::vector<std::string> sent;
  for (std::size_t i = 0; i < count; ++i) {
    sent.push_back(message(i, 10000));
    server->queue().send(bus::WireFrame::text(sent.back()));
  }
  // Cut while most of the frames are still queued, the way a slow reader is cut.
  bool closed = false;
  server->queue().stop_messages();
  server->ws.async_close(websocket::close_reason(close_code_resume, "too slow; resume"),
                         [&](beast::error_code) { closed = true; });
  server->queue().send(bus::WireFrame::text("after the close"));  // not sent
  read_messages(count + 1);
  run_until([&] { return client_error && closed; });
  EXPECT_EQ(client_error, websocket::error::closed);
  EXPECT_EQ(client->reason().code, close_code_resume);
  EXPECT_TRUE(closed);
  ASSERT_LT(received.size(), count) << "the unsent frames are dropped";
  for (std::size_t i = 0; i < received.size(); ++i) {
    ASSERT_EQ(received[i], sent[i]) << "a prefix of what was sent, each frame whole";
  }
}

TEST_F(SendQueueTest, APeerThatStopsReadingFillsTheBoundsAndIsCutByTheCloseTimeout) {
  connect({1u << 20, 100000});
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = 1s;  // also bounds the closing handshake
  timeouts.idle_timeout = websocket::stream_base::none();
  server->ws.set_option(timeouts);
  server->read_forever();
  // The client never reads: the socket buffers fill, then the queue's bounds.
  for (std::size_t i = 0; i < 1000 && server->overflows == 0; ++i) {
    server->queue().send(bus::WireFrame::text(message(i, 10000)));
    io.poll();
  }
  EXPECT_EQ(server->overflows, 1);
  bool closed = false;
  server->queue().stop_messages();
  server->ws.async_close(websocket::close_reason(close_code_resume, "too slow; resume"),
                         [&](beast::error_code) { closed = true; });
  run_until([&] { return closed; });
  EXPECT_TRUE(closed) << "the close frame could not be written, and the timeout ended it";
  EXPECT_EQ(server->failures, 1) << "the write under way failed when the socket was closed";
}

TEST_F(SendQueueTest, TheOwnerHearsOfRoomOnlyAfterAReplayWasRefusedIt) {
  connect({64u << 20, 40});
  for (std::size_t i = 0; i < 30; ++i) server->queue().send(bus::WireFrame::text(message(i, 100)));
  read_messages(30);
  run_until([&] { return received.size() == 30; });
  EXPECT_EQ(server->rooms, 0) << "live frames alone never pause a replay";

  io.restart();  // it ran out of work
  for (std::size_t i = 0; i < 30; ++i) server->queue().send(bus::WireFrame::text(message(i, 100)));
  ASSERT_FALSE(server->queue().has_room_for_replay(100)) << "30 queued of at most 40: over half";
  EXPECT_EQ(server->rooms, 0);
  read_messages(60);
  run_until([&] { return received.size() == 60; });
  EXPECT_EQ(server->rooms, 1) << "told once, when the queue fell to a quarter";
}

TEST_F(SendQueueTest, TheOwnerIsToldOnceWhenEverythingQueuedIsOnTheWire) {
  connect();
  for (std::size_t i = 0; i < 40; ++i) {
    server->queue().send(bus::WireFrame::text(message(i, 70000)));
  }
  ASSERT_FALSE(server->queue().all_sent()) << "a 4 KiB socket buffer takes far less than 2.8 MB";
  server->queue().notify_when_sent();
  read_messages(40);
  run_until([&] { return received.size() == 40 && !server->sent_at.empty(); });
  EXPECT_EQ(received.size(), 40u);
  EXPECT_EQ(server->sent_at, (std::vector<bool>{true})) << "once, with nothing left queued";
}

}  // namespace
}  // namespace samrad::net
