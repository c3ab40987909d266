// The HTTP API's account bodies (protocol/README.md "HTTP API": people and organisations,
// sessions, invitation links, the audit log): strict parsing of request bodies and query strings,
// and encoding of answers with their keys in the spec's order. Tested, like the WebSocket codec,
// against protocol/examples/http.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/audit.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::protocol {

// --- requests ---

domain::Result<domain::CreateOrganisation> parse_create_organisation(std::string_view body);
domain::Result<domain::CreatePerson> parse_create_person(std::string_view body);
domain::Result<domain::Role> parse_change_role(std::string_view body);      // {"role"}
domain::Result<std::string> parse_invitation_token(std::string_view body);  // {"token"}

struct AcceptInvitationBody {
  std::string token;
  std::string password;
};
domain::Result<AcceptInvitationBody> parse_accept_invitation(std::string_view body);

// The audit log's filters from a query string's decoded parameters, in their order (a name may
// appear once): action (comma-separated names), actor, round, before (ids), q (text), from and
// to (timestamps), limit (1-500, default 100).
domain::Result<domain::AuditQuery> parse_audit_query(
    const std::vector<std::pair<std::string, std::string>>& parameters);

// --- answers ---

std::string encode_admin_organisations(const std::vector<domain::OrganisationListing>& list);
std::string encode_admin_people(const std::vector<domain::PersonListing>& list);

// What an admin's change did: the organisation or person it concerns, how many sessions it
// ended, and a new invitation link's token (shown once).
struct AccountResult {
  std::optional<domain::OrganisationId> organisation_id = std::nullopt;
  std::optional<domain::PersonId> person_id = std::nullopt;
  std::optional<std::size_t> sessions_ended = std::nullopt;
  std::optional<std::string> invitation_token = std::nullopt;
  std::optional<domain::Timestamp> invitation_expires_at = std::nullopt;
};
std::string encode_account_result(const AccountResult& result);

std::string encode_sessions(const std::vector<domain::SessionRecord>& sessions,
                            domain::SessionId current);

// next_before: the id to ask for the next (older) page with, when there may be one.
std::string encode_audit_entries(const std::vector<domain::AuditEntry>& entries,
                                 std::optional<std::int64_t> next_before);

// Whose an invitation link is: the person (as everywhere) and their email address.
std::string encode_invitation(const domain::PersonRecord& person);

// {"person": ...}: who is logged in (login, who-am-I, an invitation link used).
std::string encode_person(const domain::Person& person);

}  // namespace samrad::protocol
