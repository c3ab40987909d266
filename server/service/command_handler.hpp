// Carries out one command inside a write transaction: checks the caller's session, reads the
// facts the domain needs, asks the domain, appends the events it decides on, puts the record of
// a round it decides into the transparency log, and records the command in the audit log
// (domain::audit_of). It knows no store: the same code runs on every
// backend.
#pragma once

#include "domain/commands.hpp"
#include "service/caller.hpp"
#include "service/record_publisher.hpp"
#include "store/store.hpp"

namespace samrad::service {

store::Appended carry_out(store::WriteTransaction& tx, const Caller& caller, domain::Timestamp now,
                          const domain::Command& command, const RecordSettings& records);

// Roughly how many bytes the command writes: the batch byte bound of group commit counts these.
std::size_t size_of(const domain::Command& command);

}  // namespace samrad::service
