// What the bus carries to a subscriber: a server-to-client WebSocket frame, built once and
// shared read-only by every connection it reaches, header included, so that fan-out writes the
// same bytes to every socket and never frames a message per delivery.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace samrad::bus {

class WireFrame {
 public:
  // An unfragmented, unmasked text frame (RFC 6455 §5.2) carrying payload.
  static std::shared_ptr<const WireFrame> text(std::string_view payload);
  // Bytes that are already one or more whole frames (the WebSocket library's own control
  // frames and handshake answer), written as they are.
  static std::shared_ptr<const WireFrame> raw(std::string_view bytes);

  // Everything written to the socket.
  std::string_view bytes() const noexcept { return bytes_; }
  std::size_t size() const noexcept { return bytes_.size(); }
  // The message inside (the JSON of a text frame).
  std::string_view payload() const noexcept { return bytes().substr(header_size_); }

 private:
  WireFrame(std::string bytes, std::uint8_t header_size)
      : bytes_(std::move(bytes)), header_size_(header_size) {}

  std::string bytes_;
  std::uint8_t header_size_;
};

using Frame = std::shared_ptr<const WireFrame>;

}  // namespace samrad::bus
