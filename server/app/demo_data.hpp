// Demo data in Swedish: organisations of every kind, people in each role, and rounds built on
// Tillitsdelegationen's proposals (SOU 2018:47), so the product makes sense at first sight.
#pragma once

#include <iosfwd>

#include "service/record_publisher.hpp"
#include "store/store.hpp"

namespace samrad::app {

inline constexpr const char* demo_password = "samrad-demo";

// Fills an empty store. Throws std::runtime_error if any step is refused.
// The decided round's record goes into the log under records.log_origin.
void seed_demo_data(store::Store& store, domain::Timestamp now,
                    const service::RecordSettings& records);

// The demo logins, one per line, for the console.
void print_demo_logins(std::ostream& out);

}  // namespace samrad::app
