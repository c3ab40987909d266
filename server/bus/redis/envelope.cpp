// The inter-instance envelope (see envelope.hpp).
#include "bus/redis/envelope.hpp"

#include <random>

namespace samrad::bus::redis {

namespace {

constexpr std::string_view magic = "SB\x01";
constexpr std::uint8_t has_access = 1;
constexpr std::uint8_t has_opens_at = 1;
constexpr std::uint8_t has_closes_at = 2;

void put_u8(std::string& out, std::uint8_t value) {
  out.push_back(static_cast<char>(value));
}

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    put_u8(out, static_cast<std::uint8_t>(value >> shift));
}

void put_i64(std::string& out, std::int64_t signed_value) {
  const auto value = static_cast<std::uint64_t>(signed_value);
  for (int shift = 56; shift >= 0; shift -= 8)
    put_u8(out, static_cast<std::uint8_t>(value >> shift));
}

// Reads fields front to back; the first shortfall or bad value is remembered and every later
// read yields zero, so decoding code stays a straight line and checks failed() once per step.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  std::string_view take(std::size_t count, const char* field) {
    if (!error_.empty()) return {};
    if (rest_.size() < count) {
      fail(std::string("truncated at ") + field);
      return {};
    }
    const auto taken = rest_.substr(0, count);
    rest_.remove_prefix(count);
    return taken;
  }
  std::uint8_t u8(const char* field) {
    const auto bytes = take(1, field);
    return bytes.empty() ? 0 : static_cast<std::uint8_t>(bytes[0]);
  }
  std::uint32_t u32(const char* field) {
    std::uint32_t value = 0;
    for (const char byte : take(4, field)) value = (value << 8) | static_cast<std::uint8_t>(byte);
    return value;
  }
  std::int64_t i64(const char* field) {
    std::uint64_t value = 0;
    for (const char byte : take(8, field)) value = (value << 8) | static_cast<std::uint8_t>(byte);
    return static_cast<std::int64_t>(value);
  }
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t remaining() const { return rest_.size(); }

 private:
  std::string_view rest_;
  std::string error_;
};

domain::Error refuse(const std::string& why) {
  return domain::make_error(domain::ErrorCode::bad_request, "bus envelope: " + why);
}

}  // namespace

InstanceId random_instance_id() {
  std::random_device device;
  InstanceId id;
  for (auto& byte : id) byte = static_cast<std::uint8_t>(device());
  return id;
}

std::string encode_envelope(const InstanceId& origin, const EncodedEvent& event) {
  std::string out;
  const std::string_view frame = event.frame ? event.frame->payload() : std::string_view();
  out.reserve(64 + frame.size());
  out.append(magic);
  out.append(reinterpret_cast<const char*>(origin.data()), origin.size());
  put_i64(out, event.stream.round);
  put_u8(out, static_cast<std::uint8_t>(event.stream.kind));
  put_i64(out, event.seq);
  put_u8(out, event.access_after ? has_access : 0);
  if (const auto& access = event.access_after) {
    put_i64(out, access->id);
    put_u8(out, static_cast<std::uint8_t>(access->phase));
    put_u8(out, static_cast<std::uint8_t>(access->kind));
    put_u8(out, static_cast<std::uint8_t>((access->opens_at ? has_opens_at : 0) |
                                          (access->closes_at ? has_closes_at : 0)));
    if (access->opens_at) put_i64(out, *access->opens_at);
    if (access->closes_at) put_i64(out, *access->closes_at);
    put_i64(out, access->proposal_version);
    put_u32(out, static_cast<std::uint32_t>(access->invited.size()));
    for (const auto organisation : access->invited) put_i64(out, organisation);
  }
  put_u32(out, static_cast<std::uint32_t>(frame.size()));
  out.append(frame);
  return out;
}

domain::Result<Envelope> decode_envelope(std::string_view bytes) {
  Reader in(bytes);
  if (in.take(magic.size(), "the header") != magic) {
    return refuse(in.failed() ? in.error() : "not a version-1 envelope");
  }
  Envelope envelope;
  const auto origin = in.take(envelope.origin.size(), "the instance id");
  for (std::size_t i = 0; i < origin.size(); ++i) {
    envelope.origin[i] = static_cast<std::uint8_t>(origin[i]);
  }
  auto& event = envelope.event;
  event.stream.round = in.i64("the round");
  const auto kind = in.u8("the stream kind");
  if (!in.failed() && kind >= domain::stream_kinds.size()) in.fail("unknown stream kind");
  event.stream.kind = static_cast<domain::StreamKind>(kind);
  event.seq = in.i64("the seq");
  if (!in.failed() && event.seq < 1) in.fail("seq below 1");
  const auto flags = in.u8("the flags");
  if (!in.failed() && (flags & ~has_access) != 0) in.fail("unknown flags");
  if (!in.failed() && (flags & has_access)) {
    domain::RoundAccess access;
    access.id = in.i64("the access round");
    const auto phase = in.u8("the phase");
    if (!in.failed() && phase > static_cast<std::uint8_t>(domain::Phase::decided)) {
      in.fail("unknown phase");
    }
    access.phase = static_cast<domain::Phase>(phase);
    const auto round_kind = in.u8("the round kind");
    if (!in.failed() && round_kind > static_cast<std::uint8_t>(domain::RoundKind::bilateral)) {
      in.fail("unknown round kind");
    }
    access.kind = static_cast<domain::RoundKind>(round_kind);
    const auto schedule = in.u8("the schedule flags");
    if (!in.failed() && (schedule & ~(has_opens_at | has_closes_at)) != 0) {
      in.fail("unknown schedule flags");
    }
    if (schedule & has_opens_at) access.opens_at = in.i64("opens_at");
    if (schedule & has_closes_at) access.closes_at = in.i64("closes_at");
    access.proposal_version = in.i64("the proposal version");
    const auto invited = in.u32("the invited count");
    // Checked against what is left before reserving, so a forged count allocates nothing.
    if (!in.failed() && invited > in.remaining() / 8) in.fail("invited count beyond the input");
    if (!in.failed()) {
      access.invited.reserve(invited);
      for (std::uint32_t i = 0; i < invited; ++i) access.invited.push_back(in.i64("invited"));
    }
    event.access_after = std::make_shared<const domain::RoundAccess>(std::move(access));
  }
  const auto frame_size = in.u32("the frame length");
  if (!in.failed() && frame_size != in.remaining()) {
    in.fail(frame_size > in.remaining() ? "truncated frame" : "bytes after the frame");
  }
  const auto frame = in.take(frame_size, "the frame");
  if (in.failed()) return refuse(in.error());
  event.frame = WireFrame::text(frame);
  return envelope;
}

}  // namespace samrad::bus::redis
