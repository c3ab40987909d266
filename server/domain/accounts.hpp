// Accounts: organisations and people, who may manage them, one-time invitation links with which a
// person sets their own password, and login sessions. Pure rules over facts the caller reads in
// the transaction that carries the change out (service/account_handler); no I/O, no clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::domain {

using SessionId = std::int64_t;
using InvitationId = std::int64_t;

struct OrganisationRecord {
  Organisation organisation;
  bool active = true;
};

struct PersonRecord {
  Person person;
  bool active = true;
  bool organisation_active = true;
  bool has_password = false;  // false until the person sets one through an invitation link
};

struct InvitationRecord {
  InvitationId id = 0;
  PersonId person = 0;
  Timestamp expires_at = 0;
  std::optional<Timestamp> used_at;
  bool revoked = false;  // replaced by a newer link, or the person was deactivated
};

// A login session as its owner sees it: where and when it was opened and last used.
struct SessionRecord {
  SessionId id = 0;
  PersonId person = 0;
  Timestamp created_at = 0;
  Timestamp last_used_at = 0;
  Timestamp expires_at = 0;           // when it ends unless used again (idle limit), at most:
  Timestamp absolute_expires_at = 0;  // when it ends however much it is used
  std::string user_agent = {};
  std::string address = {};
};

// An active admin of an active organisation: someone who can still manage accounts.
struct AdminSeat {
  PersonId person = 0;
  OrganisationId organisation = 0;
};

// A person as admins see them in the list of people.
struct PersonListing {
  PersonRecord record;
  std::optional<Timestamp> invitation_expires_at;  // an open invitation link
  std::int64_t live_sessions = 0;
};

// An organisation as admins see it, with how many active people it has.
struct OrganisationListing {
  OrganisationRecord record;
  std::int64_t people = 0;
};

// Who manages accounts: an admin in the browser, or the operator who runs `samrad admin` on the
// server's host (none here) and holds the database file anyway.
struct Manager {
  std::optional<Person> person;
};

// Admins manage organisations and people.
bool can_manage_accounts(const Person& person) noexcept;
// The secretariat and admins read the audit log.
bool can_read_audit_log(const Person& person) noexcept;
// A person may log in while they and their organisation are active and they have a password.
bool can_log_in(const PersonRecord& person) noexcept;

inline constexpr std::size_t max_name_bytes = 200;
inline constexpr std::size_t max_email_bytes = 254;
inline constexpr std::size_t min_password_characters = 10;
inline constexpr std::size_t max_password_bytes = 1024;

struct CreateOrganisation {
  std::string name;
  OrganisationKind kind = OrganisationKind::other;
};
struct SetOrganisationActive {
  OrganisationId organisation = 0;
  bool active = false;
};
struct CreatePerson {
  std::string name;
  std::string email;
  Role role = Role::representative;
  OrganisationId organisation = 0;
};
struct SetPersonActive {
  PersonId person = 0;
  bool active = false;
};
struct ChangeRole {
  PersonId person = 0;
  Role role = Role::representative;
};
struct IssueInvitation {
  PersonId person = 0;
};

struct CreateOrganisationFacts {
  bool name_taken = false;
};
struct OrganisationFacts {
  std::optional<OrganisationRecord> organisation;
  std::vector<AdminSeat> active_admins;
};
struct CreatePersonFacts {
  std::optional<OrganisationRecord> organisation;
  bool email_taken = false;
};
struct PersonFacts {
  std::optional<PersonRecord> person;
  std::vector<AdminSeat> active_admins;
};

// Each returns Ok when the change may be made, or the refusal to send back. Checks run in the
// order a person would want them explained: permission, existence, the text, then the state.
Status decide(const Manager& manager, const CreateOrganisation& cmd,
              const CreateOrganisationFacts& facts);
Status decide(const Manager& manager, const SetOrganisationActive& cmd,
              const OrganisationFacts& facts);
Status decide(const Manager& manager, const CreatePerson& cmd, const CreatePersonFacts& facts);
Status decide(const Manager& manager, const SetPersonActive& cmd, const PersonFacts& facts);
Status decide(const Manager& manager, const ChangeRole& cmd, const PersonFacts& facts);
Status decide(const Manager& manager, const IssueInvitation& cmd, const PersonFacts& facts);

// Whether an invitation link may be used at now: it exists, has not been used, is not past its
// time or replaced, and its person may still log in once they have a password.
Status check_invitation(const std::optional<InvitationRecord>& invitation,
                        const std::optional<PersonRecord>& person, Timestamp now);

// A password a person chooses: at least min_password_characters characters (not bytes), at most
// max_password_bytes bytes, not blank.
Status check_new_password(std::string_view password);

// A plausible email address: one "@" with text on both sides, a dot in the domain, no spaces or
// control characters, at most max_email_bytes bytes. Deliverability is the invitation's test.
bool is_plausible_email(std::string_view email) noexcept;

// A person ends one of their own sessions; another person's is answered like a missing one.
Status decide_end_session(const Person& actor, const std::optional<SessionRecord>& session);

}  // namespace samrad::domain
