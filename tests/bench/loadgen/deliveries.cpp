// Post stamps and the delivery ledger (see deliveries.hpp).
#include "deliveries.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

namespace samrad::bench {

namespace {

constexpr std::string_view stamp_prefix = "bench k=";

std::optional<std::uint64_t> leading_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  return value;
}

}  // namespace

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string stamped_body(Stamp stamp, std::size_t size) {
  std::string body(stamp_prefix);
  body += std::to_string(stamp.key) + " t=" + std::to_string(stamp.sent_ns) + " ";
  if (body.size() < size) body.append(size - body.size(), '.');
  return body;
}

std::optional<Stamp> find_stamp(std::string_view message) {
  const auto at = message.find(stamp_prefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = message.substr(at + stamp_prefix.size());
  const auto key = leading_number(rest);
  const auto time_at = rest.find(" t=");
  if (!key || time_at == std::string_view::npos) return std::nullopt;
  const auto sent = leading_number(rest.substr(time_at + 3));
  if (!sent) return std::nullopt;
  return Stamp{static_cast<std::uint32_t>(*key), static_cast<std::int64_t>(*sent)};
}

std::optional<std::uint64_t> number_field(std::string_view message, std::string_view key) {
  std::string pattern = "\"";
  pattern += key;
  pattern += "\":";
  const auto at = message.find(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  return leading_number(message.substr(at + pattern.size()));
}

std::optional<std::string_view> string_field(std::string_view message, std::string_view key) {
  std::string pattern = "\"";
  pattern += key;
  pattern += "\":\"";
  const auto at = message.find(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  const auto start = at + pattern.size();
  const auto end = message.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  return message.substr(start, end - start);
}

LatencySummary summarize(std::vector<std::uint32_t>& micros) {
  LatencySummary summary;
  summary.samples = micros.size();
  if (micros.empty()) return summary;
  const auto at = [&](double quantile) {
    const auto index =
        std::min(micros.size() - 1, static_cast<std::size_t>(quantile * micros.size()));
    std::nth_element(micros.begin(), micros.begin() + index, micros.end());
    return micros[index] / 1000.0;
  };
  summary.p50_ms = at(0.5);
  summary.p99_ms = at(0.99);
  summary.p999_ms = at(0.999);
  summary.max_ms = *std::max_element(micros.begin(), micros.end()) / 1000.0;
  return summary;
}

DeliveryLedger::DeliveryLedger(std::size_t subscribers, std::size_t posts)
    : subscribers_(subscribers), posts_(posts), counts_(subscribers * posts) {
  latencies_us_.reserve(subscribers * posts);
}

bool DeliveryLedger::record(std::size_t subscriber, Stamp stamp, std::int64_t arrived_ns) {
  if (subscriber >= subscribers_ || stamp.key >= posts_) return false;
  auto& count = counts_[subscriber * posts_ + stamp.key];
  if (count < 255) ++count;
  ++all_deliveries_;
  if (count == 1) {
    ++first_deliveries_;
    latencies_us_.push_back(
        static_cast<std::uint32_t>(std::max<std::int64_t>(0, arrived_ns - stamp.sent_ns) / 1000));
  }
  last_arrival_ns_ = arrived_ns;
  return true;
}

std::uint64_t DeliveryLedger::lost(const std::vector<bool>& acknowledged) const {
  std::uint64_t missing = 0;
  for (std::size_t subscriber = 0; subscriber < subscribers_; ++subscriber) {
    for (std::size_t key = 0; key < posts_ && key < acknowledged.size(); ++key) {
      if (acknowledged[key] && counts_[subscriber * posts_ + key] == 0) ++missing;
    }
  }
  return missing;
}

std::uint64_t DeliveryLedger::doubled() const {
  return all_deliveries_ - first_deliveries_;
}

}  // namespace samrad::bench
