// Publishing decision records (see record_publisher.hpp).
#include "service/record_publisher.hpp"

#include <nlohmann/json.hpp>
#include <variant>

#include "domain/decision_record.hpp"
#include "records/base64.hpp"
#include "records/canonical_json.hpp"
#include "records/merkle.hpp"

namespace samrad::service {

namespace {

std::string hex(const records::Hash& hash) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(hash.size() * 2);
  for (const auto byte : hash) {
    text.push_back(digits[byte >> 4]);
    text.push_back(digits[byte & 0x0f]);
  }
  return text;
}

void publish(store::WriteTransaction& tx, domain::RoundId round, const RecordSettings& settings,
             domain::Timestamp now) {
  const auto events = tx.stream_events({round, domain::StreamKind::main});
  std::optional<domain::SupersededRecord> supersedes;
  if (const auto previous = tx.latest_record(round)) {
    supersedes = domain::SupersededRecord{previous->log_index, previous->leaf_hash};
  }
  const auto record = domain::build_decision_record(
      {.events = events,
       .log_origin = settings.log_origin,
       .supersedes = supersedes,
       .sha256_hex = [](std::string_view bytes) { return hex(records::sha256(bytes)); }});
  auto canonical = records::canonical_form(record);
  const auto leaf = records::leaf_hash(canonical);
  tx.append_record(
      {.round = round,
       .record = std::move(canonical),
       .leaf_hash = records::encode_base64(leaf),
       .at = now,
       .supersedes = supersedes ? std::optional(supersedes->log_index) : std::nullopt});
}

}  // namespace

void publish_decided_records(store::WriteTransaction& tx, const std::vector<domain::Event>& events,
                             const RecordSettings& settings, domain::Timestamp now) {
  for (const auto& event : events) {
    if (domain::decides(event) || domain::corrects(event)) {
      publish(tx, event.stream.round, settings, now);
    }
  }
}

}  // namespace samrad::service
