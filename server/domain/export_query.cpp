// The filter of round exports (see export_query.hpp).
#include "domain/export_query.hpp"

#include <algorithm>

namespace samrad::domain {

bool matches(const RoundExportQuery& query, const RoundSummary& round) {
  if (query.phase && round.phase != *query.phase) return false;
  if (query.sector &&
      std::find(round.sectors.begin(), round.sectors.end(), *query.sector) == round.sectors.end()) {
    return false;
  }
  if (query.from || query.to) {
    const auto created = parse_timestamp(round.created_at);
    if (!created) return false;
    if (query.from && *created < *query.from) return false;
    if (query.to && *created >= *query.to) return false;
  }
  return true;
}

}  // namespace samrad::domain
