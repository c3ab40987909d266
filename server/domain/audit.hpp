// The audit log's vocabulary: who did what, when and from where. A record is written in the same
// transaction as what it records and is never changed or removed. What a command leaves in the
// log is decided here (audit_of), so every command the command handler carries out is recorded
// the same way, including commands added later; the store only appends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/commands.hpp"
#include "domain/events.hpp"
#include "domain/types.hpp"

namespace samrad::domain {

// Where a request came from: the browser (HTTP or WebSocket), the `samrad admin` command line,
// or the server's own work (automatic close, demo data).
enum class Source { web, cli, server };
std::string_view to_string(Source source) noexcept;
std::optional<Source> source_from(std::string_view text) noexcept;

struct Origin {
  Source source = Source::server;
  // web: the client's IP address; cli: the operating-system user who ran the command.
  std::string address;
};

// One fact of a record, shown as "key: value". Keys are stable names a client translates; values
// are text as they were at the time (a name, a phase, a time).
struct AuditDetail {
  std::string key;
  std::string value;
  friend bool operator==(const AuditDetail&, const AuditDetail&) = default;
};

struct AuditRecord {
  Timestamp at = 0;
  std::string action;  // a command's name (name_of) or one of audit_action below
  // Who acted; none for the operator at the command line, or when nobody is known (a failed
  // login with an unknown email address).
  std::optional<PersonId> actor;
  Origin origin;
  std::optional<RoundId> round;
  // What the action made or changed: "round", "thread", "post", "organisation", "person",
  // "session"; empty when there is no such thing.
  std::string target_kind;
  std::optional<std::int64_t> target_id;
  std::vector<AuditDetail> details;
};

// A record as the audit log is read: its place in the log, and the actor as they are now.
struct AuditEntry {
  std::int64_t id = 0;
  AuditRecord record;
  std::optional<Person> actor;
};

// What the audit log is read by; every filter narrows, none set: everything. Newest first.
struct AuditQuery {
  std::vector<std::string> actions = {};  // any of these
  std::optional<PersonId> actor = std::nullopt;
  std::string text = {};  // in the actor's name or email, the action, the address or the details
  std::optional<RoundId> round = std::nullopt;
  std::optional<Timestamp> from = std::nullopt;       // at >= from
  std::optional<Timestamp> to = std::nullopt;         // at < to
  std::optional<std::int64_t> before = std::nullopt;  // entries older than this id (the next page)
  std::size_t limit = 100;
};
inline constexpr std::size_t max_audit_page = 500;

// The stable names of the actions that are not round commands.
namespace audit_action {
inline constexpr std::string_view login = "login";
inline constexpr std::string_view login_failed = "login_failed";
inline constexpr std::string_view logout = "logout";
inline constexpr std::string_view session_ended = "session_ended";  // by its owner, elsewhere
inline constexpr std::string_view session_expired = "session_expired";
inline constexpr std::string_view organisation_created = "organisation_created";
inline constexpr std::string_view organisation_deactivated = "organisation_deactivated";
inline constexpr std::string_view organisation_activated = "organisation_activated";
inline constexpr std::string_view person_created = "person_created";
inline constexpr std::string_view person_deactivated = "person_deactivated";
inline constexpr std::string_view person_activated = "person_activated";
inline constexpr std::string_view role_changed = "role_changed";
inline constexpr std::string_view invitation_issued = "invitation_issued";
inline constexpr std::string_view invitation_used = "invitation_used";
inline constexpr std::string_view invitation_refused = "invitation_refused";
// Every stream's epoch renewed from the command line (after restoring a backup).
inline constexpr std::string_view epoch_renewed = "epoch_renewed";
}  // namespace audit_action

// The record a carried-out command leaves: the command's name, its round, what its first event
// made or changed, and what that event says (a phase, an organisation, a schedule). Bodies of
// posts and proposals are not copied: the record names the events (stream and seq), which keep
// them.
AuditRecord audit_of(const Person& actor, const Command& command, const std::vector<Event>& events,
                     Timestamp at, const Origin& origin);

}  // namespace samrad::domain
