// Record times (UTC, "2026-11-23T10:15:00.123Z") as a Swede reads them in an export: local time
// in Europe/Stockholm to the minute, "2026-11-23 11:15".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samrad::records {

// Nothing when the text is not a valid UTC timestamp of that exact form.
std::optional<std::string> format_stockholm_time(std::string_view utc_timestamp);

}  // namespace samrad::records
