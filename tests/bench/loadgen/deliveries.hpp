// What a post carries and what every subscriber got: each post's body holds its key (0, 1, 2 …)
// and the time it was sent, so the generator counts, per subscriber and key, how often the post
// arrived (lost: never, doubled: more than once) and how long it took.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samrad::bench {

// Nanoseconds on the steady clock; senders and receivers share the process.
std::int64_t now_ns();

struct Stamp {
  std::uint32_t key = 0;
  std::int64_t sent_ns = 0;
};

// "bench k=<key> t=<ns> " padded with dots to size bytes (JSON-safe, never blank).
std::string stamped_body(Stamp stamp, std::size_t size);
// The stamp inside a message (a raw body or a JSON event holding one), if any.
std::optional<Stamp> find_stamp(std::string_view message);
// The non-negative integer after "<key>": in a JSON text, if any (no full parse: the generator
// reads hundreds of thousands of events per second).
std::optional<std::uint64_t> number_field(std::string_view message, std::string_view key);
// The string after "<key>":" up to the next quote, if any.
std::optional<std::string_view> string_field(std::string_view message, std::string_view key);

struct LatencySummary {
  double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
  std::size_t samples = 0;
};

LatencySummary summarize(std::vector<std::uint32_t>& micros);

class DeliveryLedger {
 public:
  DeliveryLedger(std::size_t subscribers, std::size_t posts);

  // Counts one arrival; returns false for a key out of range.
  bool record(std::size_t subscriber, Stamp stamp, std::int64_t arrived_ns);

  std::uint64_t first_deliveries() const { return first_deliveries_; }
  std::uint64_t all_deliveries() const { return all_deliveries_; }
  std::int64_t last_arrival_ns() const { return last_arrival_ns_; }
  std::vector<std::uint32_t>& latencies_us() { return latencies_us_; }

  // For the given keys (the acknowledged posts): subscriber-posts never delivered, and
  // deliveries beyond the first.
  std::uint64_t lost(const std::vector<bool>& acknowledged) const;
  std::uint64_t doubled() const;

 private:
  std::size_t subscribers_;
  std::size_t posts_;
  std::vector<std::uint8_t> counts_;  // subscriber-major: counts_[subscriber * posts_ + key]
  std::vector<std::uint32_t> latencies_us_;
  std::uint64_t first_deliveries_ = 0;
  std::uint64_t all_deliveries_ = 0;
  std::int64_t last_arrival_ns_ = 0;
};

}  // namespace samrad::bench
