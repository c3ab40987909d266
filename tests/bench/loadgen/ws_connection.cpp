// The hand-written WebSocket client (see ws_connection.hpp).
#include "ws_connection.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <vector>

namespace samrad::bench {

namespace {

constexpr std::size_t max_handshake_bytes = 16 * 1024;
// Clients must mask their frames; the server cannot tell a fixed key from a random one.
constexpr std::array<unsigned char, 4> mask_key{0x5a, 0x3c, 0xa7, 0x19};

// Every connection reads into this one buffer (the generator is single-threaded per
// io_context), so an idle connection holds no read buffer of its own.
std::vector<char>& read_buffer() {
  thread_local std::vector<char> buffer(256 * 1024);
  return buffer;
}

}  // namespace

std::string upgrade_request(const tcp::endpoint& server, std::string_view path,
                            std::string_view origin, std::string_view cookie) {
  std::string request = "GET ";
  request += path;
  request += " HTTP/1.1\r\nHost: ";
  request += server.address().to_string() + ":" + std::to_string(server.port());
  request +=
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!origin.empty()) request += "Origin: " + std::string(origin) + "\r\n";
  if (!cookie.empty()) request += "Cookie: " + std::string(cookie) + "\r\n";
  request += "\r\n";
  return request;
}

WsConnection::WsConnection(asio::io_context& io, Handler& handler, std::size_t id)
    : socket_(io), handler_(handler), id_(id) {}

void WsConnection::open(const tcp::endpoint& server, std::string request) {
  pending_ = std::move(request);
  socket_.async_connect(server, [this](boost::system::error_code ec) {
    if (state_ == State::closed) return;
    if (ec) return fail("connect: " + ec.message());
    socket_.set_option(tcp::no_delay(true), ec);
    socket_.non_blocking(true, ec);
    state_ = State::upgrading;
    flush();
    wait_readable();
  });
}

void WsConnection::send_text(std::string_view message) {
  if (state_ != State::open) return;
  queue_frame(0x1, message);
  if (!writing_) flush();
}

void WsConnection::drop() {
  if (state_ == State::closed) return;
  state_ = State::closed;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void WsConnection::fail(const std::string& why) {
  if (state_ == State::closed) return;
  drop();
  handler_.on_closed(*this, why);
}

void WsConnection::wait_readable() {
  socket_.async_wait(tcp::socket::wait_read, [this](boost::system::error_code ec) {
    if (state_ == State::closed) return;
    if (ec) return fail("wait: " + ec.message());
    read_available();
  });
}

void WsConnection::read_available() {
  auto& buffer = read_buffer();
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(buffer), ec);
    if (ec == asio::error::would_block) break;
    if (ec) return fail(ec == asio::error::eof ? "closed by server" : "read: " + ec.message());
    std::string_view data(buffer.data(), n);
    if (!unparsed_.empty()) {
      unparsed_.append(data);
      data = unparsed_;
    }
    const std::size_t used = consume(data);
    if (state_ == State::closed) return;
    if (data.data() == unparsed_.data()) {
      unparsed_.erase(0, used);
    } else {
      unparsed_.assign(data.substr(used));
    }
    if (n < buffer.size()) break;
  }
  wait_readable();
}

std::size_t WsConnection::consume(std::string_view data) {
  std::size_t used = 0;
  if (state_ == State::upgrading) {
    used = consume_handshake(data);
    if (state_ != State::open) return used;
  }
  return used + consume_frames(data.substr(used));
}

std::size_t WsConnection::consume_handshake(std::string_view data) {
  const auto end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (data.size() > max_handshake_bytes) fail("upgrade answer too long");
    return 0;
  }
  if (!data.starts_with("HTTP/1.1 101")) {
    fail("upgrade refused: " + std::string(data.substr(0, data.find("\r\n"))));
    return 0;
  }
  state_ = State::open;
  handler_.on_open(*this);
  return end + 4;
}

std::size_t WsConnection::consume_frames(std::string_view data) {
  std::size_t used = 0;
  while (state_ == State::open) {
    const std::string_view rest = data.substr(used);
    if (rest.size() < 2) break;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(rest[i]); };
    const bool fin = (byte(0) & 0x80) != 0;
    const unsigned opcode = byte(0) & 0x0f;
    if (byte(1) & 0x80) {
      fail("server sent a masked frame");
      break;
    }
    std::uint64_t length = byte(1) & 0x7f;
    std::size_t header = 2;
    if (length == 126) {
      if (rest.size() < 4) break;
      length = (std::uint64_t{byte(2)} << 8) | byte(3);
      header = 4;
    } else if (length == 127) {
      if (rest.size() < 10) break;
      length = 0;
      for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
      header = 10;
    }
    if (rest.size() - header < length) break;
    used += header + length;
    on_frame(opcode, fin, rest.substr(header, length));
  }
  return used;
}

void WsConnection::on_frame(unsigned opcode, bool fin, std::string_view payload) {
  switch (opcode) {
    case 0x0:  // continuation
      fragments_.append(payload);
      if (fin) {
        const std::string message = std::move(fragments_);
        fragments_.clear();
        handler_.on_text(*this, message);
      }
      break;
    case 0x1:
    case 0x2:
      if (fin) {
        handler_.on_text(*this, payload);
      } else {
        fragments_.assign(payload);
      }
      break;
    case 0x8: {
      const std::string code = payload.size() >= 2
                                   ? std::to_string((static_cast<unsigned char>(payload[0]) << 8) |
                                                    static_cast<unsigned char>(payload[1]))
                                   : "none";
      fail("server closed with " + code + " " +
           std::string(payload.substr(std::min<std::size_t>(2, payload.size()))));
      break;
    }
    case 0x9:
      queue_frame(0xa, payload);
      if (!writing_) flush();
      break;
    default:  // pong
      break;
  }
}

void WsConnection::queue_frame(unsigned opcode, std::string_view payload) {
  pending_.push_back(static_cast<char>(0x80 | opcode));
  const std::size_t length = payload.size();
  if (length < 126) {
    pending_.push_back(static_cast<char>(0x80 | length));
  } else if (length < 65536) {
    pending_.push_back(static_cast<char>(0x80 | 126));
    pending_.push_back(static_cast<char>(length >> 8));
    pending_.push_back(static_cast<char>(length & 0xff));
  } else {
    pending_.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      pending_.push_back(static_cast<char>((std::uint64_t{length} >> shift) & 0xff));
    }
  }
  pending_.append(reinterpret_cast<const char*>(mask_key.data()), mask_key.size());
  const std::size_t start = pending_.size();
  pending_.append(payload);
  for (std::size_t i = 0; i < length; ++i)
    pending_[start + i] ^= static_cast<char>(mask_key[i % 4]);
}

void WsConnection::flush() {
  if (pending_.empty() || state_ == State::closed) return;
  writing_ = true;
  in_flight_.swap(pending_);
  asio::async_write(socket_, asio::buffer(in_flight_),
                    [this](boost::system::error_code ec, std::size_t) {
                      writing_ = false;
                      in_flight_.clear();
                      if (state_ == State::closed) return;
                      if (ec) return fail("write: " + ec.message());
                      flush();
                    });
}

}  // namespace samrad::bench
