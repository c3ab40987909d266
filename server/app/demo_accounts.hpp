// Demo accounts beside the demo data's people: someone invited who has not chosen a password
// yet, and someone deactivated, so the admin's pages show every state at first sight. Made
// through the account handler, like every account change, and so in the audit log too.
#pragma once

#include "store/store.hpp"

namespace samrad::app {

// Adds them to a store that has just got the demo data. Throws std::runtime_error if refused.
void seed_demo_accounts(store::Store& store, domain::Timestamp now);

}  // namespace samrad::app
