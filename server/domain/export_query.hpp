// What an export of rounds asks for (GET /api/export/rounds): every filter narrows, none set:
// every round the caller may see.
#pragma once

#include <optional>

#include "domain/types.hpp"

namespace samrad::domain {

struct RoundExportQuery {
  std::optional<Phase> phase;
  std::optional<Sector> sector;
  std::optional<Timestamp> from;  // created_at >= from
  std::optional<Timestamp> to;    // created_at < to
};

// Whether the round is one the query asks for (who may see it is asked separately).
bool matches(const RoundExportQuery& query, const RoundSummary& round);

}  // namespace samrad::domain
