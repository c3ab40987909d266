// The envelope between instances: what is encoded comes back unchanged (the frame byte for
// byte), and anything else a peer might send — cut short anywhere, bytes flipped, garbage,
// forged counts, unknown versions — is refused with a reason, never read past or crashed on.
#include "bus/redis/envelope.hpp"

#include <gtest/gtest.h>

#include <random>

namespace samrad::bus::redis {
namespace {

using domain::StreamKind;

EncodedEvent event_with_access() {
  domain::RoundAccess access;
  access.id = 42;
  access.phase = domain::Phase::closed;
  access.invited = {7, 9, -3};
  access.kind = domain::RoundKind::bilateral;
  access.opens_at = 1'700'000'000'000;
  access.proposal_version = 3;
  return {.stream = {42, StreamKind::municipal_preparation},
          .seq = 9'000'000'000,
          .frame = bus::WireFrame::text(std::string("{\"type\":\"event\"}\0\xff", 19)),
          .access_after = std::make_shared<const domain::RoundAccess>(access)};
}

EncodedEvent plain_event() {
  return {.stream = {1, StreamKind::main},
          .seq = 1,
          .frame = bus::WireFrame::text("{\"seq\":1}"),
          .access_after = nullptr};
}

TEST(Envelope, RoundTripsEveryField) {
  const auto origin = random_instance_id();
  const auto sent = event_with_access();
  const auto decoded = decode_envelope(encode_envelope(origin, sent));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->origin, origin);
  const auto& got = decoded->event;
  EXPECT_EQ(got.stream, sent.stream);
  EXPECT_EQ(got.seq, sent.seq);
  EXPECT_EQ(got.frame->bytes(), sent.frame->bytes());
  ASSERT_TRUE(got.access_after);
  EXPECT_EQ(got.access_after->id, 42);
  EXPECT_EQ(got.access_after->phase, domain::Phase::closed);
  EXPECT_EQ(got.access_after->invited, (std::vector<domain::OrganisationId>{7, 9, -3}));
  EXPECT_EQ(got.access_after->kind, domain::RoundKind::bilateral);
  EXPECT_EQ(got.access_after->opens_at, std::optional<domain::Timestamp>(1'700'000'000'000));
  EXPECT_FALSE(got.access_after->closes_at);
  EXPECT_EQ(got.access_after->proposal_version, 3);
}

TEST(Envelope, AnEventWithoutAccessChangeStaysWithout) {
  const auto decoded = decode_envelope(encode_envelope(random_instance_id(), plain_event()));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_FALSE(decoded->event.access_after);
  EXPECT_EQ(decoded->event.frame->payload(), "{\"seq\":1}");
}

TEST(Envelope, InstancesHaveDifferentIds) {
  EXPECT_NE(random_instance_id(), random_instance_id());
}

TEST(Envelope, EveryTruncationIsRefused) {
  for (const auto& event : {plain_event(), event_with_access()}) {
    const auto bytes = encode_envelope(random_instance_id(), event);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const auto decoded = decode_envelope(std::string_view(bytes).substr(0, length));
      ASSERT_FALSE(decoded) << "accepted the first " << length << " of " << bytes.size();
      EXPECT_EQ(decoded.error().code, domain::ErrorCode::bad_request);
    }
  }
}

TEST(Envelope, TrailingBytesAreRefused) {
  auto bytes = encode_envelope(random_instance_id(), plain_event());
  bytes.push_back('x');
  const auto decoded = decode_envelope(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("after the frame"), std::string::npos);
}

TEST(Envelope, AnotherVersionIsRefused) {
  auto bytes = encode_envelope(random_instance_id(), plain_event());
  bytes[2] = 2;
  const auto decoded = decode_envelope(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("version-1"), std::string::npos);
}

// Offsets into a version-1 envelope: header 3, instance 16, round 8.
constexpr std::size_t kind_at = 3 + 16 + 8;
constexpr std::size_t seq_at = kind_at + 1;
constexpr std::size_t flags_at = seq_at + 8;

TEST(Envelope, OutOfRangeValuesAreRefused) {
  const auto good = encode_envelope(random_instance_id(), event_with_access());
  const auto refused_with = [&](std::size_t at, char value, const std::string& reason) {
    auto bytes = good;
    bytes[at] = value;
    const auto decoded = decode_envelope(bytes);
    ASSERT_FALSE(decoded) << reason;
    EXPECT_NE(decoded.error().message.find(reason), std::string::npos) << decoded.error().message;
  };
  refused_with(kind_at, 4, "unknown stream kind");
  refused_with(seq_at, '\x80', "seq below 1");  // negative
  refused_with(flags_at, 3, "unknown flags");
  refused_with(flags_at + 1 + 8, 9, "unknown phase");
  refused_with(flags_at + 1 + 8 + 1, 2, "unknown round kind");
  refused_with(flags_at + 1 + 8 + 2, 4, "unknown schedule flags");
}

TEST(Envelope, AForgedInvitedCountAllocatesNothing) {
  auto bytes = encode_envelope(random_instance_id(), event_with_access());
  // The count follows opens_at (8) and the proposal version (8).
  const std::size_t count_at = flags_at + 1 + 8 + 3 + 8 + 8;
  bytes[count_at] = '\xff';
  const auto decoded = decode_envelope(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("invited count"), std::string::npos);
}

TEST(Envelope, GarbageIsRefusedWithoutCrashing) {
  std::mt19937 random(7);
  const auto good = encode_envelope(random_instance_id(), event_with_access());
  int refused = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string bytes;
    if (round % 2 == 0) {
      bytes.resize(random() % 200);
      for (auto& byte : bytes) byte = static_cast<char>(random());
      if (round % 4 == 0 && bytes.size() >= 3) bytes.replace(0, 3, "SB\x01");
    } else {
      bytes = good;
      for (int flips = 0; flips < 3; ++flips) bytes[random() % bytes.size()] ^= 1 << (random() % 8);
    }
    const auto decoded = decode_envelope(bytes);
    if (!decoded) {
      ++refused;
      EXPECT_FALSE(decoded.error().message.empty());
    } else {
      // Whatever got through is a complete, consistent envelope.
      EXPECT_TRUE(decoded->event.frame);
      EXPECT_GE(decoded->event.seq, 1);
    }
  }
  EXPECT_GT(refused, 10'000);
}

}  // namespace
}  // namespace samrad::bus::redis
